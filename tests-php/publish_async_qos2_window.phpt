--TEST--
publishAsync(): 500 QoS 2 publishes in flight are all delivered (never past mosquitto's 20-message QoS 2 limit)
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('async-qos2');
$n = 500;
$out = tempnam(sys_get_temp_dir(), 'mqtt-sub');
$sub = proc_open(['mosquitto_sub', '-h', '127.0.0.1', '-p', (string)mqtt_port(), '-t', $topic, '-C', (string)$n, '-W', '30', '-q', '2'],
    [1 => ['file', $out, 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
usleep(300000);
$c = mqtt_client(['timeout' => 20.0]);
$c->connect();
$acked = 0;
$c->onPublish(function (int $mid) use (&$acked) { $acked++; });
for ($i = 1; $i <= $n; $i++) {
    $c->publishAsync($topic, (string)$i, 2);
}
var_dump($c->flush());
echo "onPublish calls: $acked\n";
proc_close($sub);
$lines = file($out, FILE_IGNORE_NEW_LINES);
echo "delivered: ", count($lines), ", distinct: ", count(array_unique($lines)), "\n";
var_dump($c->stats()['inflight']);
unlink($out);
?>
--EXPECT--
int(500)
onPublish calls: 500
delivered: 500, distinct: 500
int(0)
