--TEST--
MQTT 5 settings on an MQTT 3.1.1 client (session_expiry, CONNECT and will properties, publish properties, subscription options) are a \ValueError saying they need MQTT 5, never silently dropped
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
foreach ([
    ['session_expiry', 60],
    ['properties', ['user_properties' => [['a', 'b']]]],
    ['will', ['topic' => 'w', 'properties' => ['content_type' => 'text/plain']]],
] as [$key, $value]) {
    try {
        new Mqtt\Client('127.0.0.1', 1883, [$key => $value]);
        echo "$key: accepted?!\n";
    } catch (\ValueError $e) {
        echo "$key: ", $e->getMessage(), "\n";
    }
}
// Off is fine, and so is protocol 5.
new Mqtt\Client('127.0.0.1', 1883, ['session_expiry' => 0, 'properties' => [], 'protocol' => Mqtt\Client::MQTT_3_1_1]);
new Mqtt\Client('127.0.0.1', 1883, ['session_expiry' => 60, 'protocol' => Mqtt\Client::MQTT_5]);
echo "off, or with MQTT 5: accepted\n";

$c = new Mqtt\Client(mqtt_host(), mqtt_port());
$c->connect();
foreach ([
    'publish properties' => fn () => $c->publish('t/x', 'p', 1, false, ['content_type' => 'a/b']),
    'publishAsync properties' => fn () => $c->publishAsync('t/x', 'p', 1, false, ['user_properties' => ['k' => 'v']]),
    'subscription options' => fn () => $c->subscribe('t/#', 1, null, ['no_local' => true]),
] as $what => $call) {
    try { $call(); echo "$what: accepted?!\n"; }
    catch (\ValueError $e) { echo "$what: ", $e->getMessage(), "\n"; }
}
echo "empty ones are fine: ", $c->publish('t/x', 'p', 1, false, []) > 0 ? 'published' : '?', "\n";
$c->disconnect();
var_dump(Mqtt\Client::MQTT_3_1_1, Mqtt\Client::MQTT_5);
?>
--EXPECT--
session_expiry: option "session_expiry" needs MQTT 5: add 'protocol' => Mqtt\Client::MQTT_5
properties: option "properties" needs MQTT 5: add 'protocol' => Mqtt\Client::MQTT_5
will: option "will" needs MQTT 5: add 'protocol' => Mqtt\Client::MQTT_5
off, or with MQTT 5: accepted
publish properties: publish properties need MQTT 5 (the protocol option)
publishAsync properties: publish properties need MQTT 5 (the protocol option)
subscription options: subscription options need MQTT 5 (the protocol option)
empty ones are fine: published
int(4)
int(5)
