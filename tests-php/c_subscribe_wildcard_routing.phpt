--TEST--
Per-subscription callbacks are chosen by MQTT wildcard rules: a/# matches a itself, + matches exactly one level
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$base = mqtt_topic('wild');
$log = [];
$rec = function (string $who) use (&$log, $base) {
    return function (Mqtt\Message $m) use (&$log, $base, $who) { $log[] = "$who " . str_replace($base, 'B', $m->topic); };
};
$c = mqtt_client();
$c->connect();
$c->onMessage($rec('onMessage'));
$c->subscribe("$base/a/#", 1, $rec('hash'));
$c->subscribe("$base/b/+", 1, $rec('plus'));
$c->subscribe("$base/c/+/z", 1, $rec('mid-plus'));
// Same depth as nothing above, so the broker sends each matching topic exactly once.
$c->subscribe("$base/b/+/+", 1);
$c->subscribe("$base/c/+/+/+", 1);
foreach (['a', 'a/x', 'a/x/y/z', 'b/1', 'b/1/2', 'c/q/z', 'c/q/z/w', 'c/q/y'] as $t) {
    mqtt_pub("$base/$t", $t, 1);
}
// c/q/y matches no subscription: the broker does not send it. A marker ends the wait.
mqtt_pub("$base/a/end", 'end', 1);
$deadline = microtime(true) + 5;
while (!in_array('hash B/a/end', $log, true) && microtime(true) < $deadline) {
    $c->loop(0.2);
}
echo implode("\n", $log), "\n";
$c->disconnect();
?>
--EXPECT--
hash B/a
hash B/a/x
hash B/a/x/y/z
plus B/b/1
onMessage B/b/1/2
mid-plus B/c/q/z
onMessage B/c/q/z/w
hash B/a/end
