--TEST--
receive() without an argument waits the client's 'timeout' option, then returns null
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$c = mqtt_client(['timeout' => 0.5]);
$c->connect();
$c->subscribe(mqtt_topic('receive-default'), 1);
$t = microtime(true);
var_dump($c->receive());
$elapsed = microtime(true) - $t;
var_dump(($elapsed >= 0.45 && $elapsed < 2.0) ?: $elapsed);
$c->disconnect();
?>
--EXPECT--
NULL
bool(true)
