--TEST--
With 'reconnect' => true, a broker restart fires onDisconnect (with a reason) then onConnect again, and subscriptions are restored
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$broker = new TestBroker();
$topic = mqtt_topic('reconn');
$log = [];
$c = mqtt_client(['reconnect' => true, 'reconnect_delay' => 0.1, 'reconnect_max_delay' => 0.5], $broker->port);
$c->onConnect(function (bool $present) use (&$log) { $log[] = 'connect ' . var_export($present, true); });
$c->onDisconnect(function (?string $reason) use (&$log) {
    $log[] = 'disconnect ' . (is_string($reason) && $reason !== '' ? 'with reason' : var_export($reason, true));
});
$c->connect();
$c->subscribe($topic, 1, function (Mqtt\Message $m) use (&$log) { $log[] = "message {$m->payload}"; });
$c->loop(0.1);
$broker->stop(); // SIGKILL
$deadline = microtime(true) + 3;
while (count($log) < 2 && microtime(true) < $deadline) {
    $c->loop(0.1);
}
$broker->start();
$deadline = microtime(true) + 10;
while (count($log) < 3 && microtime(true) < $deadline) {
    $c->loop(0.1);
}
mqtt_pub($topic, 'after restart', 1, [], $broker->port);
while (count($log) < 4 && microtime(true) < $deadline) {
    $c->loop(0.1);
}
echo implode("\n", $log), "\n";
var_dump($c->isConnected());
$c->disconnect();
?>
--EXPECT--
connect false
disconnect with reason
connect false
message after restart
bool(true)
