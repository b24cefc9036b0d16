--TEST--
The password never appears in a refusal's exception, var_dump(), print_r(), var_export() or debug_zval_dump()
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
<?php if (!shell_exec('command -v mosquitto_passwd')) die('skip mosquitto_passwd missing'); ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
require __DIR__ . '/f_auth_broker.inc';
$broker = f_auth_broker();
$wrong = 'WrongPassw0rd-xyzzy';
$opts = ['connect_timeout' => 2.0, 'timeout' => 2.0];

$c = new Mqtt\Client('127.0.0.1', $broker->port, $opts + ['username' => 'alice', 'password' => $wrong]);
try {
    $c->connect();
    echo "connected?!\n";
} catch (Mqtt\ConnectionException $e) {
    $text = $e->getMessage() . "\n" . $e . "\n";
    echo 'exception shows the password: ', var_export(str_contains($text, $wrong), true), "\n";
}
ob_start();
var_dump($c);
print_r($c);
echo "\n";
debug_zval_dump($c);
$dump = ob_get_clean();
echo 'refused client dump shows the password: ', var_export(str_contains($dump, $wrong), true), "\n";
echo 'dump shows the user name: ', var_export(str_contains($dump, 'alice'), true), "\n";

$good = f_auth_password();
$c = new Mqtt\Client('127.0.0.1', $broker->port, $opts + ['username' => 'alice', 'password' => $good]);
$c->connect();
ob_start();
var_dump($c);
print_r($c);
echo "\n";
var_export($c);
echo "\n";
debug_zval_dump($c);
echo json_encode((array)$c), "\n";
echo serialize_or_error($c), "\n";
$dump = ob_get_clean();
echo 'connected client dump shows the password: ', var_export(str_contains($dump, $good), true), "\n";
echo 'dump shows connected: ', var_export(str_contains($dump, '["connected"]=>' . "\n  bool(true)"), true), "\n";
$c->disconnect();

function serialize_or_error(object $o): string
{
    try { return serialize($o); } catch (Throwable $e) { return get_class($e) . ': ' . $e->getMessage(); }
}
?>
--EXPECT--
exception shows the password: false
refused client dump shows the password: false
dump shows the user name: true
connected client dump shows the password: false
dump shows connected: true
