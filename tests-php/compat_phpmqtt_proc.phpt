--TEST--
phpMQTT proc(): true when idle after about 100 ms (no wait with $loop false), returns as soon as a message comes, false without a connection; while ($mqtt->proc()) {} runs until close
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$m = new phpMQTT(mqtt_host(), mqtt_port(), 'compat-proc-' . getmypid());
var_dump(@$m->proc());                    // never connected
$m->connect();
$m->proc(false);
$t = microtime(true); $r = $m->proc(); $idle = microtime(true) - $t;
var_dump($r, $idle > 0.08 && $idle < 0.5);
$t = microtime(true); $r = $m->proc(false); $quick = microtime(true) - $t;
var_dump($r, $quick < 0.05);
$topic = mqtt_topic('compat-proc');
$n = 0;
$m->subscribe([$topic => ['qos' => 1, 'function' => function ($t, $p) use (&$n, $m) { if (++$n === 3) { $m->close(); } }]]);
for ($i = 0; $i < 3; $i++) { mqtt_pub($topic, "m$i", 1); }
$t = microtime(true);
while (@$m->proc()) {}
var_dump($n, microtime(true) - $t < 5);
?>
--EXPECT--
bool(false)
bool(true)
bool(true)
bool(true)
bool(true)
int(3)
bool(true)
