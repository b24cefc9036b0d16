--TEST--
onConnect fires once, at the first loop() after connect(), with false for a clean session
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$calls = [];
$c = mqtt_client();
$c->onConnect(function (bool $sessionPresent) use (&$calls) { $calls[] = $sessionPresent; });
$c->connect();
var_dump($calls); // callbacks run only inside loop()
var_dump($c->loop(1.0));
var_dump($calls);
var_dump($c->loop(0.2));
var_dump(count($calls));
$c->disconnect();
?>
--EXPECT--
array(0) {
}
int(1)
array(1) {
  [0]=>
  bool(false)
}
int(0)
int(1)
