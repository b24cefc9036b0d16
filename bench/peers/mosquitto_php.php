<?php
// Peer: the Mosquitto-PHP extension (Mosquitto\Client, libmosquitto), for bench/run.sh.
// Run as: php -d extension=$MOSQUITTO_PHP_SO bench/peers/mosquitto_php.php MODE N TOPIC
//   q0           N publish() QoS 0, then loop() until onPublish fired N times (libmosquitto
//                reports a QoS 0 message once it is written)
//   q1-pipelined N publish() QoS 1 with setMaxInFlightMessages(20) (the rest queue inside
//                libmosquitto), then loop() until N onPublish (each one a PUBACK)
//   q1-blocking  one at a time: publish() QoS 1, loop() until its onPublish
// Prints RESULT n=N secs=S start=T0 end=T1 like bench/scenario.php. API:
// https://mosquitto-php.readthedocs.io/en/latest/client.html
$mode = $argv[1] ?? '';
$n = (int)($argv[2] ?? 0);
$topic = $argv[3] ?? 'bench/peer/mosquitto-php';
$host = getenv('MQTT_HOST') ?: '127.0.0.1';
$port = (int)(getenv('MQTT_PORT') ?: 1883);
if (!class_exists('Mosquitto\Client')) {
    fwrite(STDERR, "Mosquitto\\Client is missing: load the Mosquitto-PHP extension (MOSQUITTO_PHP_SO)\n");
    exit(2);
}
if (!in_array($mode, ['q0', 'q1-pipelined', 'q1-blocking'], true) || $n < 1) {
    fwrite(STDERR, "usage: mosquitto_php.php q0|q1-pipelined|q1-blocking N [TOPIC]\n");
    exit(2);
}
$payload = str_repeat('x', 64);

$c = new Mosquitto\Client('bench-mphp-' . getmypid(), true);
$connected = false;
$acked = 0;
$c->onConnect(function ($rc, $message) use (&$connected) {
    if ($rc !== 0) {
        fwrite(STDERR, "connection refused: $rc $message\n");
        exit(1);
    }
    $connected = true;
});
$c->onPublish(function ($mid) use (&$acked) {
    $acked++;
});
$c->setMaxInFlightMessages(20);
$c->connect($host, $port, 60);
$deadline = microtime(true) + 10;
while (!$connected) {
    $c->loop(100);
    if (microtime(true) > $deadline) {
        fwrite(STDERR, "no CONNACK\n");
        exit(1);
    }
}

// Runs loop() until $target publishes completed; fails after 60 s without progress.
$wait = function (int $target) use ($c, &$acked): void {
    $seen = $acked;
    $idle = microtime(true);
    while ($acked < $target) {
        $c->loop(10);
        if ($acked !== $seen) {
            $seen = $acked;
            $idle = microtime(true);
        } elseif (microtime(true) - $idle > 60) {
            fwrite(STDERR, "only $acked of $target publishes completed\n");
            exit(1);
        }
    }
};

$t0 = microtime(true);
switch ($mode) {
    case 'q0':
    case 'q1-pipelined':
        $qos = $mode === 'q0' ? 0 : 1;
        for ($i = 0; $i < $n; $i++) {
            $c->publish($topic, $payload, $qos, false);
        }
        $wait($n);
        break;
    case 'q1-blocking':
        for ($i = 1; $i <= $n; $i++) {
            $c->publish($topic, $payload, 1, false);
            $wait($i);
        }
        break;
}
$t1 = microtime(true);
printf("RESULT n=%d secs=%.6f start=%.6f end=%.6f\n", $n, $t1 - $t0, $t0, $t1);
// The timing is done; a connection the broker closed meanwhile must not fail the run.
try {
    $c->disconnect();
    $c->loop(10);
} catch (Mosquitto\Exception $e) {
    fwrite(STDERR, "disconnect: {$e->getMessage()}\n");
}
