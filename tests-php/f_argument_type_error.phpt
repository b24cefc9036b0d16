--TEST--
Arguments of the wrong type are a \TypeError (publish([], 'x'), publish('t', []), options not an array, ...)
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$c = mqtt_client(['timeout' => 2.0, 'connect_timeout' => 2.0]);
$c->connect();
$topic = mqtt_topic('types');
foreach ([
    "publish([], 'x')" => fn() => $c->publish([], 'x'),
    "publish('t', [])" => fn() => $c->publish($topic, []),
    "publish('t', new stdClass)" => fn() => $c->publish($topic, new stdClass),
    "publish('t', 'x', 'one')" => fn() => $c->publish($topic, 'x', 'one'),
    "publish('t', 'x', 0, false, 'props')" => fn() => $c->publish($topic, 'x', 0, false, 'props'),
    "publishAsync(null, 'x')" => fn() => $c->publishAsync(null, 'x'),
    "subscribe([])" => fn() => $c->subscribe([]),
    "subscribe('t', 0, 'no_such_function')" => fn() => $c->subscribe($topic, 0, 'no_such_function_xyz'),
    "onMessage(42)" => fn() => $c->onMessage(42),
    "receive('soon')" => fn() => $c->receive('soon'),
    "new Client([])" => fn() => new Mqtt\Client([]),
    "new Client('h', 'port')" => fn() => new Mqtt\Client('127.0.0.1', 'port'),
    "new Client('h', 1883, 'opts')" => fn() => new Mqtt\Client('127.0.0.1', 1883, 'opts'),
    "new Message([])" => fn() => new Mqtt\Message([]),
] as $what => $call) {
    try {
        $call();
        echo "$what: accepted?!\n";
    } catch (\TypeError $e) {
        echo "$what: TypeError\n";
    }
}
var_dump($c->publish($topic, 'still fine', 1) > 0);
$c->disconnect();
?>
--EXPECT--
publish([], 'x'): TypeError
publish('t', []): TypeError
publish('t', new stdClass): TypeError
publish('t', 'x', 'one'): TypeError
publish('t', 'x', 0, false, 'props'): TypeError
publishAsync(null, 'x'): TypeError
subscribe([]): TypeError
subscribe('t', 0, 'no_such_function'): TypeError
onMessage(42): TypeError
receive('soon'): TypeError
new Client([]): TypeError
new Client('h', 'port'): TypeError
new Client('h', 1883, 'opts'): TypeError
new Message([]): TypeError
bool(true)
