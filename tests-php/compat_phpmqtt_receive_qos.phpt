--TEST--
phpMQTT proc(): QoS 1/2 payloads arrive without a packet-id prefix and are acknowledged (not redelivered to a persistent session)
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('compat-recv');
$id = 'compat-recv-' . getmypid();
$got = [];
$cb = function ($t, $p) use (&$got) { $got[] = $p; };
$m = new phpMQTT(mqtt_host(), mqtt_port(), $id);
var_dump($m->connect(false));             // persistent session
$m->subscribe([$topic => ['qos' => 2, 'function' => $cb]], 0);
mqtt_pub($topic, 'one', 1);
mqtt_pub($topic, 'two', 2);
$deadline = microtime(true) + 5;
while (count($got) < 2 && microtime(true) < $deadline) { $m->proc(); }
var_dump($got);
$m->proc(false);                          // the acknowledgements go out
$m->close();                              // DISCONNECT goes after them

// Back on the same session: nothing is redelivered, a new message is.
$got = [];
$m2 = new phpMQTT(mqtt_host(), mqtt_port(), $id);
var_dump($m2->connect(false));
$m2->topics = [$topic => ['qos' => 2, 'function' => $cb]];
mqtt_pub($topic, 'three', 1);
// The broker resends a session's messages before new ones: once 'three' is in, any would be.
$deadline = microtime(true) + 10;
while (!in_array('three', $got, true) && microtime(true) < $deadline) { $m2->proc(); }
var_dump($got);
$m2->close();
$m3 = new phpMQTT(mqtt_host(), mqtt_port(), $id);
$m3->connect(true);                        // drop the session
$m3->close();
?>
--EXPECT--
bool(true)
array(2) {
  [0]=>
  string(3) "one"
  [1]=>
  string(3) "two"
}
bool(true)
array(1) {
  [0]=>
  string(5) "three"
}
