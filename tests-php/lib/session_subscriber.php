<?php
// A consumer with a persistent session, in a process of its own, for the fault tests:
//
//   php -d extension=mqtt.so session_subscriber.php <port> <client id> <topic> <qos> <count> <seconds> <progress file>
//
// Subscribes, prints "ready", then collects messages whose payload is a number below <count>
// until it has every number (then listens 0.5 s more for late duplicates) or <seconds> passed;
// writes how many numbers it has to <progress file> every 20 messages.
// Prints one JSON line: how often each number arrived, and the client's reconnect count.
[, $port, $id, $topic, $qos, $count, $seconds, $progress] = $argv;
[$qos, $count] = [(int)$qos, (int)$count];
$deadline = microtime(true) + (float)$seconds;

$c = new Mqtt\Client('127.0.0.1', (int)$port, [
    'client_id' => $id, 'clean_session' => false, 'timeout' => 5.0, 'connect_timeout' => 2.0,
    'reconnect_delay' => 0.05, 'reconnect_max_delay' => 0.2,
]);
$c->connect();
$c->subscribe($topic, $qos);
echo "ready\n";

$seen = [];
$errors = [];
$quiet_until = null;
while (microtime(true) < ($quiet_until ?? $deadline)) {
    try {
        $m = $c->receive(0.1);
    } catch (Mqtt\Exception $e) {
        // Only a connection closed for good ends up here (reconnect is on): report it.
        $errors[] = get_class($e) . ': ' . $e->getMessage();
        break;
    }
    if ($m === null) { continue; }
    $n = (int)$m->payload;
    $seen[$n] = ($seen[$n] ?? 0) + 1;
    if (count($seen) % 20 === 0) { file_put_contents($progress, (string)count($seen)); }
    if ($quiet_until === null && count($seen) >= $count) {
        $quiet_until = microtime(true) + 0.5;
    }
}
$reconnects = $c->stats()['reconnects'];
try { $c->disconnect(); } catch (Mqtt\Exception $e) { }
echo json_encode(['seen' => $seen, 'reconnects' => $reconnects, 'errors' => $errors]), "\n";
