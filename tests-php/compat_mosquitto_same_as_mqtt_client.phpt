--TEST--
The same scenario on Mqtt\Client and Mosquitto\Client: publish at QoS 0, 1 and 2 and receive each message once, at its QoS
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';

function scenario_mqtt(string $topic): array {
    $got = [];
    $c = mqtt_client();
    $c->connect();
    $c->subscribe("$topic/#", 2, function (Mqtt\Message $m) use (&$got) { $got[] = [$m->topic, $m->payload, $m->qos]; });
    foreach ([0, 1, 2] as $q) { $c->publish("$topic/q$q", "payload $q", $q); }
    $deadline = microtime(true) + 5;
    while (count($got) < 3 && microtime(true) < $deadline) { $c->loop(0.1); }
    $c->disconnect();
    return $got;
}

function scenario_mosquitto(string $topic): array {
    $got = [];
    $c = new Mosquitto\Client();
    $c->onMessage(function (Mosquitto\Message $m) use (&$got) { $got[] = [$m->topic, $m->payload, $m->qos]; });
    $c->onSubscribe(function () use ($c, $topic) {
        foreach ([0, 1, 2] as $q) { $c->publish("$topic/q$q", "payload $q", $q); }
    });
    $c->connect(mqtt_host(), mqtt_port());
    $c->subscribe("$topic/#", 2);
    $deadline = microtime(true) + 5;
    while (count($got) < 3 && microtime(true) < $deadline) { $c->loop(100); }
    $c->disconnect();
    return $got;
}

$a = scenario_mqtt(mqtt_topic('same'));
$b = scenario_mosquitto(mqtt_topic('same'));
$strip = fn ($rows) => array_map(fn ($r) => [preg_replace('~^.*/~', '', $r[0]), $r[1], $r[2]], $rows);
usort($a, fn ($x, $y) => $x[2] <=> $y[2]);
usort($b, fn ($x, $y) => $x[2] <=> $y[2]);
var_dump($strip($a) === $strip($b));
echo json_encode($strip($b)), "\n";
?>
--EXPECT--
bool(true)
[["q0","payload 0",0],["q1","payload 1",1],["q2","payload 2",2]]
