--TEST--
A NUL byte or a control character in the host is a \ValueError from the constructor (not an \Error from connect()); a password may hold any byte MQTT allows in binary data, NUL included
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
foreach (["127.0.0.1\0x", "\0", "127.0.0.1\n", "local\thost", "mqtt://127.0.0.1\0x:1883", "mqtt://u:p@127.0.0.1\x7f"] as $host) {
    try {
        new Mqtt\Client($host, mqtt_port());
        echo var_export($host, true), ": accepted?!\n";
    } catch (\ValueError $e) {
        echo str_replace("\0", '\0', $e->getMessage()), "\n";
    }
}
// MQTT's password is binary data: a NUL byte in it is the broker's business, not a local error.
$c = mqtt_client(['username' => 'user', 'password' => "pass\0word", 'connect_timeout' => 2.0]);
$c->connect();
var_dump($c->isConnected());
$c->disconnect();
?>
--EXPECT--
host must not contain the null character (U+0000)
host must not contain the null character (U+0000)
host must not contain a control character (U+000A)
host must not contain a control character (U+0009)
host must not contain the null character (U+0000)
host must not contain a control character (U+007F)
bool(true)
