<?php
// Publishes one message at each QoS level and says when the broker acknowledged it.
// Usage: php -d extension=mqtt.so examples/publish.php [mqtt://host:port]
$uri = $argv[1] ?? 'mqtt://127.0.0.1:1883';

$client = new Mqtt\Client($uri, 1883, ['timeout' => 5.0]);
$client->connect();

foreach ([0, 1, 2] as $qos) {
    $t = microtime(true);
    $mid = $client->publish("demo/qos$qos", "hello at QoS $qos", $qos);
    $what = $qos === 0 ? 'written' : "acknowledged (packet id $mid)";
    printf("QoS %d: %s in %.2f ms\n", $qos, $what, (microtime(true) - $t) * 1000);
}

$client->disconnect();
