--TEST--
client_id: a given id shows in var_dump() and is the one the broker sees; generated ids contain getmypid() and differ between clients
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$opts = ['timeout' => 2.0, 'connect_timeout' => 2.0];
$id = 'f-client-id-' . getmypid();
$c = mqtt_client($opts + ['client_id' => $id]);
ob_start();
var_dump($c);
$dump = ob_get_clean();
var_dump(str_contains($dump, "[\"client_id\"]=>\n  string(" . strlen($id) . ") \"$id\""));

// The broker sees that id: a second connection with the same id takes over, and the broker
// drops the first one.
$c = mqtt_client($opts + ['client_id' => $id, 'reconnect' => false]);
$c->connect();
var_dump($c->isConnected());
$c2 = mqtt_client($opts + ['client_id' => $id, 'reconnect' => false]);
$c2->connect();
$deadline = microtime(true) + 2;
while ($c->isConnected() && microtime(true) < $deadline) { usleep(20000); }
echo 'first client dropped by the broker: ', var_export(!$c->isConnected(), true), "\n";
var_dump($c2->isConnected());
$c2->disconnect();

$ids = [];
foreach ([mqtt_client($opts), mqtt_client($opts), new Mqtt\Client('127.0.0.1', 1883)] as $client) {
    ob_start();
    print_r($client);
    preg_match('/\[client_id\] => (\S+)/', ob_get_clean(), $m);
    $ids[] = $m[1] ?? '';
}
foreach ($ids as $i => $gen) {
    printf("generated id %d: contains pid %s, %s, at most 23 bytes %s\n", $i,
        var_export(str_contains($gen, (string)getmypid()), true), $gen === '' ? 'empty' : 'non-empty',
        var_export(strlen($gen) <= 23, true));
}
var_dump(count(array_unique($ids)) === count($ids));
?>
--EXPECT--
bool(true)
bool(true)
first client dropped by the broker: true
bool(true)
generated id 0: contains pid true, non-empty, at most 23 bytes true
generated id 1: contains pid true, non-empty, at most 23 bytes true
generated id 2: contains pid true, non-empty, at most 23 bytes true
bool(true)
