--TEST--
What cannot fit in an MQTT packet (topic, packet id and header included) is a \ValueError before anything is sent; the connection stays usable
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--INI--
memory_limit=1G
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$c = mqtt_client();
$c->connect();
// 256 MiB is the largest packet the client sends; a payload of exactly that cannot fit with
// its header, nor can one 8 bytes short once topic, packet id and header are counted.
foreach ([268435456, 268435456 - 8] as $size) {
    $payload = str_repeat('x', $size);
    try {
        $c->publish('t', $payload, 1);
        echo "$size: published?!\n";
    } catch (\ValueError $e) {
        echo "$size: ValueError: ", $e->getMessage(), "\n";
    }
    unset($payload);
}
var_dump($c->publish(mqtt_topic('after-limit'), 'small', 1) > 0);
$c->loop(0.1);
echo "reconnects: ", $c->stats()['reconnects'], "\n";
$c->disconnect();
?>
--EXPECTF--
268435456: ValueError: the message does not fit in an MQTT packet: %s
268435448: ValueError: the message is 268435458 bytes as an MQTT packet (topic and header included), more than max_packet_size (268435456 bytes)
bool(true)
reconnects: 0
