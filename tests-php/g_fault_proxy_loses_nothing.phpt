--TEST--
Through a proxy that delays traffic and cuts every connection a few hundred milliseconds in, at a random byte in either direction: every message whose blocking publish() returned reaches the persistent-session subscriber, QoS 1 at least once, QoS 2 exactly once
--DESCRIPTION--
More messages: FAULT_MESSAGES=20000 PHPT_FILTER=tests-php/g_fault_proxy_loses_nothing.phpt ./scripts/test.sh
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/reliability.php';
$count = (int)(getenv('FAULT_MESSAGES') ?: 1000);
$broker = new TestBroker(['max_queued_messages 1000000']);

foreach ([1, 2] as $qos) {
    // Chunks held back up to 3 ms; each connection cut 100..600 ms after it was accepted.
    $proxy = reliability_php_child([__DIR__ . '/lib/fault_proxy.php', (string)$broker->port, '3', '100', '600'], $pp);
    [$word, $port] = explode(' ', (string)reliability_read_line($pp[1], 10.0)) + ['', 0];
    if ($word !== 'ready') { die('proxy did not start: ' . stream_get_contents($pp[2])); }
    $r = reliability_run((int)$port, $qos, $count, fn (int $i) => null, 60.0 + $count / 50);
    fclose($pp[0]); // the proxy stops at the end of its input
    [, $cuts] = explode(' ', (string)reliability_read_line($pp[1], 10.0)) + ['', 0];
    fclose($pp[1]);
    fclose($pp[2]);
    proc_close($proxy);

    echo "QoS $qos through the proxy\n";
    echo reliability_summary("QoS $qos", $r), ", $cuts connections cut\n";
    foreach ($r['threw'] as $i => $errors) { echo "  publish($i) threw: ", implode(' / ', $errors), "\n"; }
    echo "lost: ", count($r['lost']), $r['lost'] ? ' (first: ' . implode(', ', array_slice($r['lost'], 0, 10)) . ')' : '', "\n";
    if ($qos === 2) {
        echo "duplicates: ", $r['dup_clean'] + $r['dup_after_throw'], "\n";
    }
    echo "connections cut: ", var_export((int)$cuts >= 4 && $r['pub_reconnects'] >= 2 && $r['sub_reconnects'] >= 2, true), "\n";
    echo "subscriber errors: ", implode('; ', $r['sub_errors']) ?: 'none', "\n";
}
?>
--EXPECTF--
QoS 1 through the proxy
QoS 1: %s
%Alost: 0
connections cut: true
subscriber errors: none
QoS 2 through the proxy
QoS 2: %s
%Alost: 0
duplicates: 0
connections cut: true
subscriber errors: none
