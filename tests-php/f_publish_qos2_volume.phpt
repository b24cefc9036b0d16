--TEST--
2,000 blocking QoS 2 publishes to a default mosquitto: every one delivered exactly once
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$n = 2000;
$qos = 2;
$topic = mqtt_topic("volume-qos$qos");

// A broker of our own with the default limits but for the subscriber's queue: by default
// mosquitto drops what is queued past 1,000 for a subscriber that lags, as a mosquitto_sub on a
// busy CPU can; what is tested here is the publisher.
$broker = new TestBroker(['max_queued_messages 0']);
// mosquitto_sub writes to a file (a pipe would fill up and stall it); a probe message shows
// when its subscription is in place.
$out = tempnam(sys_get_temp_dir(), 'f-volume');
$sub = proc_open(['mosquitto_sub', '-h', '127.0.0.1', '-p', (string)$broker->port, '-q', '2', '-v', '-W', '90', '-t', $topic],
    [1 => ['file', $out, 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
$c = mqtt_client(['timeout' => 5.0, 'connect_timeout' => 2.0], $broker->port);
$c->connect();
$deadline = microtime(true) + 20;
do {
    $c->publish($topic, 'probe', 1);
    usleep(50000);
} while (!str_contains(file_get_contents($out), ' probe') && microtime(true) < $deadline);

$start = microtime(true);
$ids = 0;
for ($i = 0; $i < $n; $i++) {
    if ($c->publish($topic, "seq-$i", $qos) > 0) { $ids++; }
}
// The broker hands a subscriber its messages in order: once 'end' is written, every copy of
// the others (duplicates too) is.
$c->publish($topic, 'end', 1);
$c->disconnect();
$deadline = microtime(true) + 60;
while (!str_contains(file_get_contents($out), "$topic end\n") && microtime(true) < $deadline) { usleep(50000); }
proc_terminate($sub);
proc_close($sub);
$lines = file($out, FILE_IGNORE_NEW_LINES);
unlink($out);

echo "publish() returned a packet id: $ids\n";
$seen = [];
$bad = 0;
foreach ($lines as $line) {
    if ($line === "$topic probe" || $line === "$topic end") { continue; }
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
publish() returned a packet id: 2000
messages received: 2000
malformed lines: 0
distinct sequence numbers: 2000
duplicates: 0
missing: 0
within 30 s: true
