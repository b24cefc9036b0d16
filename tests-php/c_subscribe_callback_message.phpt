--TEST--
A per-subscription callback receives an Mqtt\Message with topic, payload, qos, retain, dup and mid
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('cbmsg');
$c = mqtt_client();
$c->connect();
$got = [];
$c->subscribe($topic, 1, function ($m) use (&$got) { $got[] = $m; });
$pub = mqtt_client();
$pub->connect();
$pub->publish($topic, "hello\0world", 1);
$pub->disconnect();
mqtt_pub($topic, 'at-most-once', 0);
$deadline = microtime(true) + 5;
while (count($got) < 2 && microtime(true) < $deadline) {
    $c->loop(0.2);
}
foreach ($got as $m) {
    var_dump($m instanceof Mqtt\Message);
    var_dump($m->topic === $topic);
    var_dump(str_replace("\0", '<NUL>', $m->payload), $m->qos, $m->retain, $m->dup);
    var_dump($m->qos === 0 ? $m->mid === 0 : $m->mid > 0);
}
$c->disconnect();
?>
--EXPECT--
bool(true)
bool(true)
string(15) "hello<NUL>world"
int(1)
bool(false)
bool(false)
bool(true)
bool(true)
bool(true)
string(12) "at-most-once"
int(0)
bool(false)
bool(false)
bool(true)
