--TEST--
publish() at QoS 0, 1 and 2: each message reaches mosquitto_sub exactly once
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('qos');
$sub = mqtt_sub_start($topic, 3, extra: ['-v']);
$c = mqtt_client();
$c->connect();
var_dump($c->publish($topic, 'zero', 0));
var_dump($c->publish($topic, 'one', 1) > 0);
var_dump($c->publish($topic, 'two', 2) > 0);
$lines = mqtt_sub_wait($sub);
sort($lines);
echo implode("\n", str_replace($topic, 'T', $lines)), "\n";
$c->disconnect();
?>
--EXPECT--
int(0)
bool(true)
bool(true)
T one
T two
T zero
