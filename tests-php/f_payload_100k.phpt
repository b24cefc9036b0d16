--TEST--
A 100 KiB payload published at QoS 1 arrives intact at a subscribed Mqtt\Client
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('big');
$opts = ['timeout' => 5.0, 'connect_timeout' => 2.0];
$sub = mqtt_client($opts);
$sub->connect();
var_dump($sub->subscribe($topic, 1));
$pub = mqtt_client($opts);
$pub->connect();
$payload = '';
for ($i = 0; strlen($payload) < 100 * 1024; $i++) { $payload .= sprintf("%08d|", $i) . md5((string)$i); }
$payload = substr($payload, 0, 100 * 1024);
var_dump($pub->publish($topic, $payload, 1) > 0);
$m = $sub->receive(5.0);
var_dump($m instanceof Mqtt\Message);
var_dump($m->topic === $topic);
var_dump(strlen($m->payload));
var_dump($m->payload === $payload);
var_dump($m->qos);
$pub->disconnect();
$sub->disconnect();
?>
--EXPECT--
int(1)
bool(true)
bool(true)
bool(true)
int(102400)
bool(true)
int(1)
