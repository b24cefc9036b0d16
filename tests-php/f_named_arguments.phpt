--TEST--
Named arguments that skip optional parameters get those parameters' defaults (new Client(options: ...), publish(retain: ...), subscribe(callback: ...)); an explicit null is still a TypeError
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('named');
$c = new Mqtt\Client(mqtt_host(), options: ['client_id' => 'named-' . getmypid()]);
echo "port defaulted: ", $c->__debugInfo()['port'], "\n";
$c = new Mqtt\Client(port: mqtt_port(), options: ['client_id' => 'named2-' . getmypid()]);
echo "host defaulted: ", $c->__debugInfo()['host'], "\n";
$c->connect();
$got = [];
$c->subscribe($topic, callback: function (Mqtt\Message $m) use (&$got) { $got[] = "$m->payload qos=$m->qos retain=" . (int)$m->retain; });
$c->publish($topic, 'plain', retain: false);
$c->publish($topic, 'acked', qos: 1);
$c->loop(timeout: 1.0);
$c->loop(timeout: 0.2);
echo implode("\n", $got), "\n";
$c->publish($topic, '', qos: 1, retain: true); // clear any retained message
try {
    new Mqtt\Client(mqtt_host(), null);
} catch (TypeError $e) {
    echo "explicit null: ", $e->getMessage(), "\n";
}
$c->disconnect();
?>
--EXPECT--
port defaulted: 1883
host defaulted: 127.0.0.1
plain qos=0 retain=0
acked qos=0 retain=0
explicit null: Mqtt\Client::__construct(): Argument #2 ($port) must be of type int, null given
