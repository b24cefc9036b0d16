--TEST--
loop() dispatches what has already arrived without waiting and returns how many callbacks ran
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('loopcount');
$got = [];
$c = mqtt_client();
$c->connect();
$c->subscribe("$topic/cb", 1, function (Mqtt\Message $m) use (&$got) { $got[] = $m->payload; });
$c->subscribe("$topic/other", 1);
$c->onMessage(function (Mqtt\Message $m) use (&$got) { $got[] = "other:" . $m->payload; });
mqtt_pub("$topic/cb", 'a', 1);
mqtt_pub("$topic/cb", 'b', 1);
mqtt_pub("$topic/other", 'c', 1);
// Until all three are in the inbox (stats() only reads counters, it runs no callback).
mqtt_wait_until(fn () => $c->stats()['queued'] >= 3);
$t = microtime(true);
var_dump($c->loop(5.0));
$elapsed = microtime(true) - $t;
var_dump($elapsed < 1.0 ?: $elapsed);
echo implode(',', $got), "\n";
$c->disconnect();
?>
--EXPECT--
int(3)
bool(true)
a,b,other:c
