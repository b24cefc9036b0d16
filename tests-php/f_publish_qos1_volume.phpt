--TEST--
5,000 blocking QoS 1 publishes to a default mosquitto: every one delivered exactly once
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$n = 5000;
$qos = 1;
$topic = mqtt_topic("volume-qos$qos");

// mosquitto_sub writes to a file (a pipe would fill up and stall it); a probe message shows
// when its subscription is in place.
$out = tempnam(sys_get_temp_dir(), 'f-volume');
$sub = proc_open(['mosquitto_sub', '-h', '127.0.0.1', '-p', (string)mqtt_port(), '-q', '2', '-v', '-W', '60', '-t', $topic],
    [1 => ['file', $out, 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
$c = mqtt_client(['timeout' => 5.0, 'connect_timeout' => 2.0]);
$c->connect();
$deadline = microtime(true) + 5;
do {
    $c->publish($topic, 'probe', 1);
    usleep(50000);
} while (!str_contains(file_get_contents($out), ' probe') && microtime(true) < $deadline);

$start = microtime(true);
$ids = 0;
for ($i = 0; $i < $n; $i++) {
    if ($c->publish($topic, "seq-$i", $qos) > 0) { $ids++; }
}
$c->disconnect();
// Wait until mosquitto_sub has written them all (bounded), then a little more for duplicates.
$deadline = microtime(true) + 20;
while (substr_count(file_get_contents($out), ' seq-') < $n && microtime(true) < $deadline) { usleep(50000); }
usleep(300000);
proc_terminate($sub);
proc_close($sub);
$lines = file($out, FILE_IGNORE_NEW_LINES);
unlink($out);

echo "publish() returned a packet id: $ids\n";
$seen = [];
$bad = 0;
foreach ($lines as $line) {
    if ($line === "$topic probe") { continue; }
    if (!preg_match('/^' . preg_quote($topic, '/') . ' seq-(\d+)$/', $line, $m)) { $bad++; continue; }
    $seen[(int)$m[1]] = ($seen[(int)$m[1]] ?? 0) + 1;
}
echo "messages received: ", array_sum($seen), "\n";
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
messages received: 5000
malformed lines: 0
distinct sequence numbers: 5000
duplicates: 0
missing: 0
within 30 s: true
