--TEST--
mqtt.persistent_max=1: a second, different persistent connection is refused naming the setting; an equal persistent client reuses the open one
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--INI--
mqtt.persistent_max=1
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$log = tempnam(sys_get_temp_dir(), 'mqtt-broker-log');
$broker = new TestBroker([], null, $log);
$idA = 'p-max-a-' . getmypid();
$idB = 'p-max-b-' . getmypid();
$opts = ['persistent' => true, 'timeout' => 3.0, 'connect_timeout' => 3.0];
$topic = mqtt_topic('pmax');

$a = new Mqtt\Client('127.0.0.1', $broker->port, $opts + ['client_id' => $idA]);
$a->connect();
var_dump($a->publish($topic, 'a', 1) > 0);
unset($a); // destroying a persistent client keeps its connection open: it still counts

$b = new Mqtt\Client('127.0.0.1', $broker->port, $opts + ['client_id' => $idB]);
try {
    $b->connect();
    echo "second persistent connection opened?!\n";
} catch (Mqtt\ConnectionException $e) {
    echo 'ConnectionException naming mqtt.persistent_max: ', var_export(str_contains($e->getMessage(), 'mqtt.persistent_max'), true), "\n";
}
var_dump($b->isConnected());

$again = new Mqtt\Client('127.0.0.1', $broker->port, $opts + ['client_id' => $idA]);
$again->connect();
var_dump($again->isConnected());
var_dump($again->publish($topic, 'again', 1) > 0);
$again->disconnect();

$broker->stop(true); // flushes its log
$text = (string)file_get_contents($log);
echo "broker connections as A: ", preg_match_all('/New client connected .* as ' . preg_quote($idA, '/') . '\b/', $text), "\n";
echo "broker connections as B: ", preg_match_all('/New client connected .* as ' . preg_quote($idB, '/') . '\b/', $text), "\n";
@unlink($log);
?>
--EXPECT--
bool(true)
ConnectionException naming mqtt.persistent_max: true
bool(false)
bool(true)
bool(true)
broker connections as A: 1
broker connections as B: 0
