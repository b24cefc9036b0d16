--TEST--
20,000 QoS 0 messages sent by mosquitto_pub -l all reach the callback, in bounded time
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
const N = 20000;
$topic = mqtt_topic('flood');
$count = 0;
$seen = [];
$c = mqtt_client();
$c->connect();
$c->subscribe($topic, 0, function (Mqtt\Message $m) use (&$count, &$seen) {
    $count++;
    $seen[$m->payload] = true;
});
$pub = proc_open(['mosquitto_pub', '-h', '127.0.0.1', '-p', (string)mqtt_port(), '-t', $topic, '-q', '0', '-l'],
    [0 => ['pipe', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
stream_set_blocking($pipes[0], false);
$lines = '';
for ($i = 0; $i < N; $i++) {
    $lines .= "message $i\n";
}
$start = microtime(true);
$deadline = $start + 60;
// Feed mosquitto_pub's stdin while consuming, so that neither side waits for the other.
while ($count < N && microtime(true) < $deadline) {
    if ($lines !== '') {
        $w = fwrite($pipes[0], $lines);
        if ($w > 0) {
            $lines = (string)substr($lines, $w);
        }
        if ($lines === '') {
            fclose($pipes[0]);
        }
    }
    $c->loop(0.05);
}
$elapsed = microtime(true) - $start;
$c->loop(0.3);
if ($lines !== '') {
    fclose($pipes[0]);
}
proc_close($pub);
var_dump($count, count($seen));
var_dump($elapsed < 60 ?: $elapsed);
$c->disconnect();
?>
--EXPECT--
int(20000)
int(20000)
bool(true)
