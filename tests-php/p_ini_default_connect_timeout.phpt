--TEST--
php.ini: mqtt.default_connect_timeout is the connect() timeout of a client that sets none (a listener that never sends CONNACK)
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--INI--
mqtt.default_connect_timeout=1.5
--FILE--
<?php
// A listening socket that is never accept()ed: the kernel completes the TCP handshake, but no
// CONNACK ever comes, so only the connect timeout ends connect().
$server = stream_socket_server('tcp://127.0.0.1:0');
$name = stream_socket_get_name($server, false);
$port = (int)substr($name, strrpos($name, ':') + 1);
$c = new Mqtt\Client('127.0.0.1', $port, ['reconnect' => false]);
$t = microtime(true);
try {
    $c->connect();
    echo "connected?!\n";
} catch (Mqtt\Exception $e) {
    echo $e instanceof Mqtt\ConnectionException || $e instanceof Mqtt\TimeoutException ? 'connect failed' : get_class($e), "\n";
}
$elapsed = microtime(true) - $t;
echo 'gave up after about 1.5 s (not 10 s): ', var_export($elapsed >= 1.3 && $elapsed < 2.5, true), $elapsed >= 1.3 && $elapsed < 2.5 ? '' : sprintf(' (%.2f s)', $elapsed), "\n";
var_dump($c->isConnected());
?>
--EXPECT--
connect failed
gave up after about 1.5 s (not 10 s): true
bool(false)
