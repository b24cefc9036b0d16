--TEST--
A pcntl SIGALRM handler calling exitLoop() ends loopForever() about when the alarm fires
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
$c->subscribe(mqtt_topic('sigalrm'), 1, fn() => print("unexpected message\n"));
pcntl_async_signals(true);
$fired = 0;
pcntl_signal(SIGALRM, function () use ($c, &$fired) { $fired++; $c->exitLoop(); });
pcntl_alarm(1);
$t = microtime(true);
$c->loopForever();
$elapsed = microtime(true) - $t;
var_dump($fired);
var_dump(($elapsed > 0.8 && $elapsed < 2.5) ?: $elapsed);
var_dump($c->isConnected());
$c->disconnect();
?>
--EXPECT--
int(1)
bool(true)
bool(true)
