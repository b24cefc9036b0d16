--TEST--
With declare(strict_types=1) in the calling file, scalar parameters take only their exact type (an int for a float), as for a userland function, with PHP's TypeError messages
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/lib/helpers.php';
require __DIR__ . '/lib/coercion.inc';
$c = mqtt_client(['timeout' => 2.0, 'connect_timeout' => 2.0]);
$c->connect();
run_coercion_cases(true, $c, mqtt_topic('coercion'));
// Called from this file, which declares strict_types=1:
foreach ([
    fn() => $c->publish(mqtt_topic('strict'), 'x', '1'),
    fn() => $c->publish(5, 'x'),
    fn() => new Mqtt\Client(mqtt_host(), (string)mqtt_port()),
    fn() => $c->loop('0'),
] as $call) {
    try {
        $call();
        echo "accepted?!\n";
    } catch (TypeError $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
var_dump($c->loop(0));
$c->disconnect();
?>
--EXPECT--
publish($t, 'x', '1'): TypeError: Argument #3 ($qos) must be of type int, string given
publish($t, 'x', '1.0'): TypeError: Argument #3 ($qos) must be of type int, string given
publish($t, 'x', ' 1'): TypeError: Argument #3 ($qos) must be of type int, string given
publish($t, 'x', '1e0'): TypeError: Argument #3 ($qos) must be of type int, string given
publish($t, 'x', '1.5'): TypeError: Argument #3 ($qos) must be of type int, string given
publish($t, 'x', '1abc'): TypeError: Argument #3 ($qos) must be of type int, string given
publish($t, 'x', ''): TypeError: Argument #3 ($qos) must be of type int, string given
publish($t, 'x', 1.0): TypeError: Argument #3 ($qos) must be of type int, float given
publish($t, 'x', 1.5): TypeError: Argument #3 ($qos) must be of type int, float given
publish($t, 'x', true): TypeError: Argument #3 ($qos) must be of type int, bool given
publish($t, 'x', null): TypeError: Argument #3 ($qos) must be of type int, null given
publish($t, 'x', 1e20): TypeError: Argument #3 ($qos) must be of type int, float given
publish($t, 'x', NAN): TypeError: Argument #3 ($qos) must be of type int, float given
publish($t, 'x', []): TypeError: Argument #3 ($qos) must be of type int, array given
publish($t, 'x', 0, 1): TypeError: Argument #4 ($retain) must be of type bool, int given
publish($t, 'x', 0, 0.0): TypeError: Argument #4 ($retain) must be of type bool, float given
publish($t, 'x', 0, '1'): TypeError: Argument #4 ($retain) must be of type bool, string given
publish($t, 'x', 0, 'abc'): TypeError: Argument #4 ($retain) must be of type bool, string given
publish($t, 'x', 0, null): TypeError: Argument #4 ($retain) must be of type bool, null given
publish($t, 'x', 0, []): TypeError: Argument #4 ($retain) must be of type bool, array given
publish($t, 123): TypeError: Argument #2 ($payload) must be of type string, int given
publish($t, 1.5): TypeError: Argument #2 ($payload) must be of type string, float given
publish($t, false): TypeError: Argument #2 ($payload) must be of type string, bool given
publish($t, new Str): TypeError: Argument #2 ($payload) must be of type string, Str given
publish($t, null): TypeError: Argument #2 ($payload) must be of type string, null given
publish($t, new stdClass): TypeError: Argument #2 ($payload) must be of type string, stdClass given
publish(5, 'x'): TypeError: Argument #1 ($topic) must be of type string, int given
publish(null, 'x'): TypeError: Argument #1 ($topic) must be of type string, null given
publishAsync($t, 'x', '1'): TypeError: Argument #3 ($qos) must be of type int, string given
publishAsync($t, 'x', 0, 'yes'): TypeError: Argument #4 ($retain) must be of type bool, string given
subscribe($t, '1'): TypeError: Argument #2 ($qos) must be of type int, string given
subscribe($t, 1.0): TypeError: Argument #2 ($qos) must be of type int, float given
subscribe(42): TypeError: Argument #1 ($filter) must be of type string, int given
subscribe(new Str): TypeError: Argument #1 ($filter) must be of type string, Str given
unsubscribe(42): TypeError: Argument #1 ($filter) must be of type string, int given
unsubscribe(null): TypeError: Argument #1 ($filter) must be of type string, null given
loop('0.01'): TypeError: Argument #1 ($timeout) must be of type float, string given
loop(0): accepted
loop(false): TypeError: Argument #1 ($timeout) must be of type float, bool given
loop(null): TypeError: Argument #1 ($timeout) must be of type float, null given
loop('soon'): TypeError: Argument #1 ($timeout) must be of type float, string given
receive('0.01'): TypeError: Argument #1 ($timeout) must be of type ?float, string given
receive(0): accepted
receive(null): accepted
receive('x'): TypeError: Argument #1 ($timeout) must be of type ?float, string given
flush('1'): TypeError: Argument #1 ($timeout) must be of type ?float, string given
flush(1): accepted
flush(true): TypeError: Argument #1 ($timeout) must be of type ?float, bool given
new Mqtt\Client($h, '1883'): TypeError: Argument #2 ($port) must be of type int, string given
new Mqtt\Client($h, (float)1883): TypeError: Argument #2 ($port) must be of type int, float given
new Mqtt\Client($h, '1883.5'): TypeError: Argument #2 ($port) must be of type int, string given
new Mqtt\Client($h, 'port'): TypeError: Argument #2 ($port) must be of type int, string given
new Mqtt\Client($h, null): TypeError: Argument #2 ($port) must be of type int, null given
new Mqtt\Client($h, true): TypeError: Argument #2 ($port) must be of type int, bool given
new Mqtt\Client(5): TypeError: Argument #1 ($host) must be of type string, int given
new Mqtt\Client(null): TypeError: Argument #1 ($host) must be of type string, null given
new Mqtt\Client(new Str): TypeError: Argument #1 ($host) must be of type string, Str given
new Mqtt\Message(5, 123): TypeError: Argument #1 ($topic) must be of type string, int given
new Mqtt\Message('t', 'x', '2'): TypeError: Argument #3 ($qos) must be of type int, string given
new Mqtt\Message('t', 'x', 1, 1): TypeError: Argument #4 ($retain) must be of type bool, int given
new Mqtt\Message('t', 'x', 1, 'on'): TypeError: Argument #4 ($retain) must be of type bool, string given
new Mqtt\Message('t', null): TypeError: Argument #2 ($payload) must be of type string, null given
new Mqtt\Message('t', 'x', 1.0): TypeError: Argument #3 ($qos) must be of type int, float given
Mqtt\Message::topicMatches(1, 1): TypeError: Argument #1 ($filter) must be of type string, int given
Mqtt\Message::topicMatches('a/+', 5): TypeError: Argument #2 ($topic) must be of type string, int given
Mqtt\Message::topicMatches(null, 'a'): TypeError: Argument #1 ($filter) must be of type string, null given
Mqtt\Message::topicMatches('#', new Str): TypeError: Argument #2 ($topic) must be of type string, Str given
TypeError: Mqtt\Client::publish(): Argument #3 ($qos) must be of type int, string given
TypeError: Mqtt\Client::publish(): Argument #1 ($topic) must be of type string, int given
TypeError: Mqtt\Client::__construct(): Argument #2 ($port) must be of type int, string given
TypeError: Mqtt\Client::loop(): Argument #1 ($timeout) must be of type float, string given
int(0)
