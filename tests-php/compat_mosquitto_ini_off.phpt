--TEST--
mqtt.mosquitto_compat = 0: the Mosquitto\* classes and MOSQ_LOG_* constants are not registered; everything else is
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--INI--
mqtt.mosquitto_compat=0
--FILE--
<?php
var_dump(class_exists('Mosquitto\Client'), class_exists('Mosquitto\Message'), class_exists('Mosquitto\Exception'));
var_dump(defined('MOSQ_LOG_INFO'));
var_dump(class_exists('Mqtt\Client'), class_exists('Bluerhinos\phpMQTT'), class_exists('phpMQTT'));
var_dump(ini_get('mqtt.mosquitto_compat'));
?>
--EXPECT--
bool(false)
bool(false)
bool(false)
bool(false)
bool(true)
bool(true)
bool(true)
string(1) "0"
