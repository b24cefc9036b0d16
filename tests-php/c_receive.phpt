--TEST--
receive() returns the next message as an Mqtt\Message without running callbacks, and null on timeout
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('receive');
$c = mqtt_client();
$c->connect();
$c->onMessage(fn() => print("onMessage must not run\n"));
$c->subscribe($topic, 1, fn() => print("callback must not run\n"));
mqtt_pub($topic, 'first', 1);
mqtt_pub($topic, 'second', 0);
$m = $c->receive(5.0);
var_dump($m instanceof Mqtt\Message, $m->topic === $topic, $m->payload, $m->qos, $m->retain, $m->mid > 0);
$m = $c->receive(5.0);
var_dump($m->payload, $m->qos);
$t = microtime(true);
var_dump($c->receive(0.3));
$elapsed = microtime(true) - $t;
var_dump(($elapsed >= 0.25 && $elapsed < 1.5) ?: $elapsed);
$c->disconnect();
?>
--EXPECT--
bool(true)
bool(true)
string(5) "first"
int(1)
bool(false)
bool(true)
string(6) "second"
int(0)
NULL
bool(true)
