--TEST--
Options of features not built yet (MQTT 5, properties) are a \ValueError saying so, not silently ignored
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
foreach ([
    ['protocol', Mqtt\Client::MQTT_5],
    ['properties', ['user_properties' => [['a', 'b']]]],
] as [$key, $value]) {
    try {
        new Mqtt\Client('127.0.0.1', 1883, [$key => $value]);
        echo "$key: accepted?!\n";
    } catch (\ValueError $e) {
        $m = $e->getMessage();
        printf("%s: ValueError%s%s\n", $key, str_contains($m, $key) ? ' naming the key' : '',
            preg_match('/not (supported|built|available)|unsupported/i', $m) ? ', says not supported' : ": $m");
    }
}
// Turning them off is fine.
new Mqtt\Client('127.0.0.1', 1883, ['tls' => false, 'protocol' => Mqtt\Client::MQTT_3_1_1]);
echo "tls => false, protocol => MQTT_3_1_1: accepted\n";
var_dump(Mqtt\Client::MQTT_3_1_1, Mqtt\Client::MQTT_5);
?>
--EXPECT--
protocol: ValueError naming the key, says not supported
properties: ValueError naming the key, says not supported
tls => false, protocol => MQTT_3_1_1: accepted
int(4)
int(5)
