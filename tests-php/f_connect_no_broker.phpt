--TEST--
connect() to a port where nothing listens throws Mqtt\ConnectionException within connect_timeout
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$port = mqtt_free_port();
$c = new Mqtt\Client('127.0.0.1', $port, ['connect_timeout' => 2.0, 'timeout' => 2.0]);
$t = microtime(true);
try {
    $c->connect();
    echo "connected?!\n";
} catch (Mqtt\ConnectionException $e) {
    echo get_class($e), "\n";
    var_dump($e->getMessage() !== '');
}
$elapsed = microtime(true) - $t;
var_dump($elapsed < 2.0 + 0.5);
var_dump($c->isConnected());
// A second attempt fails the same way rather than hanging or crashing.
try {
    $c->connect();
} catch (Mqtt\ConnectionException $e) {
    echo "again: ", get_class($e), "\n";
}
?>
--EXPECT--
Mqtt\ConnectionException
bool(true)
bool(true)
bool(false)
again: Mqtt\ConnectionException
