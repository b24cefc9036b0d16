--TEST--
In coercive typing mode, scalar parameters coerce as for a userland function with the same signature (numeric strings to int and float, scalars to string and bool, deprecations included), with PHP's TypeError messages
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
require __DIR__ . '/lib/coercion.inc';
$c = mqtt_client(['timeout' => 2.0, 'connect_timeout' => 2.0]);
$c->connect();
run_coercion_cases(false, $c, mqtt_topic('coercion'));
// Called from this file, in coercive typing mode:
$t = mqtt_topic('weak');
$d = new Mqtt\Client(mqtt_host(), (string)mqtt_port(), ['connect_timeout' => 2.0]);
$d->connect();
$d->subscribe($t, '1');
var_dump($d->publish($t, 'x', '1') > 0);
var_dump($d->receive('2')?->qos);
$d->disconnect();
$c->disconnect();
?>
--EXPECT--
publish($t, 'x', '1'): accepted
publish($t, 'x', '1.0'): accepted
publish($t, 'x', ' 1'): accepted
publish($t, 'x', '1e0'): accepted
publish($t, 'x', '1.5'): accepted [Deprecated: Implicit conversion from float-string "1.5" to int loses precision]
publish($t, 'x', '1abc'): TypeError: Argument #3 ($qos) must be of type int, string given
publish($t, 'x', ''): TypeError: Argument #3 ($qos) must be of type int, string given
publish($t, 'x', 1.0): accepted
publish($t, 'x', 1.5): accepted [Deprecated: Implicit conversion from float 1.5 to int loses precision]
publish($t, 'x', true): accepted
publish($t, 'x', null): TypeError: Argument #3 ($qos) must be of type int, null given
publish($t, 'x', 1e20): TypeError: Argument #3 ($qos) must be of type int, float given
publish($t, 'x', NAN): TypeError: Argument #3 ($qos) must be of type int, float given
publish($t, 'x', []): TypeError: Argument #3 ($qos) must be of type int, array given
publish($t, 'x', 0, 1): accepted
publish($t, 'x', 0, 0.0): accepted
publish($t, 'x', 0, '1'): accepted
publish($t, 'x', 0, 'abc'): accepted
publish($t, 'x', 0, null): TypeError: Argument #4 ($retain) must be of type bool, null given
publish($t, 'x', 0, []): TypeError: Argument #4 ($retain) must be of type bool, array given
publish($t, 123): accepted
publish($t, 1.5): accepted
publish($t, false): accepted
publish($t, new Str): accepted
publish($t, null): TypeError: Argument #2 ($payload) must be of type string, null given
publish($t, new stdClass): TypeError: Argument #2 ($payload) must be of type string, stdClass given
publish(5, 'x'): accepted
publish(null, 'x'): TypeError: Argument #1 ($topic) must be of type string, null given
publishAsync($t, 'x', '1'): accepted
publishAsync($t, 'x', 0, 'yes'): accepted
subscribe($t, '1'): accepted
subscribe($t, 1.0): accepted
subscribe(42): accepted
subscribe(new Str): accepted
unsubscribe(42): accepted
unsubscribe(null): TypeError: Argument #1 ($filter) must be of type string, null given
loop('0.01'): accepted
loop(0): accepted
loop(false): accepted
loop(null): TypeError: Argument #1 ($timeout) must be of type float, null given
loop('soon'): TypeError: Argument #1 ($timeout) must be of type float, string given
receive('0.01'): accepted
receive(0): accepted
receive(null): accepted
receive('x'): TypeError: Argument #1 ($timeout) must be of type ?float, string given
flush('1'): accepted
flush(1): accepted
flush(true): accepted
new Mqtt\Client($h, '1883'): accepted
new Mqtt\Client($h, (float)1883): accepted
new Mqtt\Client($h, '1883.5'): accepted [Deprecated: Implicit conversion from float-string "1883.5" to int loses precision]
new Mqtt\Client($h, 'port'): TypeError: Argument #2 ($port) must be of type int, string given
new Mqtt\Client($h, null): TypeError: Argument #2 ($port) must be of type int, null given
new Mqtt\Client($h, true): accepted
new Mqtt\Client(5): accepted
new Mqtt\Client(null): TypeError: Argument #1 ($host) must be of type string, null given
new Mqtt\Client(new Str): accepted
new Mqtt\Message(5, 123): accepted
new Mqtt\Message('t', 'x', '2'): accepted
new Mqtt\Message('t', 'x', 1, 1): accepted
new Mqtt\Message('t', 'x', 1, 'on'): accepted
new Mqtt\Message('t', null): TypeError: Argument #2 ($payload) must be of type string, null given
new Mqtt\Message('t', 'x', 1.0): accepted
Mqtt\Message::topicMatches(1, 1): accepted
Mqtt\Message::topicMatches('a/+', 5): accepted
Mqtt\Message::topicMatches(null, 'a'): TypeError: Argument #1 ($filter) must be of type string, null given
Mqtt\Message::topicMatches('#', new Str): accepted
bool(true)
int(1)
