--TEST--
Messages matching a per-subscription callback go to it only; messages matching no callback go to onMessage
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$base = mqtt_topic('fallback');
$log = [];
$c = mqtt_client();
$c->connect();
$c->onMessage(function (Mqtt\Message $m) use (&$log, $base) { $log[] = 'onMessage ' . str_replace($base, 'B', $m->topic) . ' ' . $m->payload; });
$c->subscribe("$base/cb/+", 1, function (Mqtt\Message $m) use (&$log, $base) { $log[] = 'callback ' . str_replace($base, 'B', $m->topic) . ' ' . $m->payload; });
$c->subscribe("$base/plain/#", 1); // no callback: its messages go to onMessage
mqtt_pub("$base/cb/1", 'one', 1);
mqtt_pub("$base/plain/x", 'two', 1);
mqtt_pub("$base/cb/2", 'three', 1);
mqtt_pub("$base/plain/y/z", 'four', 1);
$deadline = microtime(true) + 5;
while (count($log) < 4 && microtime(true) < $deadline) {
    $c->loop(0.2);
}
$c->loop(0.3); // nothing more (no message is handled twice)
echo implode("\n", $log), "\n";
$c->disconnect();
?>
--EXPECT--
callback B/cb/1 one
onMessage B/plain/x two
callback B/cb/2 three
onMessage B/plain/y/z four
