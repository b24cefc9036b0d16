--TEST--
mqtt://user:pass@127.0.0.1:PORT connects with those credentials, the URI's port wins over $port, var_dump() hides the password
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
<?php if (!shell_exec('command -v mosquitto_passwd')) die('skip mosquitto_passwd missing'); ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
require __DIR__ . '/f_auth_broker.inc';
$broker = f_auth_broker();
$pass = f_auth_password();
$nothing = mqtt_free_port(); // nothing listens here: connecting to it would fail
$c = new Mqtt\Client("mqtt://alice:$pass@127.0.0.1:{$broker->port}", $nothing, ['connect_timeout' => 2.0, 'timeout' => 2.0]);
$c->connect();
var_dump($c->isConnected());
$topic = mqtt_topic('uri');
$c->subscribe($topic, 1);
$c->publish($topic, 'via uri', 1);
var_dump($c->receive(2.0)?->payload);
ob_start();
var_dump($c);
print_r($c);
$dump = ob_get_clean();
echo 'dump shows the password: ', var_export(str_contains($dump, $pass), true), "\n";
echo 'dump shows the URI port: ', var_export(str_contains($dump, "[\"port\"]=>\n  int({$broker->port})"), true), "\n";
echo 'dump shows host 127.0.0.1: ', var_export(str_contains($dump, '"127.0.0.1"'), true), "\n";
echo 'dump shows user alice: ', var_export(str_contains($dump, '"alice"'), true), "\n";
$c->disconnect();

// The credentials really come from the URI: a wrong password in it is refused.
$c = new Mqtt\Client("mqtt://alice:wrong@127.0.0.1:{$broker->port}", $nothing, ['connect_timeout' => 2.0, 'timeout' => 2.0]);
try {
    $c->connect();
    echo "connected?!\n";
} catch (Mqtt\ConnectionException $e) {
    echo get_class($e), ' ', $e->getCode(), "\n";
}
?>
--EXPECT--
bool(true)
string(7) "via uri"
dump shows the password: false
dump shows the URI port: true
dump shows host 127.0.0.1: true
dump shows user alice: true
Mqtt\ConnectionException 5
