--TEST--
loopForever() returns after the callback that called exitLoop(); the rest stays for the next loop()
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('exitloop');
$got = [];
$c = mqtt_client();
$c->connect();
$c->subscribe($topic, 1, function (Mqtt\Message $m) use (&$got, $c) {
    $got[] = $m->payload;
    if (count($got) === 3) {
        $c->exitLoop();
    }
});
foreach (range(1, 5) as $i) {
    mqtt_pub($topic, "m$i", 1);
}
$t = microtime(true);
var_dump($c->loopForever());
var_dump((microtime(true) - $t) < 5);
echo implode(',', $got), "\n";
$deadline = microtime(true) + 5;
while (count($got) < 5 && microtime(true) < $deadline) {
    $c->loop(0.2);
}
echo implode(',', $got), "\n";
var_dump($c->isConnected());
$c->disconnect();
?>
--EXPECT--
NULL
bool(true)
m1,m2,m3
m1,m2,m3,m4,m5
bool(true)
