--TEST--
connect() with the right user name and password is accepted by a broker that requires them
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
<?php if (!shell_exec('command -v mosquitto_passwd')) die('skip mosquitto_passwd missing'); ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
require __DIR__ . '/f_auth_broker.inc';
$broker = f_auth_broker();
$c = new Mqtt\Client('127.0.0.1', $broker->port, ['username' => 'alice', 'password' => f_auth_password(), 'connect_timeout' => 2.0, 'timeout' => 2.0]);
$c->connect();
var_dump($c->isConnected());
$topic = mqtt_topic('auth');
var_dump($c->subscribe($topic, 1));
var_dump($c->publish($topic, 'authenticated', 1) > 0);
var_dump($c->receive(2.0)?->payload);
$c->disconnect();
var_dump($c->isConnected());
?>
--EXPECT--
bool(true)
int(1)
bool(true)
string(13) "authenticated"
bool(false)
