--TEST--
ack=manual: a received message freed without ack() is redelivered later, and does not hold back the acknowledgement of the next one
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('unacked');
$id = 'phpt-unacked-' . getmypid();
$opts = ['client_id' => $id, 'clean_session' => false, 'ack' => 'manual', 'timeout' => 3.0];
$c = mqtt_client($opts);
$c->connect();
$c->subscribe($topic, 1);
mqtt_pub($topic, 'first', 1);
mqtt_pub($topic, 'second', 1);
$m = $c->receive(2.0);
echo "got: {$m->payload}\n";
unset($m);                      // never acknowledged
$m = $c->receive(2.0);
echo "got: {$m->payload}\n";
$c->ack($m);                    // must reach the broker although 'first' was not acknowledged
$c->disconnect();

$c = mqtt_client($opts);
$c->connect();
while ($m = $c->receive(1.0)) {
    echo "redelivered: {$m->payload}\n";
    $c->ack($m);
}
$c->disconnect();
(mqtt_client(['client_id' => $id]))->connect(); // clean the session up
?>
--EXPECT--
got: first
got: second
redelivered: first
