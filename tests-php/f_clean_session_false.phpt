--TEST--
clean_session false with a fixed client_id: QoS 1 messages published while the client was away arrive after it connects again
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('offline');
$opts = ['client_id' => 'f-offline-' . getmypid(), 'clean_session' => false, 'timeout' => 2.0, 'connect_timeout' => 2.0];
$c = mqtt_client($opts);
$c->connect();
var_dump($c->subscribe($topic, 1));
$c->disconnect();
unset($c);

mqtt_pub($topic, 'while away 1', 1);
mqtt_pub($topic, 'while away 2', 1);

$c = mqtt_client($opts);
$c->connect();
$got = [];
while (($m = $c->receive(2.0)) !== null) { $got[] = $m->payload; if (count($got) === 2) break; }
sort($got);
var_dump($got);
$c->unsubscribe($topic);
$c->disconnect();

// With clean_session true the session (and its messages) is gone.
$c = mqtt_client(['clean_session' => true] + $opts);
$c->connect();
$c->disconnect();
mqtt_pub($topic, 'after clean', 1);
$c = mqtt_client($opts);
$c->connect();
var_dump($c->receive(1.0));
$c = mqtt_client(['clean_session' => true] + $opts); // leave no session behind
$c->connect();
$c->disconnect();
?>
--EXPECT--
int(1)
array(2) {
  [0]=>
  string(12) "while away 1"
  [1]=>
  string(12) "while away 2"
}
NULL
