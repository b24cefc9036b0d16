<?php
// Soak: $argv[2] messages (default 1,000,000) through one client, which publishes them
// (publishAsync + flush, in batches of 1,000 at QoS 1 and 2 in turn; QoS 0 is not
// guaranteed to come back: mosquitto may drop it under load) and receives each back on
// its own subscription. Prints resident memory every 100,000 messages; the process's memory
// must stay flat once warmed up.
[$port, $total] = [(int)($argv[1] ?? 1883), (int)($argv[2] ?? 1000000)];
function rss(): int
{
    preg_match('/VmRSS:\s+(\d+)/', file_get_contents('/proc/self/status'), $m);
    return (int)$m[1];
}
$c = new Mqtt\Client('127.0.0.1', $port, ['timeout' => 30.0]);
$c->connect();
$topic = 'soak/' . getmypid();
$sent = $received = 0;
$c->subscribe($topic, 2, function (Mqtt\Message $m) use (&$received) { $received++; });
$payload = str_repeat('x', 64);
$batch = 1000;
$t0 = microtime(true);
$rss = [];
printf("%9s %9s %10s %8s\n", 'messages', 'received', 'RSS KiB', 'seconds');
while ($sent < $total) {
    $qos = 1 + intdiv($sent, $batch) % 2;
    for ($i = 0; $i < $batch; $i++) { $c->publishAsync($topic, $payload, $qos); }
    $c->flush();
    $sent += $batch;
    while ($received < $sent) {
        if ($c->loop(10.0) === 0) { fprintf(STDERR, "message %d never came back\n", $received); exit(1); }
    }
    if ($sent % 100000 === 0) {
        $rss[$sent] = rss();
        printf("%9d %9d %10d %8.1f\n", $sent, $received, $rss[$sent], microtime(true) - $t0);
    }
}
$c->disconnect();
$first = $rss[min(array_keys($rss))];
printf("RSS growth from the first to the last checkpoint: %d KiB (%d -> %d KiB), %.0f msg/s\n",
    end($rss) - $first, $first, end($rss), $total / (microtime(true) - $t0));
