--TEST--
A callback may call publish() at QoS 1 and subscribe() on the same client
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$base = mqtt_topic('reentrant');
$log = [];
$sub = mqtt_sub_start("$base/out", 1);
$c = mqtt_client();
$c->connect();
$c->subscribe("$base/in", 1, function (Mqtt\Message $m) use ($c, $base, &$log) {
    $mid = $c->publish("$base/out", "reply to {$m->payload}", 1);
    $log[] = 'published, mid > 0: ' . var_export($mid > 0, true);
    $granted = $c->subscribe("$base/late", 1, function (Mqtt\Message $m) use (&$log) {
        $log[] = "late callback: {$m->payload}";
    });
    $log[] = "subscribed, granted $granted";
});
mqtt_pub("$base/in", 'request', 1);
$deadline = microtime(true) + 5;
while (count($log) < 2 && microtime(true) < $deadline) {
    $c->loop(0.2);
}
mqtt_pub("$base/late", 'after', 1);
while (count($log) < 3 && microtime(true) < $deadline) {
    $c->loop(0.2);
}
echo implode("\n", $log), "\n";
echo implode("\n", mqtt_sub_wait($sub)), "\n";
$c->disconnect();
?>
--EXPECT--
published, mid > 0: true
subscribed, granted 1
late callback: after
reply to request
