--TEST--
phpinfo(): an open persistent connection is listed with its client id, host and port, and is gone after disconnect()
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
function mqtt_info(): string { ob_start(); phpinfo(INFO_MODULES); return ob_get_clean(); }
function rows(string $info): void {
    preg_match('/^persistent connections open => (.*)$/m', $info, $m);
    echo 'open: ', $m[1] ?? 'missing', "\n";
    preg_match_all('/^persistent connection => (.*)$/m', $info, $m);
    foreach ($m[1] as $row) { echo "row: $row\n"; }
}
$id = 'p-info-' . getmypid();
$c = mqtt_client(['persistent' => true, 'client_id' => $id, 'timeout' => 3.0, 'connect_timeout' => 3.0]);
$c->connect();
unset($c); // the connection stays open after the object is gone
$info = mqtt_info();
rows($info);
var_dump(str_contains($info, "persistent connection => $id @ " . mqtt_host() . ':' . mqtt_port() . " (connected)\n"));

$c = mqtt_client(['persistent' => true, 'client_id' => $id, 'timeout' => 3.0, 'connect_timeout' => 3.0]);
$c->connect();
$c->disconnect();
rows(mqtt_info());
?>
--EXPECTF--
open: 1
row: p-info-%d @ %s:%d (connected)
bool(true)
open: 0
