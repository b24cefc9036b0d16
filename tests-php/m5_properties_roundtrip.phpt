--TEST--
MQTT 5 publish properties round-trip: between two clients, from mosquitto_pub -V 5 and to mosquitto_sub -V 5 -F (byte-exact binary correlation data, repeated user properties in order); repeated topics go out as topic aliases and arrive under their topic; an MQTT 3.1.1 message has no properties; bad properties are a \ValueError naming the key
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$v5 = ['protocol' => Mqtt\Client::MQTT_5];
$props = [
    'payload_format_indicator' => 1,
    'message_expiry_interval' => 3600,
    'content_type' => 'application/json',
    'response_topic' => 'm5/replies/42',
    'correlation_data' => "\x00id\xff\x01",
    'user_properties' => [['trace', 'a'], ['trace', 'b'], ['tenant', 'acme'], ['trace', 'c']],
];
$sub = mqtt_client($v5);
$sub->connect();
$sub->subscribe('m5/rt/#', 2, null, ['properties' => ['subscription_identifier' => 9]]);
$pub = mqtt_client($v5);
$pub->connect();

foreach ([0, 1, 2] as $qos) {
    $pub->publish('m5/rt/clients', '{"q":' . $qos . '}', $qos, false, $props);
    $m = $sub->receive(5.0);
    $got = $m->properties;
    $ids = $got['subscription_identifiers'] ?? null;
    unset($got['subscription_identifiers']);
    echo "QoS $qos: on ", $m->topic, ", ", $got === $props ? 'all properties arrived unchanged' : 'DIFFERENT: ' . var_export($got, true),
        ', subscription identifier ', json_encode($ids), "\n";
}
$pub->publishAsync('m5/rt/async', 'x', 1, false, ['user_properties' => ['k' => 'v']]);
$pub->flush();
echo "publishAsync: ", json_encode($sub->receive(5.0)->properties['user_properties']), "\n";

// From mosquitto_pub.
mqtt_pub('m5/rt/tool', 'hi', 1, ['-V', '5', '-D', 'publish', 'user-property', 'a', '1', '-D', 'publish', 'user-property', 'a', '2',
    '-D', 'publish', 'correlation-data', 'corr', '-D', 'publish', 'content-type', 'text/plain', '-D', 'publish', 'response-topic', 'm5/back']);
$p = $sub->receive(5.0)->properties;
echo "from mosquitto_pub: ", json_encode([$p['user_properties'], $p['correlation_data'], $p['content_type'], $p['response_topic']]), "\n";

// To mosquitto_sub: content type | response topic | user properties | correlation data (raw bytes).
$s = mqtt_sub_start('m5/rt/tool2', 1, 0, ['-V', '5', '-F', '%C|%R|%P|%D']);
$pub->publish('m5/rt/tool2', 'x', 1, false, $props);
$line = implode("\n", mqtt_sub_wait($s));
echo "mosquitto_sub saw: ", $line === "application/json|m5/replies/42|trace:a trace:b tenant:acme trace:c|\x00id\xff\x01" ? 'the same properties, byte for byte' : bin2hex($line), "\n";

// An MQTT 3.1.1 subscriber gets the message without properties.
$old = mqtt_client();
$old->connect();
$old->subscribe('m5/rt/old', 1);
$pub->publish('m5/rt/old', 'x', 1, false, $props);
var_dump($old->receive(5.0)->properties);
$m = new Mqtt\Message('t', 'p', 1, false, ['content_type' => 'a/b']);
echo "Message constructor: ", json_encode($m->properties), "\n";

foreach ([
    ['nope' => 1],
    ['message_expiry_interval' => -1],
    ['user_properties' => [['only-a-name']]],
    ['response_topic' => 'a/#'],
    ['topic_alias' => 3],
    ['content_type' => 5],
] as $bad) {
    try { $pub->publish('m5/rt/x', 'x', 1, false, $bad); echo "accepted?!\n"; }
    catch (\ValueError $e) { echo "ValueError: ", $e->getMessage(), "\n"; }
}
$pub->disconnect();
$sub->disconnect();
$old->disconnect();
?>
--EXPECT--
QoS 0: on m5/rt/clients, all properties arrived unchanged, subscription identifier [9]
QoS 1: on m5/rt/clients, all properties arrived unchanged, subscription identifier [9]
QoS 2: on m5/rt/clients, all properties arrived unchanged, subscription identifier [9]
publishAsync: [["k","v"]]
from mosquitto_pub: [[["a","1"],["a","2"]],"corr","text\/plain","m5\/back"]
mosquitto_sub saw: the same properties, byte for byte
array(0) {
}
Message constructor: {"content_type":"a\/b"}
ValueError: publish property "nope" is not an MQTT 5 publish property
ValueError: publish property "message_expiry_interval" must be between 0 and 4294967295, -1 given
ValueError: publish property "user_properties" entries must be [name, value] pairs
ValueError: publish property "response_topic" topic must not contain the wildcards '+' or '#'
ValueError: publish property "topic_alias" is set by the broker, it cannot be sent
ValueError: publish property "content_type" must be string, int given
