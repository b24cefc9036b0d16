--TEST--
Mosquitto\Client: libmosquitto's error texts (TLS setters included), argument errors
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
function t(callable $f) {
    try { var_dump($f()); } catch (Throwable $e) { echo get_class($e), ' (', $e->getCode(), '): ', $e->getMessage(), "\n"; }
}
var_dump(is_subclass_of('Mosquitto\Exception', 'Exception'));
$c = new Mosquitto\Client('compat-errors');
t(fn () => $c->disconnect());
t(fn () => $c->publish('a', 'b'));
t(fn () => $c->subscribe('a', 0));
t(fn () => $c->unsubscribe('a'));
t(fn () => $c->loop(10));
t(fn () => $c->getSocket());
t(fn () => new Mosquitto\Client(null, false));
t(fn () => $c->connect('nonexistent.invalid', 1883));
t(fn () => $c->connect('127.0.0.1', mqtt_free_port()));
$tls = new Mosquitto\Client(); // TLS settings stay with this one
t(fn () => $tls->setTlsCertificates('/nonexistent'));
t(fn () => $tls->setTlsOptions(Mosquitto\Client::SSL_VERIFY_PEER));
t(fn () => $tls->setTlsInsecure(true));
t(fn () => $tls->setTlsPSK('abc', 'id'));
t(fn () => $c->subscribe('a'));
t(fn () => $c->setWill('t', 'p', 1));
t(fn () => $c->setWill('t', 'p', 5, false));
t(fn () => $c->publish([], 'x'));
t(fn () => $c->connect(mqtt_host(), mqtt_port()));
t(fn () => $c->publish('a/+', 'x'));
t(fn () => $c->publish('a', 'x', 3));
t(fn () => $c->subscribe('a/#/b', 0));
t(fn () => $c->publish('a', null));
t(fn () => $c->disconnect());
t(fn () => $c->disconnect());
var_dump(Mosquitto\Client::LOG_INFO, Mosquitto\Client::LOG_NOTICE, Mosquitto\Client::LOG_WARNING, Mosquitto\Client::LOG_ERR, Mosquitto\Client::LOG_DEBUG, Mosquitto\Client::SSL_VERIFY_NONE);
var_dump(MOSQ_LOG_INFO, MOSQ_LOG_NOTICE, MOSQ_LOG_WARNING, MOSQ_LOG_ERR, MOSQ_LOG_DEBUG);
?>
--EXPECTF--
bool(true)
Mosquitto\Exception (0): The client is not currently connected.
Mosquitto\Exception (0): The client is not currently connected.
Mosquitto\Exception (0): The client is not currently connected.
Mosquitto\Exception (0): The client is not currently connected.
Mosquitto\Exception (0): The client is not currently connected.
int(-1)
Mosquitto\Exception (1): Invalid function arguments provided.
Mosquitto\Exception (0): Lookup error.
Mosquitto\Exception (111): Connection refused
Mosquitto\Exception (0): Invalid function arguments provided.
int(0)
NULL
Mosquitto\Exception (0): This feature is not supported.
ArgumentCountError (0): Mosquitto\Client::subscribe() expects exactly 2 arguments, 1 given
ArgumentCountError (0): Mosquitto\Client::setWill() expects exactly 4 arguments, 3 given
Mosquitto\Exception (0): Invalid function arguments provided.
TypeError (0): Mosquitto\Client::publish(): Argument #1 ($topic) must be of type string, array given
int(0)
Mosquitto\Exception (0): Invalid function arguments provided.
Mosquitto\Exception (0): Invalid function arguments provided.
Mosquitto\Exception (0): Invalid function arguments provided.
int(1)
NULL
Mosquitto\Exception (0): The client is not currently connected.
int(1)
int(2)
int(4)
int(8)
int(16)
int(0)
int(1)
int(2)
int(4)
int(8)
int(16)
