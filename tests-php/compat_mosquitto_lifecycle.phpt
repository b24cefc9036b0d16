--TEST--
Mosquitto\Client: onDisconnect(0) on disconnect() and on destruction, loopForever() ended by disconnect() and exitLoop(), onLog levels
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$c = new Mosquitto\Client();
$c->onDisconnect(function ($rc) { echo "destroyed: onDisconnect($rc)\n"; });
$c->connect(mqtt_host(), mqtt_port());
$c->loop(100);
unset($c);
echo "after unset\n";

// disconnect() from a callback ends loopForever().
$c = new Mosquitto\Client();
$c->onConnect(function ($rc, $msg) use ($c) { echo "connect $rc\n"; $c->disconnect(); });
$c->onDisconnect(function ($rc) { echo "disconnect $rc\n"; });
$levels = [];
$c->onLog(function ($level, $line) use (&$levels) { $levels[$level] = is_string($line); });
$c->connect(mqtt_host(), mqtt_port());
$c->loopForever();
echo "loopForever returned\n";
var_dump(array_diff(array_keys($levels), [MOSQ_LOG_INFO, MOSQ_LOG_NOTICE, MOSQ_LOG_WARNING, MOSQ_LOG_ERR, MOSQ_LOG_DEBUG]) === [], count($levels) > 0);

// exitLoop() leaves the connection open.
$c = new Mosquitto\Client();
$c->onConnect(function () use ($c) { $c->exitLoop(); });
$c->connect(mqtt_host(), mqtt_port());
$c->loopForever();
var_dump($c->publish(mqtt_topic('mosq-life'), 'still open', 1));

// An exception from a callback leaves the loop.
$c->onPublish(function ($mid) { throw new RuntimeException("from onPublish($mid)"); });
try { $c->loopForever(); } catch (RuntimeException $e) { echo $e->getMessage(), "\n"; }
$c->onPublish(function () {});
$c->disconnect();
try { $c->loopForever(); } catch (Mosquitto\Exception $e) { echo $e->getMessage(), "\n"; }
?>
--EXPECT--
destroyed: onDisconnect(0)
after unset
connect 0
disconnect 0
loopForever returned
bool(true)
bool(true)
int(1)
from onPublish(1)
The client is not currently connected.
