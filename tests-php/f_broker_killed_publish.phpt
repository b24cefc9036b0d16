--TEST--
Broker killed (SIGKILL) while connected: the next QoS 1 publish throws an Mqtt\Exception within timeout
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$broker = new TestBroker();
$timeout = 2.0;
$c = new Mqtt\Client('127.0.0.1', $broker->port, ['timeout' => $timeout, 'connect_timeout' => 2.0, 'reconnect_delay' => 0.05]);
$c->connect();
$topic = mqtt_topic('killed');
var_dump($c->publish($topic, 'before', 1) > 0);
$broker->stop(); // SIGKILL: no DISCONNECT, the socket is just closed by the kernel
$t = microtime(true);
try {
    $c->publish($topic, 'after', 1);
    echo "published?!\n";
} catch (Mqtt\ConnectionException | Mqtt\TimeoutException $e) {
    echo "caught ", $e instanceof Mqtt\Exception ? 'an Mqtt\Exception' : get_class($e), "\n";
}
$elapsed = microtime(true) - $t;
echo 'within timeout + 1 s: ', var_export($elapsed < $timeout + 1.0, true), "\n";
// With nothing to reconnect to, the client is not connected, and saying so does not block.
$t = microtime(true);
var_dump($c->isConnected());
var_dump(microtime(true) - $t < 0.5);
?>
--EXPECT--
bool(true)
caught an Mqtt\Exception
within timeout + 1 s: true
bool(false)
bool(true)
