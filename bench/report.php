<?php
// Renders the table of bench/run.sh from what it measured (plain PHP, no extension needed).
// Usage: php bench/report.php META_FILE RAW_FILE
//   META_FILE: key=value lines (date, cpu, versions, settings)
//   RAW_FILE:  one line per measurement, tab-separated:
//              ROW  rate|skipped|failed  subscriber-rate-or-empty  note
//              rss.ext / rss.plain:  ROW  hwm_kib  samples_kib(comma-separated)  count
// A row measured several times shows the median (and the range in the notes).

[$metaFile, $rawFile] = [$argv[1] ?? '', $argv[2] ?? ''];
$meta = [];
foreach (file($metaFile, FILE_IGNORE_NEW_LINES) ?: [] as $line) {
    [$k, $v] = array_pad(explode('=', $line, 2), 2, '');
    $meta[$k] = $v;
}
$rates = $subs = $notes = $status = $rss = [];
foreach (file($rawFile, FILE_IGNORE_NEW_LINES) ?: [] as $line) {
    $f = explode("\t", $line) + ['', '', '', ''];
    [$row, $rate, $sub, $note] = $f;
    if (str_starts_with($row, 'rss.')) {
        $rss[$row] = ['hwm' => (int)$rate, 'samples' => $sub === '' ? [] : array_map('intval', explode(',', $sub)), 'count' => (int)$note];
        continue;
    }
    if ($rate === 'skipped' || $rate === 'failed') {
        $status[$row] = $rate;
        if ($note !== '') {
            $notes[$row][$note] = true;
        }
        continue;
    }
    $rates[$row][] = (float)$rate;
    if ($sub !== '') {
        $subs[$row][] = (float)$sub;
    }
    if ($note !== '') {
        $notes[$row][$note] = true;
    }
}

function median(array $a): ?float
{
    if (!$a) {
        return null;
    }
    sort($a);
    $n = count($a);
    return $n % 2 ? $a[intdiv($n, 2)] : ($a[$n / 2 - 1] + $a[$n / 2]) / 2;
}

function k(float $v): string
{
    return $v >= 1000 ? sprintf('%.1fk', $v / 1000) : sprintf('%.0f', $v);
}

$rate = fn(string $row): ?float => median($rates[$row] ?? []);
$sub = fn(string $row): ?float => median($subs[$row] ?? []);

$N = (int)($meta['n'] ?? 0);
$nf = number_format($N);
$sections = [
    "Publishing $nf messages of 64 B (first call to last acknowledgement)" => [
        'ext.pub.q0' => 'mqtt.so publish() QoS 0 (returns once written)',
        'ext.pub.q1' => 'mqtt.so publish() QoS 1 (returns after PUBACK)',
        'ext.pub.q2' => 'mqtt.so publish() QoS 2 (returns after PUBCOMP)',
        'ext.async.q0' => 'mqtt.so publishAsync() + flush() QoS 0',
        'ext.async.q1' => 'mqtt.so publishAsync() + flush() QoS 1, default max_inflight (100)',
        'ext.async.q2' => 'mqtt.so publishAsync() + flush() QoS 2, default max_inflight',
        'ext.async.q1.w20' => 'mqtt.so publishAsync() + flush() QoS 1, window 20 *',
        'ext.async.q2.w20' => 'mqtt.so publishAsync() + flush() QoS 2, window 20 *',
        'mospub.q0' => 'mosquitto_pub -l -q 0 (C, libmosquitto) *',
        'mospub.q1.w20' => 'mosquitto_pub -l -M 20 -q 1 *',
        'mospub.q2.w20' => 'mosquitto_pub -l -M 20 -q 2 *',
        'native.async.q0' => 'native rumqttc, QoS 0 async',
        'native.async.q1.w20' => 'native rumqttc, QoS 1 pipelined, inflight 20 *',
        'native.async.q2.w20' => 'native rumqttc, QoS 2 pipelined, inflight 20 *',
        'native.block.q1' => 'native rumqttc, QoS 1 blocking (publish, wait PUBACK)',
        'native.block.q2' => 'native rumqttc, QoS 2 blocking (publish, wait PUBCOMP)',
        'peer.mosqphp.q0' => 'Mosquitto-PHP QoS 0 (publish, loop until onPublish)',
        'peer.mosqphp.q1.w20' => 'Mosquitto-PHP QoS 1, max in flight 20 *',
        'peer.mosqphp.q1.block' => 'Mosquitto-PHP QoS 1 blocking (publish, loop until onPublish)',
        'peer.phpmqtt.q0' => 'phpMQTT QoS 0 (calls; it never waits for acks)',
        'peer.pmc.q0' => 'php-mqtt/client QoS 0 (calls)',
        'peer.pmc.q1.pipe' => 'php-mqtt/client QoS 1 pipelined (no window) *',
        'peer.pmc.q1.block' => 'php-mqtt/client QoS 1 blocking (publish, loop until PUBACK)',
    ],
    "Consuming $nf messages of 64 B fed live by mosquitto_pub -l (feed start to Nth arrival)" => [
        'cons.ext.q0' => 'mqtt.so subscribe(callback) + loop(), QoS 0',
        'cons.sub.q0' => 'mosquitto_sub -C N > /dev/null, QoS 0',
        'cons.ext.q1' => 'mqtt.so subscribe(callback) + loop(), QoS 1',
        'cons.sub.q1' => 'mosquitto_sub -C N > /dev/null, QoS 1',
    ],
    "Consuming a backlog: $nf messages queued for the session beforehand (connect to Nth arrival)" => [
        'cons.ext.q0.backlog' => 'mqtt.so subscribe(callback) + loop(), QoS 0',
        'cons.sub.q0.backlog' => 'mosquitto_sub -c -C N > /dev/null, QoS 0',
        'cons.ext.q1.backlog' => 'mqtt.so subscribe(callback) + loop(), QoS 1',
        'cons.sub.q1.backlog' => 'mosquitto_sub -c -C N > /dev/null, QoS 1',
    ],
];

$out = [];
$out[] = sprintf('# mqtt.so benchmark, %s', $meta['date'] ?? '?');
$out[] = '';
$out[] = sprintf('Host: %s cores (nproc), %s; load average %s at the start, %s at the end.',
    $meta['nproc'] ?? '?', $meta['cpu'] ?? '?', $meta['load_start'] ?? '?', $meta['load_end'] ?? '?');
if ((float)($meta['load_start'] ?? 0) >= 0.5) {
    $out[] = 'Note: the machine was busy before the suite started (load average >= 0.5): rates are noisier than usual.';
}
$out[] = sprintf('Versions: PHP %s, mosquitto %s, rumqttc %s, mqtt.so %s.',
    $meta['php'] ?? '?', $meta['mosquitto'] ?? '?', $meta['rumqttc'] ?? '?', $meta['ext'] ?? '?');
$out[] = sprintf('N = %s, each row the median of %s runs (interleaved); broker: its own mosquitto on loopback, %s.',
    $nf, $meta['repeat'] ?? '?', $meta['broker'] ?? '');
$out[] = 'mosquitto_pub -l is timed from writing its input into a FIFO (it is connected and waiting by then) to its exit.';
$out[] = '* = a mosquitto_sub -C N subscriber (same QoS) counts arrivals during the run: "at subscriber" is N / (its exit - first publish).';
$out[] = '';

foreach ($sections as $title => $rows) {
    $out[] = "## $title";
    $out[] = '';
    $out[] = sprintf('| %-66s | %12s | %13s | %s', 'scenario', 'msg/s', 'at subscriber', 'notes');
    $out[] = sprintf('|%s|%s:|%s:|%s', str_repeat('-', 68), str_repeat('-', 13), str_repeat('-', 14), str_repeat('-', 20));
    foreach ($rows as $id => $label) {
        $r = $rate($id);
        $s = $sub($id);
        $note = implode('; ', array_keys($notes[$id] ?? []));
        if (($f = $rate("feed.$id")) !== null) {
            $note = trim(sprintf('feed %s msg/s; %s', number_format($f), $note), '; ');
        }
        if ($r === null && !isset($status[$id])) {
            continue; // not run
        }
        if ($r === null) {
            $cell = $status[$id];
        } else {
            $cell = number_format($r);
            $runs = $rates[$id];
            if (count($runs) > 1) {
                $note = trim(sprintf('runs %s-%s%s', k(min($runs)), k(max($runs)), $note === '' ? '' : "; $note"));
            }
        }
        $out[] = sprintf('| %-66s | %12s | %13s | %s', $label, $cell, $s === null ? '' : number_format($s), $note);
    }
    $out[] = '';
}

$out[] = '## Memory: peak RSS (VmHWM at the end of the script)';
$out[] = '';
$out[] = sprintf('| %-66s | %12s | %s', 'process', 'peak RSS', 'VmRSS sampled at each tenth of the loop (MiB)');
$out[] = sprintf('|%s|%s:|%s', str_repeat('-', 68), str_repeat('-', 13), str_repeat('-', 20));
$mib = fn(int $kib): string => sprintf('%.1f MiB', $kib / 1024);
foreach (['rss.ext' => 'mqtt.so: %s x publishAsync() QoS 0, one flush() at the end', 'rss.plain' => 'plain php -r: the same loop calling a PHP function, no MQTT'] as $id => $label) {
    if (!isset($rss[$id])) {
        continue;
    }
    $x = $rss[$id];
    $samples = implode(' ', array_map(fn($v) => sprintf('%.1f', $v / 1024), $x['samples']));
    $out[] = sprintf('| %-66s | %12s | %s', sprintf($label, number_format($x['count'])), $x['hwm'] ? $mib($x['hwm']) : 'failed', $samples);
}
$out[] = '';

// Ratios, as the project states its targets.
$ratio = function (?float $a, ?float $b): ?float {
    return ($a === null || $b === null || $b <= 0) ? null : $a / $b;
};
$ratios = [];
$peer = fn(string $id, string $var) => match ($status[$id] ?? '') {
    'skipped' => "skipped|$var unset",
    'failed' => 'failed|see the Mosquitto-PHP rows',
    default => 'n/a',
};
$ratios[] = ['QoS 0 calls/s: publish() vs Mosquitto-PHP', $ratio($rate('ext.pub.q0'), $rate('peer.mosqphp.q0')), null, $peer('peer.mosqphp.q0', 'MOSQUITTO_PHP_SO')];
$ratios[] = ['QoS 0 calls/s: publishAsync() + flush() vs Mosquitto-PHP', $ratio($rate('ext.async.q0'), $rate('peer.mosqphp.q0')), null, $peer('peer.mosqphp.q0', 'MOSQUITTO_PHP_SO')];
foreach ([1, 2] as $q) {
    $ratios[] = ["pipelined QoS $q, window 20 vs mosquitto_pub -M 20", $ratio($rate("ext.async.q$q.w20"), $rate("mospub.q$q.w20")), 1.2, 'n/a'];
    $ratios[] = ["  the same, msg/s at the subscriber", $ratio($sub("ext.async.q$q.w20"), $sub("mospub.q$q.w20")), 1.2, 'n/a'];
}
$ratios[] = ['blocking QoS 1: publish() vs native rumqttc blocking', $ratio($rate('ext.pub.q1'), $rate('native.block.q1')), 0.9, 'n/a'];
foreach ([0, 1] as $q) {
    $ratios[] = ["consumption QoS $q: callback + loop() vs mosquitto_sub, live feed", $ratio($rate("cons.ext.q$q"), $rate("cons.sub.q$q")), 0.8, 'n/a'];
    $ratios[] = ["  the same, draining a backlog", $ratio($rate("cons.ext.q$q.backlog"), $rate("cons.sub.q$q.backlog")), 0.8, 'n/a'];
}
$ratios[] = ['(ceiling) pipelined QoS 1 window 20 vs native rumqttc', $ratio($rate('ext.async.q1.w20'), $rate('native.async.q1.w20')), null, 'n/a'];
$ratios[] = ['(ceiling) publishAsync() QoS 0 vs native rumqttc async', $ratio($rate('ext.async.q0'), $rate('native.async.q0')), null, 'n/a'];
$ratios[] = ['(ceiling) blocking QoS 2 vs native rumqttc blocking', $ratio($rate('ext.pub.q2'), $rate('native.block.q2')), null, 'n/a'];

$out[] = '## Ratios (same run) against the targets';
$out[] = '';
$out[] = sprintf('| %-66s | %12s | %13s | %s', 'ratio', 'value', 'target', 'met?');
$out[] = sprintf('|%s|%s:|%s:|%s', str_repeat('-', 68), str_repeat('-', 13), str_repeat('-', 14), str_repeat('-', 20));
foreach ($ratios as [$label, $v, $target, $missing]) {
    [$missing, $why] = array_pad(explode('|', $missing, 2), 2, '');
    $out[] = sprintf('| %-66s | %12s | %13s | %s', $label,
        $v === null ? $missing : sprintf('%.2fx', $v),
        $target === null ? '-' : sprintf('>= %.1fx', $target),
        $v === null ? $why : ($target === null ? '' : ($v >= $target ? 'yes' : 'NO')));
}
if (isset($rss['rss.ext'], $rss['rss.plain']) && $rss['rss.ext']['hwm'] && $rss['rss.plain']['hwm']) {
    $delta = $rss['rss.ext']['hwm'] - $rss['rss.plain']['hwm'];
    $s = $rss['rss.ext']['samples'];
    $spread = $s ? max($s) - min($s) : 0;
    $out[] = sprintf('| %-66s | %12s | %13s | %s', 'peak RSS: mqtt.so minus plain PHP', sprintf('%.1f MiB', $delta / 1024), '<= 16 MiB', $delta <= 16 * 1024 ? 'yes' : 'NO');
    $out[] = sprintf('| %-66s | %12s | %13s | %s', '  VmRSS spread while publishing (max - min of the samples)', sprintf('%.1f MiB', $spread / 1024), '(flat)', '');
} else {
    $out[] = sprintf('| %-66s | %12s | %13s | %s', 'peak RSS: mqtt.so minus plain PHP', 'failed', '<= 16 MiB', '');
}
$out[] = '';
echo implode("\n", $out), "\n";
