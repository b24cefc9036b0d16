--TEST--
A binary payload (NUL bytes, invalid UTF-8, all 256 byte values) arrives byte for byte
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('binary');
$c = mqtt_client(['timeout' => 3.0, 'connect_timeout' => 2.0]);
$c->connect();
$c->subscribe($topic, 2);
$all = implode('', array_map('chr', range(0, 255)));
$payloads = [
    'nul' => "\0",
    'nuls' => "a\0b\0\0c\0",
    'invalid-utf8' => "\xff\xfe\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x90\x28\xbc\xc0\xaf",
    'all-bytes' => $all,
    'all-bytes-reversed-x4' => str_repeat(strrev($all), 4),
    'empty' => '',
];
foreach ($payloads as $name => $p) {
    foreach ([0, 1, 2] as $qos) {
        $c->publish($topic, $p, $qos);
        $m = $c->receive(3.0);
        printf("%s qos %d: %s, %d bytes\n", $name, $qos,
            $m !== null && $m->payload === $p ? 'identical' : 'DIFFERENT', $m === null ? -1 : strlen($m->payload));
    }
}
$c->disconnect();
?>
--EXPECT--
nul qos 0: identical, 1 bytes
nul qos 1: identical, 1 bytes
nul qos 2: identical, 1 bytes
nuls qos 0: identical, 7 bytes
nuls qos 1: identical, 7 bytes
nuls qos 2: identical, 7 bytes
invalid-utf8 qos 0: identical, 15 bytes
invalid-utf8 qos 1: identical, 15 bytes
invalid-utf8 qos 2: identical, 15 bytes
all-bytes qos 0: identical, 256 bytes
all-bytes qos 1: identical, 256 bytes
all-bytes qos 2: identical, 256 bytes
all-bytes-reversed-x4 qos 0: identical, 1024 bytes
all-bytes-reversed-x4 qos 1: identical, 1024 bytes
all-bytes-reversed-x4 qos 2: identical, 1024 bytes
empty qos 0: identical, 0 bytes
empty qos 1: identical, 0 bytes
empty qos 2: identical, 0 bytes
