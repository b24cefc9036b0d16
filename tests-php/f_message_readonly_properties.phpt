--TEST--
Mqtt\Message's properties are read-only as PHP's readonly properties are: writing, modifying or unsetting one throws \Error("Cannot modify readonly property ...") / ("Cannot unset readonly property ...") and leaves it as it was
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
$m = new Mqtt\Message('a/b', 'payload', 1, true);
$before = var_export($m, true);
foreach (['topic' => 'x', 'payload' => 'y', 'qos' => 2, 'retain' => false, 'dup' => true, 'mid' => 7, 'properties' => ['k' => 'v']] as $name => $value) {
    foreach ([
        'write' => function () use ($m, $name, $value) { $m->$name = $value; },
        'unset' => function () use ($m, $name) { unset($m->$name); },
    ] as $op => $call) {
        try {
            $call();
            echo "$op \$$name: no error?!\n";
        } catch (Error $e) {
            echo "$op \$$name: ", get_class($e), ': ', $e->getMessage(), "\n";
        }
    }
}
foreach ([
    '$m->topic .= "x"' => function () use ($m) { $m->topic .= 'x'; },
    '$m->qos++' => function () use ($m) { $m->qos++; },
    '$m->properties["k"] = 1' => function () use ($m) { $m->properties['k'] = 1; },
    '$m->payload[0] = "P"' => function () use ($m) { $m->payload[0] = 'P'; },
    '$r = &$m->mid' => function () use ($m) { $r = &$m->mid; $r = 5; },
] as $what => $call) {
    try {
        $call();
        echo "$what: no error?!\n";
    } catch (Error $e) {
        echo "$what: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}
var_dump(var_export($m, true) === $before);
// Reading is as before; a property that does not exist is still no dynamic property.
var_dump($m->topic, isset($m->qos), isset($m->nope));
try {
    $m->nope = 1;
} catch (Error $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
?>
--EXPECT--
write $topic: Error: Cannot modify readonly property Mqtt\Message::$topic
unset $topic: Error: Cannot unset readonly property Mqtt\Message::$topic
write $payload: Error: Cannot modify readonly property Mqtt\Message::$payload
unset $payload: Error: Cannot unset readonly property Mqtt\Message::$payload
write $qos: Error: Cannot modify readonly property Mqtt\Message::$qos
unset $qos: Error: Cannot unset readonly property Mqtt\Message::$qos
write $retain: Error: Cannot modify readonly property Mqtt\Message::$retain
unset $retain: Error: Cannot unset readonly property Mqtt\Message::$retain
write $dup: Error: Cannot modify readonly property Mqtt\Message::$dup
unset $dup: Error: Cannot unset readonly property Mqtt\Message::$dup
write $mid: Error: Cannot modify readonly property Mqtt\Message::$mid
unset $mid: Error: Cannot unset readonly property Mqtt\Message::$mid
write $properties: Error: Cannot modify readonly property Mqtt\Message::$properties
unset $properties: Error: Cannot unset readonly property Mqtt\Message::$properties
$m->topic .= "x": Error: Cannot modify readonly property Mqtt\Message::$topic
$m->qos++: Error: Cannot modify readonly property Mqtt\Message::$qos
$m->properties["k"] = 1: Error: Cannot modify readonly property Mqtt\Message::$properties
$m->payload[0] = "P": Error: Cannot modify readonly property Mqtt\Message::$payload
$r = &$m->mid: Error: Cannot modify readonly property Mqtt\Message::$mid
bool(true)
string(3) "a/b"
bool(true)
bool(false)
Error: Cannot create dynamic property Mqtt\Message::$nope
