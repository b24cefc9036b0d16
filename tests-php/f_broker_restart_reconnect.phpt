--TEST--
Broker restarted while the client is idle: the next publish succeeds after the automatic reconnect and arrives
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$broker = new TestBroker();
$topic = mqtt_topic('restart');
$c = new Mqtt\Client('127.0.0.1', $broker->port, ['timeout' => 5.0, 'connect_timeout' => 2.0, 'reconnect_delay' => 0.05, 'reconnect_max_delay' => 0.2]);
$c->connect();
var_dump($c->publish($topic, 'before restart', 1) > 0);
$broker->restart();
usleep(100000); // idle for a moment, as a real client would be
$sub = mqtt_sub_start($topic, 1, $broker->port, ['-v'], 10);
$t = microtime(true);
var_dump($c->publish($topic, 'after restart', 1) > 0);
var_dump(microtime(true) - $t < 5.0);
var_dump(mqtt_sub_wait($sub) === ["$topic after restart"]);
var_dump($c->isConnected());
var_dump($c->stats()['reconnects'] >= 1);
$c->disconnect();
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
