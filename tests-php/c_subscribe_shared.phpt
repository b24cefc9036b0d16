--TEST--
A $share/group/filter subscription receives messages and routes them to its callback by the filter part
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$base = mqtt_topic('shared');
$group = 'g' . getmypid();
$log = [];
$c = mqtt_client();
$c->connect();
$c->onMessage(function (Mqtt\Message $m) use (&$log, $base) { $log[] = 'onMessage ' . str_replace($base, 'B', $m->topic); });
var_dump($c->subscribe("\$share/$group/$base/s/+", 1, function (Mqtt\Message $m) use (&$log, $base) {
    $log[] = 'shared ' . str_replace($base, 'B', $m->topic) . ' ' . $m->payload;
}));
mqtt_pub("$base/s/1", 'p1', 1);
mqtt_pub("$base/s/2", 'p2', 1);
$deadline = microtime(true) + 5;
while (count($log) < 2 && microtime(true) < $deadline) {
    $c->loop(0.2);
}
echo implode("\n", $log), "\n";
$c->disconnect();
?>
--EXPECT--
int(1)
shared B/s/1 p1
shared B/s/2 p2
