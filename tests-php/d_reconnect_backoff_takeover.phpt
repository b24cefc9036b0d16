--TEST--
Two clients with the same client id back off instead of taking each other over ten times a second
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$id = 'd-takeover-' . getmypid() . '-' . bin2hex(random_bytes(3));
$a = mqtt_client(['client_id' => $id]);
$b = mqtt_client(['client_id' => $id]);
$lost = ['a' => 0, 'b' => 0];
$a->onDisconnect(function ($e) use (&$lost) { $lost['a']++; });
$b->onDisconnect(function ($e) use (&$lost) { $lost['b']++; });
$a->connect();
$b->connect();
$end = microtime(true) + 3.0;
while (microtime(true) < $end) {
    $a->loop(0.02);
    $b->loop(0.02);
}
// reconnect_delay 0.1 s doubling (with jitter between half and all of it): at most about six
// attempts each in 3 s, where a backoff that resets on every CONNACK makes 16 or more.
$ra = $a->stats()['reconnects'];
$rb = $b->stats()['reconnects'];
echo "took over each other: ", var_export($ra + $rb >= 2, true), "\n";
echo "a reconnects at most 7: ", var_export($ra <= 7, true), " ($ra)\n";
echo "b reconnects at most 7: ", var_export($rb <= 7, true), " ($rb)\n";
echo "a told why: ", var_export($lost['a'] >= 1, true), "\n";
?>
--EXPECTF--
took over each other: true
a reconnects at most 7: true (%d)
b reconnects at most 7: true (%d)
a told why: true
