--TEST--
php.ini: the mqtt.* entries exist with their documented defaults; mqtt.mosquitto_compat cannot be changed at run time
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
foreach (['mqtt.default_timeout', 'mqtt.default_connect_timeout', 'mqtt.persistent_max', 'mqtt.mosquitto_compat'] as $k) {
    echo $k, ' = ', var_export(ini_get($k), true), "\n";
}
// PHP_INI_ALL entries can be set by a script; the PHP_INI_SYSTEM one cannot.
var_dump(ini_set('mqtt.default_timeout', '2.5'), ini_get('mqtt.default_timeout'));
var_dump(ini_set('mqtt.mosquitto_compat', '0'), ini_get('mqtt.mosquitto_compat'));
?>
--EXPECT--
mqtt.default_timeout = '10'
mqtt.default_connect_timeout = '10'
mqtt.persistent_max = '16'
mqtt.mosquitto_compat = '1'
string(2) "10"
string(3) "2.5"
bool(false)
string(1) "1"
