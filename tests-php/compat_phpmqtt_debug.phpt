--TEST--
phpMQTT $debug: trace lines on the output only when true (date, then the event)
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$m = new phpMQTT(mqtt_host(), mqtt_port(), 'compat-debug-' . getmypid());
ob_start(); $m->connect(); $m->ping(); $quiet = ob_get_clean();
var_dump($quiet, is_int($m->timesinceping));
$m->close();
$m->debug = true;
$m->connect();
$topic = mqtt_topic('compat-debug');
$m->subscribe([$topic => ['qos' => 1, 'function' => fn () => null]]);
$m->ping();
$m->message("\x00\x05other" . 'payload');   // matches nothing
$m->close();
$m->debug = 1;                         // only true counts, as in the original
$m->ping();
?>
--EXPECTF--
string(0) ""
bool(true)
%s, %d %s %d %d:%d:%d %s: Connected to Broker
%s: Subscribed to phpt/%s/compat-debug (QoS 1 asked, 1 granted)
%s: ping sent
%s: msg received but no match in subscriptions
