--TEST--
servers: tried in order on connect() and on every reconnect; when all fail, the error names each server and why
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$closed = mqtt_free_port();
$closed2 = mqtt_free_port();

// The constructor's broker is down: the next server takes the connection.
$up = new TestBroker();
$c = new Mqtt\Client('127.0.0.1', $closed, ['servers' => ["127.0.0.1:{$up->port}"], 'connect_timeout' => 2.0]);
$c->connect();
echo "connected through the second server: ", var_export($c->isConnected(), true), "\n";
var_dump($c->publish('t', 'x', 1) > 0);
$c->disconnect();

// Every server down: one ConnectionException naming each.
try {
    (new Mqtt\Client('127.0.0.1', $closed, ['servers' => ["mqtt://127.0.0.1:$closed2"], 'connect_timeout' => 2.0]))->connect();
    echo "connected?!\n";
} catch (Mqtt\ConnectionException $e) {
    $m = $e->getMessage();
    echo "all failed: ", str_contains($m, "127.0.0.1:$closed") && str_contains($m, "127.0.0.1:$closed2") ? 'names both servers' : $m, "\n";
}

// A lost connection fails over to the next server, and subscriptions come along.
$a = new TestBroker();
$b = new TestBroker();
$topic = mqtt_topic('failover');
$c = new Mqtt\Client('127.0.0.1', $a->port, ['servers' => ["127.0.0.1:{$b->port}"], 'reconnect_delay' => 0.05]);
$connects = 0;
$c->onConnect(function () use (&$connects) { $connects++; });
$got = [];
$c->connect();
$c->subscribe($topic, 1, function (Mqtt\Message $m) use (&$got) { $got[] = $m->payload; });
$a->stop(); // the first broker dies
$deadline = microtime(true) + 5;
while ($connects < 2 && microtime(true) < $deadline) { $c->loop(0.1); }
echo "reconnected to the other server: ", var_export($connects >= 2 && $c->isConnected(), true), "\n";
mqtt_pub($topic, 'via b', 1, [], $b->port);
$deadline = microtime(true) + 5;
while (!$got && microtime(true) < $deadline) { $c->loop(0.1); }
echo "subscription restored there: ", implode(',', $got), "\n";
$c->disconnect();

foreach ([['servers' => 'x'], ['servers' => [5]], ['servers' => ['mqtt://u:p@h:1']], ['servers' => ['h:0']]] as $bad) {
    try {
        new Mqtt\Client('127.0.0.1', 1883, $bad);
        echo "accepted?!\n";
    } catch (\ValueError $e) {
        echo "ValueError: ", $e->getMessage(), "\n";
    }
}
?>
--EXPECTF--
connected through the second server: true
bool(true)
all failed: names both servers
reconnected to the other server: true
subscription restored there: via b
ValueError: option "servers" must be a list of URIs, string given
ValueError: option "servers[0]" must be string, int given
ValueError: option "servers[0]" must not carry credentials: give them in the username and password options
ValueError: option "servers[0]" is not usable: %s
