--TEST--
5,000 blocking QoS 1 publishes to a default mosquitto: every one delivered exactly once
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$n = 5000;
$topic = mqtt_topic('volume-qos1');
$sub = mqtt_sub_start($topic, $n, extra: ['-v'], seconds: 40);
$c = mqtt_client(['timeout' => 5.0, 'connect_timeout' => 2.0]);
$c->connect();
$start = microtime(true);
$ids = 0;
for ($i = 0; $i < $n; $i++) {
    if ($c->publish($topic, "seq-$i", 1) > 0) { $ids++; }
}
$c->disconnect();
$lines = mqtt_sub_wait($sub);
echo "publish() returned a packet id: $ids\n";
echo "lines received: ", count($lines), "\n";
$seen = [];
$bad = 0;
foreach ($lines as $line) {
    if (!preg_match('/^' . preg_quote($topic, '/') . ' seq-(\d+)$/', $line, $m)) { $bad++; continue; }
    $seen[(int)$m[1]] = ($seen[(int)$m[1]] ?? 0) + 1;
}
echo "malformed lines: $bad\n";
echo "distinct sequence numbers: ", count($seen), "\n";
echo "duplicates: ", count(array_filter($seen, fn($k) => $k > 1)), "\n";
$missing = 0;
for ($i = 0; $i < $n; $i++) { if (!isset($seen[$i])) { $missing++; } }
echo "missing: $missing\n";
echo "within 30 s: ", var_export(microtime(true) - $start < 30, true), "\n";
?>
--EXPECT--
publish() returned a packet id: 5000
lines received: 5000
malformed lines: 0
distinct sequence numbers: 5000
duplicates: 0
missing: 0
within 30 s: true
