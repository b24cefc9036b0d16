--TEST--
isConnected(): false before connect(), true after, false after disconnect(); disconnect() twice is harmless; connect() again works
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$c = mqtt_client(['timeout' => 2.0, 'connect_timeout' => 2.0]);
var_dump($c->isConnected());
$c->connect();
var_dump($c->isConnected());
$c->connect(); // already connected: nothing happens
var_dump($c->isConnected());
$c->disconnect();
var_dump($c->isConnected());
$c->disconnect();
var_dump($c->isConnected());
echo "after second disconnect\n";
$c->connect();
var_dump($c->isConnected());
$topic = mqtt_topic('reconnected');
$c->subscribe($topic, 1);
$c->publish($topic, 'again', 1);
var_dump($c->receive(2.0)?->payload);
$c->disconnect();
var_dump($c->isConnected());
var_dump($c->stats()['connected']);
?>
--EXPECT--
bool(false)
bool(true)
bool(true)
bool(false)
bool(false)
after second disconnect
bool(true)
string(5) "again"
bool(false)
bool(false)
