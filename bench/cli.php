<?php
// Publishing throughput of one CLI process, and memory over repeated connections.
// Run with bench/cli.sh (starts its own mosquitto).
$host = getenv('MQTT_HOST') ?: '127.0.0.1';
$port = (int)(getenv('MQTT_PORT') ?: 1883);
$n = (int)($argv[1] ?? 20000);

$c = new Mqtt\Client($host, $port);
$c->connect();
foreach ([0, 1, 2] as $qos) {
    $t = microtime(true);
    for ($i = 0; $i < $n; $i++) {
        $c->publish('bench/cli', 'x', $qos);
    }
    $d = microtime(true) - $t;
    printf("publish() QoS %d:            %7.0f msg/s  %6.1f us each\n", $qos, $n / $d, $d / $n * 1e6);
}
$t = microtime(true);
for ($i = 0; $i < $n; $i++) {
    $c->publishAsync('bench/cli', 'x', 1);
}
$done = $c->flush();
printf("publishAsync() QoS 1 + flush: %7.0f msg/s  (%d acknowledged)\n", $n / (microtime(true) - $t), $done);
$c->disconnect();

function rss(): int
{
    preg_match('/VmRSS:\s+(\d+)/', file_get_contents('/proc/self/status'), $m);
    return (int)$m[1];
}
$rss = [];
for ($round = 0; $round < 3; $round++) {
    $t = microtime(true);
    for ($i = 0; $i < 1000; $i++) {
        $c = new Mqtt\Client($host, $port);
        $c->connect();
        $c->subscribe('bench/cli/#', 1, fn($m) => null);
        $c->publish('bench/cli/x', str_repeat('x', 1000), 1);
        $c->loop(0.0);
        $c->disconnect();
        unset($c);
    }
    $rss[] = rss();
    printf("connect+subscribe+publish+disconnect: %5.0f /s, RSS after %d000: %d KiB\n", 1000 / (microtime(true) - $t), $round + 1, end($rss));
}
printf("RSS growth over the last 2000 connections: %d KiB\n", end($rss) - $rss[0]);
