--TEST--
Mosquitto\Message: writable properties in the original's var_dump order, topicMatchesSub(), tokeniseTopic()
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
$m = new Mosquitto\Message();
var_dump($m);
$m->mid = 7; $m->topic = 'a/b'; $m->payload = "ab"; $m->qos = 2; $m->retain = true;
var_dump($m);
var_dump(Mosquitto\Message::topicMatchesSub('a/b/c', 'a/+/c'), Mosquitto\Message::topicMatchesSub('a/b/c', 'a/#'),
    Mosquitto\Message::topicMatchesSub('a/b', 'a/c'), Mosquitto\Message::topicMatchesSub('a/#', 'a/b'));
var_dump(Mosquitto\Message::tokeniseTopic('/foo/bar'), Mosquitto\Message::tokeniseTopic('a//b/'));
?>
--EXPECT--
object(Mosquitto\Message)#1 (5) {
  ["mid"]=>
  int(0)
  ["topic"]=>
  NULL
  ["payload"]=>
  string(0) ""
  ["qos"]=>
  int(0)
  ["retain"]=>
  bool(false)
}
object(Mosquitto\Message)#1 (5) {
  ["mid"]=>
  int(7)
  ["topic"]=>
  string(3) "a/b"
  ["payload"]=>
  string(2) "ab"
  ["qos"]=>
  int(2)
  ["retain"]=>
  bool(true)
}
bool(true)
bool(true)
bool(false)
bool(false)
array(3) {
  [0]=>
  NULL
  [1]=>
  string(3) "foo"
  [2]=>
  string(3) "bar"
}
array(4) {
  [0]=>
  string(1) "a"
  [1]=>
  NULL
  [2]=>
  string(1) "b"
  [3]=>
  NULL
}
