--TEST--
ack 'manual': a callback's exception leaves loop(); the broker redelivers that message (and undelivered ones) after reconnect, not the handled ones
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('manual-throw');
$id = 'c-manual-' . getmypid() . '-' . bin2hex(random_bytes(3));
$opts = ['client_id' => $id, 'clean_session' => false, 'ack' => 'manual'];

$handled = [];
$c = mqtt_client($opts);
$c->connect();
$c->subscribe($topic, 1, function (Mqtt\Message $m) use (&$handled) {
    if ($m->payload === 'bad') {
        throw new RuntimeException('cannot handle bad');
    }
    $handled[] = $m->payload;
});
foreach (['m1', 'm2', 'bad', 'm4'] as $p) {
    mqtt_pub($topic, $p, 1);
}
usleep(300000);
$deadline = microtime(true) + 5;
try {
    while (microtime(true) < $deadline) {
        $c->loop(0.2);
    }
    echo "no exception\n";
} catch (RuntimeException $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
echo 'handled: ', implode(',', $handled), "\n";
$c->disconnect();
unset($c);

// Same session again: 'bad' comes back (and 'm4', never handed to PHP); m1 and m2 do not.
$again = [];
$c = mqtt_client($opts);
$c->onMessage(function (Mqtt\Message $m) use (&$again) { $again[] = $m; });
$c->connect();
$deadline = microtime(true) + 5;
while (count($again) < 2 && microtime(true) < $deadline) {
    $c->loop(0.2);
}
$c->loop(0.5);
foreach ($again as $m) {
    echo $m->payload, $m->payload === 'bad' ? ' dup=' . var_export($m->dup, true) : '', "\n";
}
$c->disconnect();
$c = mqtt_client(['client_id' => $id, 'clean_session' => true]);
$c->connect();
$c->disconnect();
?>
--EXPECT--
RuntimeException: cannot handle bad
handled: m1,m2
bad dup=true
m4
