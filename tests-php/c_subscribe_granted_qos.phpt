--TEST--
subscribe() blocks until SUBACK and returns the QoS the broker granted
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$c = mqtt_client();
$c->connect();
var_dump($c->subscribe(mqtt_topic('granted/0'), 0));
var_dump($c->subscribe(mqtt_topic('granted/1'), 1));
var_dump($c->subscribe(mqtt_topic('granted/2'), 2));
var_dump($c->subscribe(mqtt_topic('granted/+/#'), 1, fn() => null));
$c->disconnect();
?>
--EXPECT--
int(0)
int(1)
int(2)
int(1)
