--TEST--
ack 'manual': acknowledgements keep up with consumption and disconnect() sends them all (3,000 QoS 1 messages, no redelivery, no will)
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
// A broker of its own that queues everything for an offline or slower consumer (mosquitto
// drops QoS 1/2 messages past 1,000 queued by default, which would measure the broker).
$broker = new TestBroker(['max_queued_messages 100000']);
$port = $broker->port;
$topic = mqtt_topic('manual-keep-up');
$willTopic = mqtt_topic('manual-keep-up-will');
$id = 'd-manual-' . getmypid() . '-' . bin2hex(random_bytes(3));
$opts = ['client_id' => $id, 'clean_session' => false, 'ack' => 'manual', 'timeout' => 5.0,
    'will' => ['topic' => $willTopic, 'payload' => 'gone', 'qos' => 1]];

$watcher = mqtt_client([], $port);
$watcher->connect();
$wills = 0;
$watcher->subscribe($willTopic, 1, function () use (&$wills) { $wills++; });

$c = mqtt_client($opts, $port);
$c->connect();
$handled = 0;
$c->subscribe($topic, 1, function (Mqtt\Message $m) use (&$handled) { $handled++; });

$p = mqtt_client([], $port);
$p->connect();
for ($i = 0; $i < 3000; $i++) {
    $p->publishAsync($topic, "m$i", 1);
}
echo "published: ", $p->flush(), "\n";

$deadline = microtime(true) + 20;
while ($handled < 3000 && microtime(true) < $deadline) {
    $c->loop(0.2);
}
echo "handled: $handled\n";
$t = microtime(true);
$c->disconnect(); // must not time out
echo "disconnect under 2 s: ", var_export(microtime(true) - $t < 2.0, true), "\n";

// Everything handled was acknowledged: the session has nothing to deliver again.
$again = 0;
$c = mqtt_client($opts, $port);
$c->onMessage(function () use (&$again) { $again++; });
$c->connect();
$c->loop(1.0);
echo "redelivered: $again\n";
$c->disconnect();

$watcher->loop(0.5);
echo "wills: $wills\n";
$watcher->disconnect();
$p->disconnect();
?>
--EXPECT--
published: 3000
handled: 3000
disconnect under 2 s: true
redelivered: 0
wills: 0
