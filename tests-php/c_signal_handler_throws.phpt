--TEST--
An exception thrown by a pcntl signal handler comes out of loopForever()
--SKIPIF--
<?php
require __DIR__ . '/lib/skipif.inc';
if (!function_exists('pcntl_alarm') || !function_exists('posix_kill')) die('skip pcntl and posix needed');
?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$c = mqtt_client();
$c->connect();
$c->subscribe(mqtt_topic('sigthrow'), 1, fn() => print("unexpected message\n"));
pcntl_async_signals(true);
pcntl_signal(SIGALRM, function () { throw new LogicException('thrown by the SIGALRM handler'); });
pcntl_alarm(1);
$t = microtime(true);
try {
    $c->loopForever();
    echo "loopForever returned\n";
} catch (LogicException $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
$elapsed = microtime(true) - $t;
var_dump(($elapsed > 0.8 && $elapsed < 2.5) ?: $elapsed);
// The client is still usable.
var_dump($c->isConnected());
var_dump($c->loop(0.1));
$c->disconnect();
?>
--EXPECT--
LogicException: thrown by the SIGALRM handler
bool(true)
bool(true)
int(0)
