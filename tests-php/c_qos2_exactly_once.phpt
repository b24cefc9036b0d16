--TEST--
QoS 2: each of 100 messages reaches the callback exactly once
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('qos2');
$seen = [];
$qos = [];
$c = mqtt_client();
$c->connect();
var_dump($c->subscribe($topic, 2, function (Mqtt\Message $m) use (&$seen, &$qos) {
    $seen[$m->payload] = ($seen[$m->payload] ?? 0) + 1;
    $qos[$m->qos] = true;
}));
$pub = proc_open(['mosquitto_pub', '-h', '127.0.0.1', '-p', (string)mqtt_port(), '-t', $topic, '-q', '2', '-l'],
    [0 => ['pipe', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
for ($i = 1; $i <= 100; $i++) {
    fwrite($pipes[0], "q2-$i\n");
}
fclose($pipes[0]);
$deadline = microtime(true) + 20;
while (count($seen) < 100 && microtime(true) < $deadline) {
    $c->loop(0.2);
}
$c->loop(0.5); // a duplicate would show up here
var_dump(proc_close($pub));
var_dump(count($seen), array_sum($seen), array_keys($qos));
var_dump(array_keys($seen) === array_map(fn($i) => "q2-$i", range(1, 100)));
$c->disconnect();
?>
--EXPECT--
int(2)
int(0)
int(100)
int(100)
array(1) {
  [0]=>
  int(2)
}
bool(true)
