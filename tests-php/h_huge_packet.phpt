--TEST--
Hostile server that answers CONNACK and then announces a 256 MiB packet: a blocked receive() throws Mqtt\ConnectionException naming max_packet_size at once, nothing near 256 MiB is allocated, and every later call throws Mqtt\ConnectionException too
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
<?php if (!function_exists('pcntl_fork')) die('skip pcntl needed'); ?>
--FILE--
<?php
require __DIR__ . '/lib/hostile.inc';
$s = new HostileServer(function ($conn) {
    if (hostile_accept_connect($conn)) {
        usleep(200000);
        // PUBLISH with the largest remaining length MQTT can encode (256 MiB - 1), then a trickle.
        fwrite($conn, "\x30\xFF\xFF\xFF\x7F\x00\x01t");
        hostile_hold($conn);
    }
});
$rss = hostile_rss_kib();
$mem = memory_get_usage();
$c = new Mqtt\Client('127.0.0.1', $s->port, ['reconnect' => false, 'timeout' => 5.0]);
$c->connect();
$t = microtime(true);
try {
    $c->receive(10.0);
    echo "receive() returned\n";
} catch (Mqtt\ConnectionException $e) {
    echo get_class($e), ', names max_packet_size: ', var_export(str_contains($e->getMessage(), 'max_packet_size'), true), "\n";
}
echo 'at once: ', var_export(microtime(true) - $t < 2, true), "\n";
foreach (['receive' => fn() => $c->receive(1.0), 'loop' => fn() => $c->loop(1.0), 'subscribe' => fn() => $c->subscribe('t', 1)] as $name => $f) {
    [$what] = hostile_call($f);
    echo "$name: $what\n";
}
$grown = hostile_rss_kib() - $rss;
echo 'resident memory grew by less than 32 MiB: ', var_export($grown < 32 * 1024, true), $grown < 32 * 1024 ? '' : " ($grown KiB)", "\n";
echo 'PHP memory grew by less than 1 MiB: ', var_export(memory_get_usage() - $mem < 1 << 20, true), "\n";
?>
--EXPECT--
Mqtt\ConnectionException, names max_packet_size: true
at once: true
receive: Mqtt\ConnectionException
loop: Mqtt\ConnectionException
subscribe: Mqtt\ConnectionException
resident memory grew by less than 32 MiB: true
PHP memory grew by less than 1 MiB: true
