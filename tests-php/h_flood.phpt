--TEST--
Hostile server that floods PUBLISHes faster than PHP consumes: the client stops reading at the inbox's limit (the flood is throttled, resident memory stays bounded), messages still come in order when PHP consumes; with a publish the server never acknowledges (so the client keeps reading for its PUBACK) publish() throws Mqtt\TimeoutException in time and memory still stays bounded
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
<?php if (!function_exists('pcntl_fork')) die('skip pcntl needed'); ?>
--FILE--
<?php
require __DIR__ . '/lib/hostile.inc';

/** Floods PUBLISHes of $size bytes, 512 MiB at most (a client without a bound shows it without exhausting the machine). */
function flood_server(int $size): HostileServer
{
    return new HostileServer(function ($conn) use ($size) {
        if (!hostile_accept_connect($conn)) { return; }
        $chunk = str_repeat(hostile_publish_packet($size), max(1, intdiv(256 * 1024, $size)));
        stream_set_timeout($conn, 30);
        for ($sent = 0; $sent < 512 << 20; $sent += strlen($chunk)) {
            if (@fwrite($conn, $chunk) === false) { return; }
        }
        hostile_hold($conn);
    });
}

/** Watches the client for $seconds while PHP consumes nothing: the largest inbox seen. */
function watch(Mqtt\Client $c, float $seconds): int
{
    $most = 0;
    $until = microtime(true) + $seconds;
    while (microtime(true) < $until) {
        $most = max($most, $c->stats()['queued']);
        usleep(20000);
    }
    return $most;
}

// 1 KiB messages: the 1000-message limit applies.
$s = flood_server(1024);
$rss = hostile_rss_kib();
$c = new Mqtt\Client('127.0.0.1', $s->port, ['reconnect' => false, 'timeout' => 5.0]);
$c->connect();
$most = watch($c, 1.5);
echo 'inbox reached its limit and stopped there: ', var_export($most >= 1000 && $most < 1100, true), $most >= 1000 && $most < 1100 ? '' : " ($most)", "\n";
$grown = hostile_rss_kib() - $rss;
echo 'resident memory grew by less than 48 MiB: ', var_export($grown < 48 * 1024, true), $grown < 48 * 1024 ? '' : " ($grown KiB)", "\n";
$ok = true;
for ($i = 0; $i < 3000; $i++) {
    $m = $c->receive(5.0);
    $ok = $ok && $m !== null && strlen($m->payload) === 1024 && $m->topic === 'f';
}
echo "3000 messages consumed as the flood resumed: ", var_export($ok, true), "\n";
$c = null;
unset($s);

// 16 KiB messages, and a QoS 1 publish whose PUBACK never comes.
$s = flood_server(16 * 1024);
$rss = hostile_rss_kib();
$c = new Mqtt\Client('127.0.0.1', $s->port, ['reconnect' => false, 'timeout' => 1.0]);
$c->connect();
$t = microtime(true);
[$what] = hostile_call(fn() => $c->publish('t', 'x', 1));
$took = microtime(true) - $t;
echo "unacknowledged publish: $what, within 1 s + slack: ", var_export($took < 3, true), "\n";
$most = watch($c, 2.0);
echo 'inbox stayed below its hard limit: ', var_export($most <= 8000, true), $most <= 8000 ? '' : " ($most)", "\n";
$grown = hostile_rss_kib() - $rss;
echo 'resident memory grew by less than 160 MiB: ', var_export($grown < 160 * 1024, true), $grown < 160 * 1024 ? '' : " ($grown KiB)", "\n";
$m = $c->receive(1.0);
echo 'messages still readable: ', var_export($m !== null && strlen($m->payload) === 16384, true), "\n";
?>
--EXPECT--
inbox reached its limit and stopped there: true
resident memory grew by less than 48 MiB: true
3000 messages consumed as the flood resumed: true
unacknowledged publish: Mqtt\TimeoutException, within 1 s + slack: true
inbox stayed below its hard limit: true
resident memory grew by less than 160 MiB: true
messages still readable: true
