--TEST--
phpinfo(): the mqtt section shows the extension version, the rumqttc version, TLS support and no open persistent connection
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
ob_start();
phpinfo(INFO_MODULES);
$info = ob_get_clean();
// The CLI prints "name => value" lines; the section starts with a line holding just "mqtt".
var_dump((bool)preg_match('/^mqtt$/m', $info));
var_dump(str_contains($info, "\nversion => " . phpversion('mqtt') . "\n"));
preg_match('/^rumqttc version => (.*)$/m', $info, $m);
echo 'rumqttc version: ', $m[1] ?? 'missing', "\n";
preg_match('/^TLS support => (.*)$/m', $info, $m);
echo 'TLS support: ', isset($m[1]) && in_array($m[1], ['yes', 'no', 'enabled', 'disabled'], true) ? 'shown' : 'missing', "\n";
preg_match('/^persistent connections open => (.*)$/m', $info, $m);
echo 'persistent connections open: ', $m[1] ?? 'missing', "\n";
echo 'persistent connection rows: ', preg_match_all('/^persistent connection => /m', $info), "\n";
// The ini entries are listed too.
var_dump((bool)preg_match('/^mqtt\.persistent_max => 16 => 16$/m', $info));
?>
--EXPECTF--
bool(true)
bool(true)
rumqttc version: 0.25.%d
TLS support: shown
persistent connections open: 0
persistent connection rows: 0
bool(true)
