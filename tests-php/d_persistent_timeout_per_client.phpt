--TEST--
A reused persistent connection keeps each client's own timeout (timeout belongs to the client object, not the shared connection)
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$broker = new TestBroker();
$first = new Mqtt\Client('127.0.0.1', $broker->port, ['persistent' => 'k', 'timeout' => 1.0]);
$first->connect();
$second = new Mqtt\Client('127.0.0.1', $broker->port, ['persistent' => 'k', 'timeout' => 3.0]);
$second->connect();
$broker->stop();

foreach (['first (1.0 s)' => $first, 'second (3.0 s)' => $second] as $name => $client) {
    $t = microtime(true);
    try {
        $client->publish('t', 'x', 1);
        echo "$name: published?!\n";
    } catch (Mqtt\Exception $e) {
        printf("%s: %s after %.0f s\n", $name, get_class($e), round(microtime(true) - $t));
    }
}
?>
--EXPECT--
first (1.0 s): Mqtt\TimeoutException after 1 s
second (3.0 s): Mqtt\TimeoutException after 3 s
