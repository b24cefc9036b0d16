--TEST--
disconnect() calls the onDisconnect callback with null, during disconnect() itself; once, and not when there was nothing to disconnect
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$c = mqtt_client(['timeout' => 2.0, 'connect_timeout' => 2.0]);
$connected = fn() => $c->isConnected();
$c->onDisconnect(function (?string $reason) use ($connected) {
    echo "onDisconnect(", var_export($reason, true), "), isConnected: ", var_export($connected(), true), "\n";
});
$c->connect();
echo "disconnect()\n";
$c->disconnect();
echo "disconnect() returned\n";
$c->disconnect();
echo "disconnect() again returned\n";
try {
    $c->loop(0.2);
} catch (Mqtt\ConnectionException $e) {
    echo "loop(): ConnectionException\n";
}

// Never connected: nothing to report.
$d = mqtt_client();
$d->onDisconnect(function () { echo "onDisconnect of a client never connected?!\n"; });
$d->disconnect();

// After a reconnect, and from inside a message callback.
$c->connect();
$topic = mqtt_topic('ondisc');
$c->subscribe($topic, 1, function (Mqtt\Message $m) use ($c) {
    echo "message callback calls disconnect()\n";
    $c->disconnect();
    echo "back in the message callback\n";
});
$c->publish($topic, 'bye', 1);
$c->loopForever();
echo "loopForever() returned\n";

// A callback that throws: the exception reaches the caller; the client is disconnected all the same.
$c->onDisconnect(function (?string $reason) { throw new RuntimeException('thrown by onDisconnect'); });
$c->connect();
try {
    $c->disconnect();
} catch (RuntimeException $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
var_dump($c->isConnected());
?>
--EXPECT--
disconnect()
onDisconnect(NULL), isConnected: false
disconnect() returned
disconnect() again returned
loop(): ConnectionException
message callback calls disconnect()
onDisconnect(NULL), isConnected: false
back in the message callback
loopForever() returned
RuntimeException: thrown by onDisconnect
bool(false)
