--TEST--
publish(), subscribe(), loop() and receive() before connect() throw Mqtt\ConnectionException; disconnect() is harmless
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$c = mqtt_client(['timeout' => 2.0, 'connect_timeout' => 2.0]);
$topic = mqtt_topic('early');
foreach ([
    'publish qos 0' => fn() => $c->publish($topic, 'x', 0),
    'publish qos 1' => fn() => $c->publish($topic, 'x', 1),
    'publishAsync' => fn() => $c->publishAsync($topic, 'x', 1),
    'subscribe' => fn() => $c->subscribe($topic, 1),
    'unsubscribe' => fn() => $c->unsubscribe($topic),
    'loop' => fn() => $c->loop(0.1),
    'receive' => fn() => $c->receive(0.1),
] as $what => $call) {
    $t = microtime(true);
    try {
        $call();
        echo "$what: no exception?!\n";
    } catch (Mqtt\ConnectionException $e) {
        printf("%s: %s%s\n", $what, get_class($e), microtime(true) - $t < 0.5 ? '' : ' (slow)');
    }
}
$c->disconnect();
var_dump($c->isConnected());
// And after connect() it works.
$c->connect();
var_dump($c->publish($topic, 'x', 1) > 0);
$c->disconnect();
?>
--EXPECT--
publish qos 0: Mqtt\ConnectionException
publish qos 1: Mqtt\ConnectionException
publishAsync: Mqtt\ConnectionException
subscribe: Mqtt\ConnectionException
unsubscribe: Mqtt\ConnectionException
loop: Mqtt\ConnectionException
receive: Mqtt\ConnectionException
bool(false)
bool(true)
