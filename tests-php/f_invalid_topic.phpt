--TEST--
publish() and publishAsync() reject topics with '+', '#', NUL, empty, invalid UTF-8 or over 65535 bytes with \ValueError; the client stays usable
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$c = mqtt_client(['timeout' => 2.0, 'connect_timeout' => 2.0]);
$c->connect();
foreach ([
    'plus' => 'a/+/b', 'plus alone' => '+', 'hash' => 'a/#', 'hash alone' => '#', 'hash inside' => 'a#b',
    'NUL' => "a\0b", 'empty' => '', 'invalid UTF-8' => "a/\xff\xfe", 'overlong UTF-8' => "\xc0\xaf",
    'too long' => str_repeat('a', 65536),
] as $name => $topic) {
    foreach (['publish' => fn() => $c->publish($topic, 'x', 1), 'publishAsync' => fn() => $c->publishAsync($topic, 'x', 1)] as $m => $call) {
        try {
            $call();
            echo "$name ($m): accepted?!\n";
        } catch (\ValueError $e) {
            echo "$name ($m): ValueError\n";
        }
    }
}
// The client is still usable afterwards, and nothing reached the broker.
var_dump($c->isConnected());
$topic = mqtt_topic('valid');
$c->subscribe($topic, 1);
var_dump($c->publish($topic, 'fine', 1) > 0);
var_dump($c->receive(2.0)?->payload);
var_dump($c->flush(1.0));
$c->disconnect();
?>
--EXPECT--
plus (publish): ValueError
plus (publishAsync): ValueError
plus alone (publish): ValueError
plus alone (publishAsync): ValueError
hash (publish): ValueError
hash (publishAsync): ValueError
hash alone (publish): ValueError
hash alone (publishAsync): ValueError
hash inside (publish): ValueError
hash inside (publishAsync): ValueError
NUL (publish): ValueError
NUL (publishAsync): ValueError
empty (publish): ValueError
empty (publishAsync): ValueError
invalid UTF-8 (publish): ValueError
invalid UTF-8 (publishAsync): ValueError
overlong UTF-8 (publish): ValueError
overlong UTF-8 (publishAsync): ValueError
too long (publish): ValueError
too long (publishAsync): ValueError
bool(true)
bool(true)
string(4) "fine"
int(0)
