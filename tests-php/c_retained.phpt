--TEST--
A retained message is delivered on subscribe with retain true; live messages have retain false; an empty retained publish clears it
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('retained');
try {
    mqtt_pub($topic, 'kept', 1, ['-r']);
    $got = [];
    $c = mqtt_client();
    $c->connect();
    $c->subscribe($topic, 1, function (Mqtt\Message $m) use (&$got) { $got[] = $m; });
    mqtt_pub($topic, 'live', 1);
    $deadline = microtime(true) + 5;
    while (count($got) < 2 && microtime(true) < $deadline) {
        $c->loop(0.2);
    }
    foreach ($got as $m) {
        printf("%s retain=%s qos=%d\n", $m->payload, var_export($m->retain, true), $m->qos);
    }
    $c->disconnect();
} finally {
    mqtt_pub($topic, '', 1, ['-r']); // clears the retained message
}
// A new subscriber gets nothing now.
$c = mqtt_client();
$c->connect();
$c->subscribe($topic, 1);
var_dump($c->receive(0.5));
$c->disconnect();
?>
--EXPECT--
kept retain=true qos=1
live retain=false qos=1
NULL
