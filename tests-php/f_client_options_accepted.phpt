--TEST--
keep_alive, clean_session and client_id options are accepted and the client connects with them
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('opts');
$id = 'f-opts-' . getmypid();
foreach ([
    ['keep_alive' => 0], ['keep_alive' => 5], ['keep_alive' => 65535],
    ['clean_session' => true], ['clean_session' => false, 'client_id' => "$id-persist"],
    ['client_id' => $id], ['client_id' => "$id-ünïcødé"],
    ['keep_alive' => 30, 'clean_session' => true, 'client_id' => "$id-all", 'timeout' => 2, 'connect_timeout' => 2],
] as $options) {
    $c = mqtt_client($options + ['timeout' => 2.0, 'connect_timeout' => 2.0]);
    $c->connect();
    $c->subscribe($topic, 1);
    $c->publish($topic, 'ok', 1);
    printf("%s: %s\n", json_encode($options, JSON_UNESCAPED_UNICODE), $c->receive(2.0)?->payload ?? 'nothing received');
    $c->disconnect();
}
// keep_alive is really used: with 1 s the broker drops a client that sends nothing for 1.5 s.
// The client stays idle until the broker has received two PINGREQs (2 s or more), and is still
// connected, never reconnected.
$broker = mqtt_logging_broker($log);
$c = mqtt_client(['keep_alive' => 1, 'timeout' => 2.0, 'connect_timeout' => 2.0, 'client_id' => "$id-ka"], $broker->port);
$c->connect();
if (($n = mqtt_log_wait($log, '/Received PINGREQ from ' . preg_quote("$id-ka", '/') . '$/m', 2)) < 2) { echo "PINGREQs: $n\n"; }
var_dump($c->isConnected(), $c->stats()['reconnects']);
$c->disconnect();
$broker->stop();
unlink($log);
?>
--EXPECTF--
{"keep_alive":0}: ok
{"keep_alive":5}: ok
{"keep_alive":65535}: ok
{"clean_session":true}: ok
{"clean_session":false,"client_id":"f-opts-%d-persist"}: ok
{"client_id":"f-opts-%d"}: ok
{"client_id":"f-opts-%d-ünïcødé"}: ok
{"keep_alive":30,"clean_session":true,"client_id":"f-opts-%d-all","timeout":2,"connect_timeout":2}: ok
bool(true)
int(0)
