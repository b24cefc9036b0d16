--TEST--
MQTT 5 flow control and session expiry against mosquitto: the CONNACK limits are used (server keep alive, shown by the logger), the broker's receive maximum (3 here) bounds the QoS 1/2 window even with max_inflight 100 and hundreds queued (mosquitto drops a client that exceeds it); session_expiry keeps a session across a disconnect, 0 ends it
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$v5 = ['protocol' => Mqtt\Client::MQTT_5, 'timeout' => 20.0];
$broker = new TestBroker(['max_inflight_messages 3', 'max_keepalive 10']);

// The CONNACK limits, as the logger reports them: the keep alive is the broker's (10 s), not ours.
$log = new class { public array $lines = []; public function log($level, $message, array $context = []): void { $this->lines[] = "$level: $message"; } };
$k = new Mqtt\Client('127.0.0.1', $broker->port, $v5 + ['keep_alive' => 60, 'logger' => $log, 'client_id' => 'm5-limits']);
$k->connect();
echo preg_replace('/:\d+ /', ':PORT ', implode("\n", array_filter($log->lines, fn ($l) => str_contains($l, 'connected to')))), "\n";
$k->disconnect();

$lost = 0;
$c = new Mqtt\Client('127.0.0.1', $broker->port, $v5 + ['max_inflight' => 100, 'reconnect' => false]);
$c->onDisconnect(function () use (&$lost) { $lost++; });
$c->connect();
$sub = new Mqtt\Client('127.0.0.1', $broker->port, $v5);
$sub->connect();
$sub->subscribe('flow/#', 2);
foreach ([2, 1] as $qos) {
    for ($i = 0; $i < 300; $i++) {
        $c->publishAsync("flow/$qos", "m$i", $qos);
    }
    $done = $c->flush();
    $got = 0;
    while ($got < 300 && $sub->receive(5.0) !== null) { $got++; }
    echo "QoS $qos: $done of 300 acknowledged, subscriber got $got\n";
}
echo "connection dropped: $lost times, connected: ", var_export($c->isConnected(), true), "\n";
$c->disconnect();

// Session expiry: MQTT 5 ends a session at disconnect unless session_expiry says otherwise.
foreach ([60, 0] as $expiry) {
    $id = "m5-expiry-$expiry-" . getmypid();
    $opts = $v5 + ['client_id' => $id, 'clean_session' => false, 'session_expiry' => $expiry];
    $away = new Mqtt\Client('127.0.0.1', $broker->port, $opts);
    $away->connect();
    $away->subscribe("expiry/$expiry", 1);
    $away->disconnect();
    $sub->publish("expiry/$expiry", "while away", 1);
    $back = new Mqtt\Client('127.0.0.1', $broker->port, $opts);
    $back->connect();
    $sub->publish("expiry/$expiry", "after", 1);
    $got = [];
    while (($m = $back->receive(2.0)) !== null) { $got[] = $m->payload; if ($m->payload === 'after') break; }
    echo "session_expiry $expiry: got ", json_encode($got), "\n";
    $back->disconnect();
}
$sub->disconnect();
?>
--EXPECT--
info: Client m5-limits connected to 127.0.0.1:PORT (session present: 0, MQTT 5: receive maximum 3, maximum QoS 2, server keep alive 10 s)
QoS 2: 300 of 300 acknowledged, subscriber got 300
QoS 1: 300 of 300 acknowledged, subscriber got 300
connection dropped: 0 times, connected: true
session_expiry 60: got ["while away","after"]
session_expiry 0: got []
