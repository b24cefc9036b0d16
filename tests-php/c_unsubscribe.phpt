--TEST--
unsubscribe() stops delivery: later messages reach neither the callback nor onMessage
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('unsub');
$marker = mqtt_topic('unsub-marker');
$log = [];
$c = mqtt_client();
$c->connect();
$c->onMessage(function (Mqtt\Message $m) use (&$log) { $log[] = "onMessage {$m->payload}"; });
$c->subscribe($topic, 1, function (Mqtt\Message $m) use (&$log) { $log[] = "callback {$m->payload}"; });
$c->subscribe($marker, 1, function (Mqtt\Message $m) use (&$log) { $log[] = "marker {$m->payload}"; });
mqtt_pub($topic, 'before', 1);
$deadline = microtime(true) + 5;
while (count($log) < 1 && microtime(true) < $deadline) {
    $c->loop(0.2);
}
var_dump($c->unsubscribe($topic));
mqtt_pub($topic, 'after', 1);
// The broker sends in order: once the marker is here, 'after' would have been too.
mqtt_pub($marker, 'm', 1);
while (count($log) < 2 && microtime(true) < $deadline) {
    $c->loop(0.2);
}
$c->loop(0.3);
echo implode("\n", $log), "\n";
$c->disconnect();
?>
--EXPECT--
NULL
callback before
marker m
