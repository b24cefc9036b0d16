--TEST--
A slow consumer stays bounded: 5,000 QoS 1 messages of 10 KiB arriving while PHP does not loop grow RSS by less than 40 MB, and all arrive later
--SKIPIF--
<?php
require __DIR__ . '/lib/skipif.inc';
if (!is_readable('/proc/self/status')) die('skip needs /proc/self/status');
?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
const N = 5000;
const SIZE = 10240;
function rss_kb(string $field = 'VmRSS'): int
{
    preg_match("/^$field:\\s+(\\d+) kB/m", file_get_contents('/proc/self/status'), $m);
    return (int)$m[1];
}
$broker = new TestBroker(['max_queued_messages 10000', 'max_queued_bytes 0']);
$topic = mqtt_topic('slow');
$count = 0;
$bytes = 0;
$seen = [];
$c = mqtt_client([], $broker->port);
$c->connect();
$c->subscribe($topic, 1, function (Mqtt\Message $m) use (&$count, &$bytes, &$seen) {
    $count++;
    $bytes += strlen($m->payload);
    $seen[substr($m->payload, 0, 5)] = true;
});
$c->loop(0.1);

$file = tempnam(sys_get_temp_dir(), 'c_slow');
$fh = fopen($file, 'w');
for ($i = 0; $i < N; $i++) {
    fwrite($fh, str_pad(sprintf('%05d', $i), SIZE, 'x') . "\n");
}
fclose($fh);
gc_collect_cycles();
$before = rss_kb();

$pub = proc_open(['mosquitto_pub', '-h', '127.0.0.1', '-p', (string)$broker->port, '-t', $topic, '-q', '1', '-l'],
    [0 => ['file', $file, 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
sleep(2); // a slow consumer: no loop() meanwhile
$afterSleep = rss_kb();

$deadline = microtime(true) + 60;
while ($count < N && microtime(true) < $deadline) {
    $c->loop(0.2);
}
$peak = rss_kb('VmHWM');
proc_close($pub);
unlink($file);

$grown = ($afterSleep - $before) / 1024;
var_dump($grown < 40 ?: "grew by $grown MB while not looping");
$grownPeak = ($peak - $before) / 1024;
var_dump($grownPeak < 40 ?: "peak grew by $grownPeak MB");
var_dump($count, count($seen), $bytes === N * SIZE);
$c->disconnect();
?>
--EXPECT--
bool(true)
bool(true)
int(5000)
int(5000)
bool(true)
