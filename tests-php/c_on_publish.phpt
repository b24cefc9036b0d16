--TEST--
onPublish fires with the mid of each acknowledged publishAsync(), during flush() and during loop()
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('onpublish');
$mids = [];
$c = mqtt_client();
$c->connect();
$c->onPublish(function (int $mid) use (&$mids) { $mids[] = $mid; });
$c->publishAsync($topic, 'a', 1);
$c->publishAsync($topic, 'b', 2);
$c->publishAsync($topic, 'c', 1);
var_dump($mids); // not before flush() or loop()
var_dump($c->flush(5.0));
var_dump(count($mids), count(array_unique($mids)), min($mids) > 0);

$c->publishAsync($topic, 'd', 1);
$deadline = microtime(true) + 5;
$ran = 0;
while (count($mids) < 4 && microtime(true) < $deadline) {
    $ran += $c->loop(0.2);
}
var_dump(count($mids), count(array_unique($mids)), $ran >= 1);
$c->disconnect();
?>
--EXPECT--
array(0) {
}
int(3)
int(3)
int(3)
bool(true)
int(4)
int(4)
bool(true)
