--TEST--
qos outside 0..2 (3, -1) is a \ValueError for publish(), publishAsync(), subscribe() and the will
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$c = mqtt_client(['timeout' => 2.0, 'connect_timeout' => 2.0]);
$c->connect();
$topic = mqtt_topic('qos');
foreach ([3, -1, 255, PHP_INT_MAX] as $qos) {
    foreach ([
        'publish' => fn() => $c->publish($topic, 'x', $qos),
        'publishAsync' => fn() => $c->publishAsync($topic, 'x', $qos),
        'subscribe' => fn() => $c->subscribe($topic, $qos),
        'will' => fn() => new Mqtt\Client('127.0.0.1', 1883, ['will' => ['topic' => $topic, 'payload' => 'x', 'qos' => $qos]]),
    ] as $m => $call) {
        try {
            $call();
            echo "$m qos $qos: accepted?!\n";
        } catch (\ValueError $e) {
            echo "$m qos $qos: ValueError", str_contains($e->getMessage(), 'qos') ? ' naming qos' : '', "\n";
        }
    }
}
var_dump($c->publish($topic, 'x', 2) > 0);
$c->disconnect();
?>
--EXPECT--
publish qos 3: ValueError naming qos
publishAsync qos 3: ValueError naming qos
subscribe qos 3: ValueError naming qos
will qos 3: ValueError naming qos
publish qos -1: ValueError naming qos
publishAsync qos -1: ValueError naming qos
subscribe qos -1: ValueError naming qos
will qos -1: ValueError naming qos
publish qos 255: ValueError naming qos
publishAsync qos 255: ValueError naming qos
subscribe qos 255: ValueError naming qos
will qos 255: ValueError naming qos
publish qos 9223372036854775807: ValueError naming qos
publishAsync qos 9223372036854775807: ValueError naming qos
subscribe qos 9223372036854775807: ValueError naming qos
will qos 9223372036854775807: ValueError naming qos
bool(true)
