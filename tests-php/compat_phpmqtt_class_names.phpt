--TEST--
phpMQTT: both class names are one class; the constructor does no I/O; public properties with the original defaults, writable
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
$t = microtime(true);
$a = new phpMQTT('192.0.2.1', 1883, 'id-a');           // unreachable: nothing is attempted
$b = new Bluerhinos\phpMQTT('192.0.2.1', '1883', 'id-b', '/ca.pem');
var_dump(microtime(true) - $t < 0.5);
var_dump($a instanceof Bluerhinos\phpMQTT, $b instanceof phpMQTT, get_class($a));
var_dump($a->keepalive, $a->timesinceping, $a->topics, $a->debug, $a->will, $a->cafile, $a->username, $a->password);
var_dump($b->address, $b->port, $b->clientid, $b->cafile);
$b->broker('127.0.0.1', 1884, 'id-c');
var_dump($b->port, $b->clientid, $b->cafile);
$a->topics['x/#'] = ['qos' => 1, 'function' => 'strlen'];
$a->username = 'u';
var_dump(array_keys($a->topics), $a->username);
var_dump($a->read(), $a->read(10, true));
$a->printstr("A\x01");
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
string(18) "Bluerhinos\phpMQTT"
int(10)
NULL
array(0) {
}
bool(false)
NULL
NULL
NULL
NULL
string(9) "192.0.2.1"
string(4) "1883"
string(4) "id-b"
string(7) "/ca.pem"
int(1884)
string(4) "id-c"
NULL
array(1) {
  [0]=>
  string(3) "x/#"
}
string(1) "u"
string(0) ""
string(0) ""
   0: 01000001 : 0x41 : A 
   1: 00000001 : 0x01 :   
