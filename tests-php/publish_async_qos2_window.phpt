--TEST--
publishAsync(): 500 QoS 2 publishes in flight are all delivered (never past mosquitto's 20-message QoS 2 limit)
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('async-qos2');
$n = 500;
$sub = mqtt_sub_start($topic, $n, 0, [], 30);
$c = mqtt_client(['timeout' => 20.0]);
$c->connect();
$acked = 0;
$c->onPublish(function (int $mid) use (&$acked) { $acked++; });
for ($i = 1; $i <= $n; $i++) {
    $c->publishAsync($topic, (string)$i, 2);
}
var_dump($c->flush());
echo "onPublish calls: $acked\n";
$lines = mqtt_sub_wait($sub);
echo "delivered: ", count($lines), ", distinct: ", count(array_unique($lines)), "\n";
var_dump($c->stats()['inflight']);
?>
--EXPECT--
int(500)
onPublish calls: 500
delivered: 500, distinct: 500
int(0)
