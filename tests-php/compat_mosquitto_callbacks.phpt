--TEST--
Mosquitto\Client: mids count from 1, callbacks run in loop() in order with the original's arguments
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('mosq-cb');
$c = new Mosquitto\Client();
$events = [];
$c->onConnect(function ($rc, $msg) use (&$events) { $events[] = "connect $rc $msg"; });
$c->onSubscribe(function (...$a) use (&$events) { $events[] = 'subscribe ' . implode(',', $a); });
$c->onUnsubscribe(function (...$a) use (&$events) { $events[] = 'unsubscribe ' . implode(',', $a); });
$c->onPublish(function (...$a) use (&$events) { $events[] = 'publish ' . implode(',', $a); });
$c->onMessage(function ($m) use (&$events) {
    $events[] = sprintf('message %s %s q%d r%d mid>0:%d', get_class($m), $m->payload, $m->qos, (int)$m->retain, (int)($m->mid > 0));
});
$c->onDisconnect(function (...$a) use (&$events) { $events[] = 'disconnect ' . implode(',', $a); });
var_dump($c->connect(mqtt_host(), mqtt_port()));
var_dump($c->subscribe("$topic/#", 2));
var_dump($events); // nothing before loop()
var_dump($c->publish("$topic/a", 'q0', 0), $c->publish("$topic/a", 'q1', 1), $c->publish("$topic/a", 'q2', 2));
$deadline = microtime(true) + 5;
while (count($events) < 8 && microtime(true) < $deadline) { $c->loop(100); }
var_dump($c->unsubscribe("$topic/#"));
$deadline = microtime(true) + 5;
while (count($events) < 9 && microtime(true) < $deadline) { $c->loop(100); }
$c->disconnect();
// Completions come in the order the broker answers: only onConnect is certainly first.
$first = array_slice($events, 0, 1);
$rest = array_slice($events, 1);
sort($rest);
print_r($first);
print_r($rest);
?>
--EXPECT--
int(0)
int(1)
array(0) {
}
int(2)
int(3)
int(4)
int(5)
Array
(
    [0] => connect 0 Connection Accepted.
)
Array
(
    [0] => disconnect 0
    [1] => message Mosquitto\Message q0 q0 r0 mid>0:0
    [2] => message Mosquitto\Message q1 q1 r0 mid>0:1
    [3] => message Mosquitto\Message q2 q2 r0 mid>0:1
    [4] => publish 2
    [5] => publish 3
    [6] => publish 4
    [7] => subscribe 1,1,2
    [8] => unsubscribe 5
)
