--TEST--
phpMQTT: filters match by MQTT rules (a/# matches a), one call per matching filter; subscribe() merges into $topics; subscribeAndWaitForMessage() returns only its topic
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$base = mqtt_topic('compat-filters');
$calls = [];
$rec = function ($name) use (&$calls, $base) {
    return function ($t, $p) use ($name, &$calls, $base) { $calls[] = "$name " . substr($t, strlen($base)) . " $p"; };
};
$m = new Bluerhinos\phpMQTT(mqtt_host(), mqtt_port(), 'compat-filters-' . getmypid());
var_dump($m->connect());
$m->subscribe(["$base/a/#" => ['qos' => 1, 'function' => $rec('hash')]], 1);
$m->subscribe(["$base/+" => ['qos' => 0, 'function' => $rec('plus')], "$base/a" => ['qos' => 2, 'function' => $rec('exact')]]);
$m->subscribe(["$base/a/#" => ['qos' => 1, 'function' => $rec('hash2')]]);  // replaces, keeps its place
echo implode(', ', array_map(fn ($k) => substr($k, strlen($base)), array_keys($m->topics))), "\n";
mqtt_pub("$base/a", 'x', 1);
mqtt_pub("$base/a/b", 'y', 1);
$deadline = microtime(true) + 5;
while (count($calls) < 4 && microtime(true) < $deadline) { $m->proc(); }
$m->proc(false);
print_r($calls);

// subscribeAndWaitForMessage: a message on another subscription goes to its callback, not returned
// (the wanted one also goes to the other filters it matches, /+ here, as in the original)
$calls = [];
$wait = "$base/wait";
$pub = proc_open(['sh', '-c', 'sleep 0.5; mosquitto_pub -h 127.0.0.1 -p ' . mqtt_port() . " -q 1 -t '$base/a' -m other; mosquitto_pub -h 127.0.0.1 -p " . mqtt_port() . " -q 1 -t '$wait' -m wanted"], [], $pipes);
var_dump($m->subscribeAndWaitForMessage($wait, 1));
proc_close($pub);
print_r($calls);
$m->close();
?>
--EXPECT--
bool(true)
/a/#, /+, /a
Array
(
    [0] => hash2 /a x
    [1] => plus /a x
    [2] => exact /a x
    [3] => hash2 /a/b y
)
string(6) "wanted"
Array
(
    [0] => hash2 /a other
    [1] => plus /a other
    [2] => exact /a other
    [3] => plus /wait wanted
)
