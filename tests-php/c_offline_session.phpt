--TEST--
clean_session false with a fixed client_id: 50 QoS 1 messages published while away arrive after reconnecting, without subscribing again
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('offline');
$id = 'c-offline-' . getmypid() . '-' . bin2hex(random_bytes(3));
$opts = ['client_id' => $id, 'clean_session' => false];

$c = mqtt_client($opts);
$c->connect();
var_dump($c->subscribe($topic, 1));
$c->disconnect();
unset($c);

// 50 QoS 1 messages while the client is away.
$pub = proc_open(['mosquitto_pub', '-h', '127.0.0.1', '-p', (string)mqtt_port(), '-t', $topic, '-q', '1', '-l'],
    [0 => ['pipe', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
for ($i = 1; $i <= 50; $i++) {
    fwrite($pipes[0], "offline $i\n");
}
fclose($pipes[0]);
var_dump(proc_close($pub));

$got = [];
$session = null;
$c = mqtt_client($opts);
$c->onConnect(function (bool $present) use (&$session) { $session = $present; });
$c->onMessage(function (Mqtt\Message $m) use (&$got) { $got[] = $m->payload; });
$c->connect();
$deadline = microtime(true) + 10;
while (count($got) < 50 && microtime(true) < $deadline) {
    $c->loop(0.2);
}
$c->loop(0.3);
var_dump($session);
var_dump(count($got));
var_dump($got === array_map(fn($i) => "offline $i", range(1, 50)));
$c->disconnect();

// Leave no session behind on the shared broker.
$c = mqtt_client(['client_id' => $id, 'clean_session' => true]);
$c->connect();
$c->disconnect();
?>
--EXPECT--
int(1)
int(0)
bool(true)
int(50)
bool(true)
