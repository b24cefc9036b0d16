--TEST--
A message larger than max_packet_size ends the connection with a clear error in onDisconnect and from the next blocking call, instead of a silent reconnect loop
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('oversized');
$c = mqtt_client(['max_packet_size' => 65536]);
$errors = [];
$c->onDisconnect(function (?string $e) use (&$errors) { $errors[] = $e; });
$c->connect();
$c->subscribe($topic, 1);
mqtt_pub($topic, str_repeat('x', 100000), 1);
$end = microtime(true) + 2.0;
while (microtime(true) < $end) {
    try {
        $c->loop(0.1);
    } catch (Mqtt\Exception $e) {
        echo "loop: ", get_class($e), ": ", $e->getMessage(), "\n";
        break;
    }
}
echo "onDisconnect: ", count($errors), " ", $errors[0] ?? 'none', "\n";
try {
    $c->publish($topic, 'x', 1);
} catch (Mqtt\Exception $e) {
    echo "publish: ", get_class($e), ": ", $e->getMessage(), "\n";
}
echo "reconnects: ", $c->stats()['reconnects'], "\n";
?>
--EXPECTF--
loop: Mqtt\ConnectionException: the connection was closed: the broker sent a %d-byte packet, larger than max_packet_size (65536 bytes); the connection was closed, raise max_packet_size to receive it
onDisconnect: 1 the broker sent a %d-byte packet, larger than max_packet_size (65536 bytes); the connection was closed, raise max_packet_size to receive it
publish: Mqtt\ConnectionException: the connection was closed: the broker sent a %d-byte packet, larger than max_packet_size (65536 bytes); the connection was closed, raise max_packet_size to receive it
reconnects: 0
