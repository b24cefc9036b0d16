--TEST--
A QoS 2 consumer killed mid-stream resumes its session: the broker's PUBREL for ids the new process never saw is completed, not a reason to drop the connection
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
// A broker of its own that queues everything for an offline or slower consumer (mosquitto
// drops QoS 1/2 messages past 1,000 queued by default, which would measure the broker).
$broker = new TestBroker(['max_queued_messages 100000']);
$port = $broker->port;
$topic = mqtt_topic('qos2-resume');
$id = 'd-qos2-resume-' . getmypid() . '-' . bin2hex(random_bytes(3));
$opts = ['client_id' => $id, 'clean_session' => false];
$so = getenv('MQTT_SO') ?: '';
$ext = $so !== '' ? ['-d', "extension=$so"] : [];

// The consumer, in a process of its own so it can be killed outright.
$consumer = <<<'PHP'
$c = new Mqtt\Client($argv[1], (int)$argv[2], ['client_id' => $argv[3], 'clean_session' => false]);
$c->connect();
$n = 0;
$c->subscribe($argv[4], 2, function () use (&$n) { if (++$n === 200) { echo "ready\n"; } });
while (true) { $c->loop(0.05); }
PHP;
$cmd = array_merge([PHP_BINARY, '-n'], $ext, ['-r', $consumer, mqtt_host(), (string)$port, $id, $topic]);
$proc = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);

$p = mqtt_client(['max_inflight' => 20], $port);
$p->connect();
stream_set_blocking($pipes[1], false);
$ready = false;
for ($i = 0; $i < 4000; $i++) {
    $p->publishAsync($topic, "m$i", 2);
    if ($i % 50 === 0) {
        $p->loop(0.0);
        if (!$ready && str_contains((string)fgets($pipes[1]), 'ready')) {
            // Frozen while messages are streaming, so the broker's PUBRELs for what it already
            // acknowledged with PUBREC stay unanswered, then killed.
            $ready = true;
            $pid = proc_get_status($proc)['pid'];
            posix_kill($pid, SIGSTOP);
            for ($j = 0; $j < 200; $j++) { $p->publishAsync($topic, "s$j", 2); }
            $p->loop(0.3);
            posix_kill($pid, SIGKILL);
        }
    }
}
$p->flush(30.0);
if (!$ready) {
    posix_kill(proc_get_status($proc)['pid'], SIGKILL);
}
proc_close($proc);
$p->publish($topic, 'last', 2);
echo "consumer killed mid-stream: ", var_export($ready, true), "\n";

$c = mqtt_client($opts, $port);
$errors = [];
$c->onDisconnect(function (?string $e) use (&$errors) { $errors[] = $e; });
$last = false;
$received = 0;
$c->onMessage(function (Mqtt\Message $m) use (&$last, &$received) {
    $received++;
    if ($m->payload === 'last') { $last = true; }
});
$c->connect();
$deadline = microtime(true) + 15;
while (!$last && microtime(true) < $deadline) {
    $c->loop(0.2);
}
echo "resumed session delivered the rest: ", var_export($last && $received > 1, true), "\n";
echo "connection dropped: ", count($errors), "\n";
echo "reconnects: ", $c->stats()['reconnects'], "\n";
$c->disconnect();
$p->disconnect();
?>
--EXPECT--
consumer killed mid-stream: true
resumed session delivered the rest: true
connection dropped: 0
reconnects: 0
