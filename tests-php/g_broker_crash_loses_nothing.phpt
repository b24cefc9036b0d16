--TEST--
Broker crashes mid-run (SIGKILL twice with QoS 1, SIGTERM twice with QoS 2), restarted on the same port with its persistence: every message whose blocking publish() returned reaches the persistent-session subscriber in another process, QoS 1 at least once, QoS 2 exactly once
--DESCRIPTION--
20,000 messages per QoS (about a minute); fewer for a quick run:
CRASH_MESSAGES=2000 PHPT_FILTER=tests-php/g_broker_crash_loses_nothing.phpt ./scripts/test.sh QoS 2 uses SIGTERM because mosquitto 2.0 itself forgets QoS 2 state it
already confirmed when it is killed outright. mosquitto also acknowledges a QoS 1 message before
it saves it: only one it already wrote to the subscriber survives a SIGKILL. So each crash is set
off once the subscriber has caught up (a lagging one leaves messages in the broker's memory) and
lands while publishing goes on, and the subscriber must read what arrived before its connection
broke. (With max_inflight_messages 0 mosquitto 2.0.11 sent QoS 2 messages twice after a SIGTERM
restart: left at its default.)
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/reliability.php';
$count = (int)(getenv('CRASH_MESSAGES') ?: 20000);

// The broker lives in a child process that crashes and restarts it when told, so the crash
// lands at a random moment while this process is inside publish().
$runner = reliability_php_child([__DIR__ . '/lib/broker_runner.php', 'max_queued_messages 1000000'], $rp);
[$word, $port] = explode(' ', (string)reliability_read_line($rp[1], 10.0)) + ['', 0];
if ($word !== 'ready') { die('broker runner did not start: ' . stream_get_contents($rp[2])); }
$port = (int)$port;

foreach ([[1, 'kill'], [2, 'term']] as [$qos, $how]) {
    $crashes = [];
    $r = reliability_run($port, $qos, $count, function (int $i, callable $caught_up) use ($count, $how, $rp, &$crashes) {
        if ($i === intdiv($count, 3) || $i === intdiv(2 * $count, 3)) {
            if (!$caught_up($i - $i % 20)) { echo "subscriber did not keep up\n"; }
            // Crash within 20 ms from now, stay down 300 ms (both clients back off meanwhile).
            fwrite($rp[0], "$how 20 300\n");
            $crashes[] = $i;
        }
    }, 60.0 + $count / 100);
    // Each crash took effect: the runner restarted the broker.
    foreach ($crashes as $_) {
        $line = reliability_read_line($rp[1], 10.0);
        if (!str_starts_with((string)$line, 'restarted')) { echo "broker not restarted: $line\n"; }
    }
    echo "QoS $qos, broker crashed with SIG", strtoupper($how), " twice\n";
    echo reliability_summary("QoS $qos", $r), "\n";
    foreach ($r['threw'] as $i => $errors) { echo "  publish($i) threw: ", implode(' / ', $errors), "\n"; }
    echo "lost: ", count($r['lost']), $r['lost'] ? ' (first: ' . implode(', ', array_slice($r['lost'], 0, 10)) . ')' : '', "\n";
    if ($qos === 2) {
        echo "duplicates: ", $r['dup_clean'] + $r['dup_after_throw'], "\n";
    }
    echo "clients reconnected: ", var_export($r['pub_reconnects'] >= 2 && $r['sub_reconnects'] >= 2, true), "\n";
    echo "subscriber errors: ", implode('; ', $r['sub_errors']) ?: 'none', "\n";
}
fclose($rp[0]); // the runner stops the broker at the end of its input
reliability_read_line($rp[1], 10.0);
fclose($rp[1]);
fclose($rp[2]);
proc_close($runner);
?>
--EXPECTF--
QoS 1, broker crashed with SIGKILL twice
QoS 1: %s
%Alost: 0
clients reconnected: true
subscriber errors: none
QoS 2, broker crashed with SIGTERM twice
QoS 2: %s
%Alost: 0
duplicates: 0
clients reconnected: true
subscriber errors: none
