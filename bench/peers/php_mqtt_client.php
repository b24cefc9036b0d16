<?php
// Peer: php-mqtt/client (PhpMqtt\Client\MqttClient, pure PHP), for bench/run.sh.
// Run as: PHP_MQTT_CLIENT_AUTOLOAD=/path/to/vendor/autoload.php php bench/peers/php_mqtt_client.php MODE N TOPIC
//   q0           N publish() QoS 0 (each writes the packet); calls until the last one returned
//   q1-pipelined N publish() QoS 1 (the library has no in-flight window: each is written at once
//                and kept in its repository), then loop(false, true) until every PUBACK arrived;
//                at most 32768 outstanding at a time (message ids are 16 bits)
//   q1-blocking  one at a time: publish() QoS 1, then loop(false, true) until its PUBACK
// Prints RESULT n=N secs=S start=T0 end=T1 like bench/scenario.php.
// API: https://github.com/php-mqtt/client (MqttClient::connect(), publish(), loop($allowSleep, $exitWhenQueuesEmpty))
$mode = $argv[1] ?? '';
$n = (int)($argv[2] ?? 0);
$topic = $argv[3] ?? 'bench/peer/php-mqtt-client';
$host = getenv('MQTT_HOST') ?: '127.0.0.1';
$port = (int)(getenv('MQTT_PORT') ?: 1883);
$autoload = getenv('PHP_MQTT_CLIENT_AUTOLOAD');
if ($autoload === false || !is_file($autoload)) {
    fwrite(STDERR, "PHP_MQTT_CLIENT_AUTOLOAD must name the autoload.php of an install of php-mqtt/client\n");
    exit(2);
}
if (!in_array($mode, ['q0', 'q1-pipelined', 'q1-blocking'], true) || $n < 1) {
    fwrite(STDERR, "usage: php_mqtt_client.php q0|q1-pipelined|q1-blocking N [TOPIC]\n");
    exit(2);
}
require $autoload;
$class = 'PhpMqtt\Client\MqttClient';
if (!class_exists($class)) {
    fwrite(STDERR, "$class not found through $autoload\n");
    exit(2);
}
$payload = str_repeat('x', 64);

// MQTT 3.1.1 like every other client of the suite (the library's default is 3.1).
$protocol = defined("$class::MQTT_3_1_1") ? constant("$class::MQTT_3_1_1") : constant("$class::MQTT_3_1");
$mqtt = new $class($host, $port, 'bench-pmc-' . getmypid(), $protocol);
$mqtt->connect(null, true); // default settings, clean session
$t0 = microtime(true);
switch ($mode) {
    case 'q0':
        for ($i = 0; $i < $n; $i++) {
            $mqtt->publish($topic, $payload, 0, false);
        }
        break;
    case 'q1-pipelined':
        for ($i = 0; $i < $n; $i++) {
            $mqtt->publish($topic, $payload, 1, false);
            if (($i + 1) % 32768 === 0) {
                $mqtt->loop(false, true);
            }
        }
        $mqtt->loop(false, true);
        break;
    case 'q1-blocking':
        for ($i = 0; $i < $n; $i++) {
            $mqtt->publish($topic, $payload, 1, false);
            $mqtt->loop(false, true);
        }
        break;
}
$t1 = microtime(true);
printf("RESULT n=%d secs=%.6f start=%.6f end=%.6f\n", $n, $t1 - $t0, $t0, $t1);
$mqtt->disconnect();
