<?php
// The publisher / subscriber scenario of the fault tests: a persistent-session subscriber in a
// child process collects while this process publishes $count numbered messages with blocking
// publish() on a persistent session; a publish that throws is recorded and retried.
// $fault($i, $caught_up) runs before message $i is published (it injects the faults);
// $caught_up($n) waits until the subscriber has $n messages.
require_once __DIR__ . '/helpers.php';

/** Starts a PHP child with the extension loaded the way the test runner loads it. */
function reliability_php_child(array $args, &$pipes)
{
    $so = getenv('MQTT_SO') ?: '';
    $ext = $so !== '' ? ['-d', "extension=$so"] : [];
    return proc_open(array_merge([PHP_BINARY], $ext, $args), [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
}

/** The next line from $pipe, or null when none comes within $seconds. */
function reliability_read_line($pipe, float $seconds): ?string
{
    $deadline = microtime(true) + $seconds;
    stream_set_blocking($pipe, false);
    $buffer = '';
    while (true) {
        $line = fgets($pipe);
        if ($line !== false) {
            $buffer .= $line;
            if (str_ends_with($buffer, "\n")) { return rtrim($buffer, "\n"); }
        }
        if (feof($pipe)) { return $buffer === '' ? null : $buffer; }
        $left = $deadline - microtime(true);
        if ($left <= 0) { return null; }
        $r = [$pipe]; $w = $e = null;
        stream_select($r, $w, $e, 0, (int)(min($left, 0.2) * 1e6));
    }
}

/**
 * @return array{returned: int, threw: array<int, string[]>, lost: int[], dup_clean: int,
 *   dup_after_throw: int, sub_reconnects: int, pub_reconnects: int, sub_errors: string[], seconds: float}
 */
function reliability_run(int $port, int $qos, int $count, callable $fault, float $seconds = 60.0): array
{
    $tag = getmypid() . '-' . bin2hex(random_bytes(3));
    $topic = "phpt/$tag/reliability/q$qos";
    $progress = sys_get_temp_dir() . "/mqtt-phpt-progress-$tag-$qos";
    $sub = reliability_php_child([__DIR__ . '/session_subscriber.php', (string)$port, "sub-$tag-$qos", $topic, (string)$qos, (string)$count, (string)$seconds, $progress], $pipes);
    $caught_up = function (int $n) use ($progress): bool {
        $deadline = microtime(true) + 10;
        while ((int)@file_get_contents($progress) < $n) {
            if (microtime(true) > $deadline) { return false; }
            usleep(2000);
        }
        return true;
    };
    $ready = reliability_read_line($pipes[1], 10.0);
    if ($ready !== 'ready') {
        proc_terminate($sub, SIGKILL);
        throw new RuntimeException('subscriber did not start: ' . var_export($ready, true) . ' ' . stream_get_contents($pipes[2]));
    }

    $p = new Mqtt\Client('127.0.0.1', $port, [
        'client_id' => "pub-$tag-$qos", 'clean_session' => false, 'timeout' => 10.0,
        'connect_timeout' => 2.0, 'reconnect_delay' => 0.05, 'reconnect_max_delay' => 0.2,
    ]);
    $p->connect();
    $t = microtime(true);
    $threw = [];
    for ($i = 0; $i < $count; $i++) {
        $fault($i, $caught_up);
        for ($try = 0; ; $try++) {
            try {
                $p->publish($topic, (string)$i, $qos);
                break;
            } catch (Mqtt\Exception $e) {
                $threw[$i][] = get_class($e) . ': ' . $e->getMessage();
                if ($try >= 10) { throw $e; }
                if (!$p->isConnected() && $e instanceof Mqtt\ConnectionException && str_contains($e->getMessage(), 'closed')) {
                    $p->connect();
                }
            }
        }
    }
    $elapsed = microtime(true) - $t;
    $pub_reconnects = $p->stats()['reconnects'];
    $p->disconnect();

    $out = reliability_read_line($pipes[1], $seconds + 10);
    $err = stream_get_contents($pipes[2]);
    foreach ($pipes as $pipe) { fclose($pipe); }
    if ($out === null) {
        proc_terminate($sub, SIGKILL);
        proc_close($sub);
        throw new RuntimeException("subscriber gave no result: $err");
    }
    proc_close($sub);
    @unlink($progress);
    $result = json_decode($out, true);
    $seen = $result['seen'] ?? [];
    $lost = [];
    $dup_clean = $dup_after_throw = 0;
    for ($i = 0; $i < $count; $i++) {
        $n = $seen[$i] ?? 0;
        if ($n === 0) { $lost[] = $i; }
        if ($n > 1) {
            if (isset($threw[$i])) { $dup_after_throw += $n - 1; } else { $dup_clean += $n - 1; }
        }
    }
    return [
        'returned' => $count, 'threw' => $threw, 'lost' => $lost,
        'dup_clean' => $dup_clean, 'dup_after_throw' => $dup_after_throw,
        'sub_reconnects' => $result['reconnects'] ?? -1, 'pub_reconnects' => $pub_reconnects,
        'sub_errors' => $result['errors'] ?? [], 'seconds' => $elapsed,
    ];
}

/** One summary line for the test's output. */
function reliability_summary(string $name, array $r): string
{
    return sprintf("%s: %d published, %d publish() calls threw (retried), lost %d, duplicates %d (+%d of retried ones), reconnects pub %d / sub %d, %.1f s",
        $name, $r['returned'], array_sum(array_map('count', $r['threw'])), count($r['lost']),
        $r['dup_clean'], $r['dup_after_throw'], $r['pub_reconnects'], $r['sub_reconnects'], $r['seconds']);
}
