--TEST--
loop($timeout) returns 0 after about $timeout when nothing arrives
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$c = mqtt_client();
$c->connect();
$c->subscribe(mqtt_topic('loop-idle'), 1, fn() => print("unexpected\n"));
$c->onMessage(fn() => print("unexpected\n"));
foreach ([0.5, 0.3] as $timeout) {
    $t = microtime(true);
    $n = $c->loop($timeout);
    $elapsed = microtime(true) - $t;
    var_dump($n);
    var_dump(($elapsed >= $timeout - 0.05 && $elapsed < $timeout + 1.0) ?: $elapsed);
}
// loop(0) (the default) does not wait at all
$t = microtime(true);
var_dump($c->loop());
var_dump((microtime(true) - $t) < 0.2);
$c->disconnect();
?>
--EXPECT--
int(0)
bool(true)
int(0)
bool(true)
int(0)
bool(true)
