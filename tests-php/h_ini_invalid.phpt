--TEST--
php.ini values that make no sense are refused with a warning at startup, and ini_set() returns false with a warning, instead of being read as 0 or silently replaced by the default
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--INI--
mqtt.default_timeout=abc
mqtt.default_connect_timeout=-1
mqtt.persistent_max=-5
--FILE--
<?php
// The refused startup values leave the defaults in place, and say so (above).
var_dump(ini_get('mqtt.default_timeout'), ini_get('mqtt.default_connect_timeout'), ini_get('mqtt.persistent_max'));
foreach ([
    ['mqtt.default_timeout', '0'],
    ['mqtt.default_timeout', '-1'],
    ['mqtt.default_timeout', 'NaN'],
    ['mqtt.default_timeout', 'INF'],
    ['mqtt.default_connect_timeout', '10 seconds'],
    ['mqtt.persistent_max', '-5'],
    ['mqtt.persistent_max', '2.5'],
] as [$k, $v]) {
    $r = ini_set($k, $v);
    echo "$k=$v: ", var_export($r, true), ', now ', ini_get($k), "\n";
}
// Sensible values still go in (a huge timeout means "as long as it takes", as in the options).
var_dump(ini_set('mqtt.default_timeout', '1e99'), ini_get('mqtt.default_timeout'));
var_dump(ini_set('mqtt.default_timeout', '0.5'), ini_get('mqtt.default_timeout'));
var_dump(ini_set('mqtt.persistent_max', '0'), ini_get('mqtt.persistent_max'));
?>
--EXPECTF--
%AWarning: PHP Startup: mqtt.default_timeout must be a finite number of seconds above 0, "abc" given; the value is ignored in Unknown on line 0
%AWarning: PHP Startup: mqtt.default_connect_timeout must be a finite number of seconds above 0, "-1" given; the value is ignored in Unknown on line 0
%AWarning: PHP Startup: mqtt.persistent_max must be a whole number, 0 or more, "-5" given; the value is ignored in Unknown on line 0
string(2) "10"
string(2) "10"
string(2) "16"

Warning: ini_set(): mqtt.default_timeout must be a finite number of seconds above 0, "0" given; the value is ignored in %s on line %d
mqtt.default_timeout=0: false, now 10

Warning: ini_set(): mqtt.default_timeout must be a finite number of seconds above 0, "-1" given; the value is ignored in %s on line %d
mqtt.default_timeout=-1: false, now 10

Warning: ini_set(): mqtt.default_timeout must be a finite number of seconds above 0, "NaN" given; the value is ignored in %s on line %d
mqtt.default_timeout=NaN: false, now 10

Warning: ini_set(): mqtt.default_timeout must be a finite number of seconds above 0, "INF" given; the value is ignored in %s on line %d
mqtt.default_timeout=INF: false, now 10

Warning: ini_set(): mqtt.default_connect_timeout must be a finite number of seconds above 0, "10 seconds" given; the value is ignored in %s on line %d
mqtt.default_connect_timeout=10 seconds: false, now 10

Warning: ini_set(): mqtt.persistent_max must be a whole number, 0 or more, "-5" given; the value is ignored in %s on line %d
mqtt.persistent_max=-5: false, now 16

Warning: ini_set(): mqtt.persistent_max must be a whole number, 0 or more, "2.5" given; the value is ignored in %s on line %d
mqtt.persistent_max=2.5: false, now 16
string(2) "10"
string(4) "1e99"
string(4) "1e99"
string(3) "0.5"
string(2) "16"
string(1) "0"
