--TEST--
Mosquitto\Client::getSocket(): a descriptor stream_select() sees readable while events wait for loop()
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('mosq-fd');
$c = new Mosquitto\Client();
var_dump($c->getSocket());
$got = [];
$c->onMessage(function ($m) use (&$got) { $got[] = $m->payload; });
$c->connect(mqtt_host(), mqtt_port());
$fd = $c->getSocket();
var_dump(is_int($fd) && $fd >= 0);
$stream = fopen("php://fd/$fd", 'r');
// The CONNACK event waits: readable at once.
$r = [$stream]; $w = $e = null;
var_dump(stream_select($r, $w, $e, 2));
$c->loop(0);
$c->subscribe($topic, 1);
$c->loop(500);
// Nothing waits now: not readable.
$r = [$stream];
var_dump(stream_select($r, $w, $e, 0, 200000));
mqtt_pub($topic, 'hello', 1);
$r = [$stream];
var_dump(stream_select($r, $w, $e, 5));
$c->loop(0);
var_dump($got);
$c->disconnect();
var_dump($c->getSocket());
?>
--EXPECT--
int(-1)
bool(true)
int(1)
int(0)
int(1)
array(1) {
  [0]=>
  string(5) "hello"
}
int(-1)
