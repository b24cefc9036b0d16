--TEST--
Persistent client: disconnect() really closes the connection and frees its mqtt.persistent_max slot; the next equal client connects anew
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--INI--
mqtt.persistent_max=1
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$broker = mqtt_logging_broker($log);
$idA = 'p-free-a-' . getmypid();
$idB = 'p-free-b-' . getmypid();
$opts = ['persistent' => true, 'timeout' => 3.0, 'connect_timeout' => 3.0];

$a = new Mqtt\Client('127.0.0.1', $broker->port, $opts + ['client_id' => $idA]);
$a->connect();
$a->disconnect();
var_dump($a->isConnected());

// The slot is free again: a different persistent connection is allowed.
$b = new Mqtt\Client('127.0.0.1', $broker->port, $opts + ['client_id' => $idB]);
$b->connect();
var_dump($b->isConnected());
$b->disconnect();

// And an equal client does not get the closed connection back: it connects again.
$a = new Mqtt\Client('127.0.0.1', $broker->port, $opts + ['client_id' => $idA]);
$a->connect();
var_dump($a->isConnected());
$a->disconnect();

$q = preg_quote($idA, '/');
// The broker logs a DISCONNECT when it gets to it: give it a moment before stopping it.
$deadline = microtime(true) + 3;
do {
    $text = (string)file_get_contents($log);
} while (preg_match_all("/Client $q disconnected\\./", $text) < 2 && microtime(true) < $deadline && usleep(20000) === null);
$broker->stop(true);
$text = (string)file_get_contents($log);
echo "connections as A: ", preg_match_all("/New client connected .* as $q\\b/", $text), "\n";
echo "clean disconnects of A: ", preg_match_all("/Client $q disconnected\\./", $text), "\n";
echo "connections as B: ", preg_match_all('/New client connected .* as ' . preg_quote($idB, '/') . '\b/', $text), "\n";
@unlink($log);
?>
--EXPECT--
bool(false)
bool(true)
bool(true)
connections as A: 2
clean disconnects of A: 2
connections as B: 1
