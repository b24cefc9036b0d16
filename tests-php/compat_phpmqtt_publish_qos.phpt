--TEST--
phpMQTT publish(): QoS 0, 1 and 2 reach a subscriber; QoS 1/2 return only once acknowledged, retain is kept
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('compat-pub');
$sub = mqtt_sub_start($topic, 3, 0, ['-v']);
$m = new phpMQTT(mqtt_host(), mqtt_port(), 'compat-pub-' . getmypid());
var_dump($m->connect());
$m->publish($topic, 'q0', 0);
$m->publish($topic, 'q1', 1);
$m->publish($topic, 'q2', 2);
$m->close();
foreach (mqtt_sub_wait($sub) as $line) { echo substr($line, strlen($topic) + 1), "\n"; }

// retain: a later subscriber gets it
$r = mqtt_topic('compat-retain');
$m->connect();
$m->publish($r, 'kept', 1, true);
$m->close();
print_r(mqtt_sub_wait(mqtt_sub_start($r, 1, 0, [], 5)));
mqtt_pub($r, '', 0, ['-r']);
?>
--EXPECT--
bool(true)
q0
q1
q2
Array
(
    [0] => kept
)
