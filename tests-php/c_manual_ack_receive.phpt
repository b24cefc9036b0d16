--TEST--
ack 'manual' with receive(): an acknowledged message is not redelivered after reconnect, an unacknowledged one is
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('manual-receive');
$id = 'c-manual-recv-' . getmypid() . '-' . bin2hex(random_bytes(3));
$opts = ['client_id' => $id, 'clean_session' => false, 'ack' => 'manual'];

$c = mqtt_client($opts);
$c->connect();
$c->subscribe($topic, 1);
mqtt_pub($topic, 'acked', 1);
mqtt_pub($topic, 'not-acked', 1);
$m = $c->receive(5.0);
echo $m->payload, "\n";
var_dump($c->ack($m));
$m = $c->receive(5.0);
echo $m->payload, "\n"; // not acknowledged
$c->disconnect();
unset($c, $m);

$c = mqtt_client($opts);
$c->connect();
$m = $c->receive(5.0);
echo $m?->payload, ' dup=', var_export($m?->dup, true), "\n";
$c->ack($m);
var_dump($c->receive(0.5));
$c->disconnect();
unset($c, $m);

// Acknowledged now: a third connection gets nothing.
$c = mqtt_client($opts);
$c->connect();
var_dump($c->receive(0.5));
$c->disconnect();
$c = mqtt_client(['client_id' => $id, 'clean_session' => true]);
$c->connect();
$c->disconnect();
?>
--EXPECT--
acked
NULL
not-acked
not-acked dup=true
NULL
NULL
