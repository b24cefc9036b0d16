--TEST--
loop($timeout) with nothing there waits for the next message and returns as soon as it is handled
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('loopwait');
$got = [];
$c = mqtt_client();
$c->connect();
$c->subscribe($topic, 1, function (Mqtt\Message $m) use (&$got) { $got[] = $m->payload; });
$c->loop(0); // whatever connect() left behind
// Published 0.5 s from now by a background mosquitto_pub.
$pub = proc_open(['sh', '-c', 'sleep 0.5; exec mosquitto_pub -h 127.0.0.1 -p "$1" -t "$2" -m late -q 1', 'sh', (string)mqtt_port(), $topic],
    [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
$t = microtime(true);
$n = $c->loop(8.0);
$elapsed = microtime(true) - $t;
proc_close($pub);
var_dump($n, $got);
var_dump(($elapsed > 0.3 && $elapsed < 4.0) ?: $elapsed);
$c->disconnect();
?>
--EXPECT--
int(1)
array(1) {
  [0]=>
  string(4) "late"
}
bool(true)
