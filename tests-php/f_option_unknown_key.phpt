--TEST--
An unknown option key is a \ValueError naming the key
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
foreach (['keepalive' => 60, 'no_such_option' => true, 'Client_ID' => 'x', 'will_topic' => 'a'] as $key => $value) {
    try {
        new Mqtt\Client('127.0.0.1', 1883, [$key => $value]);
        echo "$key: accepted?!\n";
    } catch (\ValueError $e) {
        echo "$key: ValueError", str_contains($e->getMessage(), $key) ? " naming $key" : ': ' . $e->getMessage(), "\n";
    }
}
try {
    new Mqtt\Client('127.0.0.1', 1883, [0 => 'positional']);
    echo "int key: accepted?!\n";
} catch (\ValueError $e) {
    echo "int key: ValueError\n";
}
?>
--EXPECT--
keepalive: ValueError naming keepalive
no_such_option: ValueError naming no_such_option
Client_ID: ValueError naming Client_ID
will_topic: ValueError naming will_topic
int key: ValueError
