<?php
// Peer: phpMQTT (Bluerhinos\phpMQTT, pure PHP), for bench/run.sh.
// Run as: PHPMQTT_PHP=/path/to/phpMQTT.php php bench/peers/phpmqtt.php MODE N TOPIC
//   q0  N publish() QoS 0: each writes the packet to the socket; nothing acknowledges QoS 0, so
//       this counts calls until the last one returned
// phpMQTT never reads the PUBACK of a QoS 1 publish, so it has no acknowledged modes.
// Prints RESULT n=N secs=S start=T0 end=T1 like bench/scenario.php.
// API: https://github.com/bluerhinos/phpMQTT (connect(), publish($topic, $content, $qos, $retain), close())
$mode = $argv[1] ?? '';
$n = (int)($argv[2] ?? 0);
$topic = $argv[3] ?? 'bench/peer/phpmqtt';
$host = getenv('MQTT_HOST') ?: '127.0.0.1';
$port = (int)(getenv('MQTT_PORT') ?: 1883);
$lib = getenv('PHPMQTT_PHP');
if ($lib === false || !is_file($lib)) {
    fwrite(STDERR, "PHPMQTT_PHP must name phpMQTT.php\n");
    exit(2);
}
if ($mode !== 'q0' || $n < 1) {
    fwrite(STDERR, "usage: phpmqtt.php q0 N [TOPIC] (phpMQTT does not wait for acknowledgements)\n");
    exit(2);
}
require $lib;
// Releases since 1.0 are namespaced; older copies declare a global class.
$class = class_exists('Bluerhinos\phpMQTT') ? 'Bluerhinos\phpMQTT' : 'phpMQTT';
$payload = str_repeat('x', 64);

$mqtt = new $class($host, $port, 'bench-phpmqtt-' . getmypid());
if (!$mqtt->connect(true)) {
    fwrite(STDERR, "phpMQTT could not connect\n");
    exit(1);
}
$t0 = microtime(true);
for ($i = 0; $i < $n; $i++) {
    $mqtt->publish($topic, $payload, 0, false);
}
$t1 = microtime(true);
printf("RESULT n=%d secs=%.6f start=%.6f end=%.6f\n", $n, $t1 - $t0, $t0, $t1);
$mqtt->close();
