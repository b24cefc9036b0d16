<?php
// One measured scenario of bench/run.sh (and bench/profile.sh) with the mqtt extension.
// Prints one line:  RESULT n=N secs=S start=T0 end=T1 pid=PID [more key=value]
// where T0 is the Unix time of the first call and T1 that of the last acknowledgement (the
// connect before and the disconnect after are not timed).
//
// Usage: php -d extension=.../libmqtt.so bench/scenario.php MODE QOS N [key=value ...]
//   publish  QOS N   N blocking publish() calls: each returns once written (QoS 0), after its
//                    PUBACK (QoS 1) or PUBCOMP (QoS 2)
//   async    QOS N   N publishAsync() calls then one flush(); option window=W sets the
//                    `max_inflight` option (QoS 1/2 publishes in flight), default: the extension's
//   consume  QOS N   subscribe(topic, QOS, callback) and loop() until the callback ran N times;
//                    the feed comes from outside (bench/run.sh runs `mosquitto_pub -l`)
//   drain    QOS N   the same on a session (clean_session false, client_id=ID) that the broker
//                    already holds N queued messages for; timed from connect() on
//   rss      0   N   N publishAsync() QoS 0 calls, VmRSS sampled 10 times on the way, one flush()
//                    at the end; prints hwm_kib (VmHWM) and samples_kib
// Options: topic=T (default bench/scenario), client_id=ID, size=BYTES (payload, default 64).
// Broker: $MQTT_HOST / $MQTT_PORT (bench/run.sh starts its own).

$mode = $argv[1] ?? '';
$qos = (int)($argv[2] ?? 0);
$n = (int)($argv[3] ?? 0);
$opt = ['topic' => 'bench/scenario', 'size' => '64'];
foreach (array_slice($argv, 4) as $kv) {
    [$k, $v] = array_pad(explode('=', $kv, 2), 2, '');
    $opt[$k] = $v;
}
if (!in_array($mode, ['publish', 'async', 'consume', 'drain', 'rss'], true) || $n < 1 || $qos < 0 || $qos > 2) {
    fwrite(STDERR, "usage: scenario.php publish|async|consume|drain|rss QOS N [topic=T] [client_id=ID] [window=W] [size=B]\n");
    exit(2);
}

$host = getenv('MQTT_HOST') ?: '127.0.0.1';
$port = (int)(getenv('MQTT_PORT') ?: 1883);
$topic = $opt['topic'];
$payload = str_repeat('x', (int)$opt['size']);
// Generous: a scenario that stalls fails with a TimeoutException instead of hanging the suite.
$options = ['timeout' => 60.0];
if (isset($opt['client_id'])) {
    $options['client_id'] = $opt['client_id'];
}
if (isset($opt['window'])) {
    $options['max_inflight'] = (int)$opt['window'];
}

function kib(string $field): int
{
    preg_match('/^' . $field . ':\s+(\d+)/m', file_get_contents('/proc/self/status'), $m);
    return (int)($m[1] ?? 0);
}

function result(int $n, float $t0, float $t1, string $more = ''): void
{
    printf("RESULT n=%d secs=%.6f start=%.6f end=%.6f pid=%d%s\n", $n, $t1 - $t0, $t0, $t1, getmypid(), $more === '' ? '' : " $more");
}

if ($mode === 'drain') {
    $options['clean_session'] = false;
}
$c = new Mqtt\Client($host, $port, $options);
$t0 = microtime(true);
$c->connect();

switch ($mode) {
    case 'publish':
        $t0 = microtime(true);
        for ($i = 0; $i < $n; $i++) {
            $c->publish($topic, $payload, $qos);
        }
        $t1 = microtime(true);
        result($n, $t0, $t1);
        break;

    case 'async':
        $t0 = microtime(true);
        for ($i = 0; $i < $n; $i++) {
            $c->publishAsync($topic, $payload, $qos);
        }
        $done = $c->flush();
        $t1 = microtime(true);
        if ($done !== $n) {
            fwrite(STDERR, "flush() reported $done of $n completed\n");
            exit(1);
        }
        result($n, $t0, $t1);
        break;

    case 'consume':
    case 'drain':
        $count = 0;
        $first = 0.0;
        $callback = function (Mqtt\Message $m) use (&$count, &$first): void {
            if ($count++ === 0) {
                $first = microtime(true);
            }
        };
        // drain: the queued messages arrive right after CONNACK; they wait in the inbox until
        // loop() and then go to this subscription's callback (onMessage only as a safety net).
        $c->onMessage($callback);
        $c->subscribe($topic, $qos, $callback);
        // bench/run.sh starts the feed once the broker logged this subscription.
        $idle = microtime(true);
        $seen = 0;
        while ($count < $n) {
            $c->loop(0.5);
            if ($count !== $seen) {
                $seen = $count;
                $idle = microtime(true);
            } elseif (microtime(true) - $idle > 30.0) {
                fwrite(STDERR, "consume: only $count of $n messages arrived (nothing for 30 s)\n");
                exit(1);
            }
        }
        $t1 = microtime(true);
        // consume: start= is the first arrival (bench/run.sh times from the feed's start instead);
        // drain: start= is just before connect().
        result($n, $mode === 'drain' ? $t0 : $first, $t1);
        break;

    case 'rss':
        $every = max(1, intdiv($n, 10));
        $samples = [];
        $t0 = microtime(true);
        for ($i = 0; $i < $n; $i++) {
            $c->publishAsync($topic, $payload, 0);
            if (($i + 1) % $every === 0) {
                $samples[] = kib('VmRSS');
            }
        }
        $done = $c->flush();
        $t1 = microtime(true);
        if ($done !== $n) {
            fwrite(STDERR, "flush() reported $done of $n completed\n");
            exit(1);
        }
        result($n, $t0, $t1, sprintf('hwm_kib=%d samples_kib=%s', kib('VmHWM'), implode(',', $samples)));
        break;
}
$c->disconnect();
