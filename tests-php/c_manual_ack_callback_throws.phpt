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
// All four in the inbox first, so 'm4' is there, not yet handed to PHP, when 'bad' throws.
mqtt_wait_until(fn () => $c->stats()['queued'] >= 4);
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
// The broker resends the session's messages before any new one: once 'end' is in, all are.
mqtt_pub($topic, 'end', 1);
$deadline = microtime(true) + 10;
while (!array_filter($again, fn ($m) => $m->payload === 'end') && microtime(true) < $deadline) {
    $c->loop(0.2);
}
foreach ($again as $m) {
    if ($m->payload === 'end') { continue; }
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
