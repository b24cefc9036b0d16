--TEST--
Mosquitto\Client: subclassable, not cloneable; a subclass that skips parent::__construct() gets exceptions, not a crash; a client captured by its own callback is freed
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
class MyClient extends Mosquitto\Client {
    public array $log = [];
    public function __construct() {
        parent::__construct('compat-subclass');
        $this->onConnect([$this, 'connected']);
    }
    public function connected($rc, $msg) { $this->log[] = "$rc $msg"; $this->exitLoop(); }
}
$c = new MyClient();
$c->connect(mqtt_host(), mqtt_port());
$c->loopForever();
print_r($c->log);
var_dump($c instanceof Mosquitto\Client);
try { $d = clone $c; } catch (Error $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
$c->disconnect();

class Broken extends Mosquitto\Client { public function __construct() {} }
$b = new Broken();
foreach (['getSocket', 'exitLoop', 'disconnect'] as $m) {
    try { $b->$m(); echo "$m: no exception\n"; } catch (Throwable $e) { echo "$m: ", get_class($e), "\n"; }
}
try { $b->connect(mqtt_host(), mqtt_port()); } catch (Throwable $e) { echo "connect: ", get_class($e), "\n"; }
unset($b);

// A cycle through the callback: freed by the collector, and the connection with it.
$gone = false;
$x = new Mosquitto\Client();
$x->onMessage(function () use ($x) {});
$x->onDisconnect(function ($rc) use (&$gone) { $gone = "onDisconnect($rc)"; });
$x->connect(mqtt_host(), mqtt_port());
unset($x);
gc_collect_cycles();
var_dump($gone);
?>
--EXPECTF--
Array
(
    [0] => 0 Connection Accepted.
)
bool(true)
Error: Trying to clone an uncloneable object of class MyClient
getSocket: Exception
exitLoop: Exception
disconnect: Exception
connect: Exception
string(15) "onDisconnect(0)"
