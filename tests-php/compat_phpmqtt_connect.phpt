--TEST--
phpMQTT connect(): false (no exception) with no broker, refused credentials or a TLS handshake that fails (a cafile: never clear text); true with good ones; long client ids, user names and passwords; the will
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
require __DIR__ . '/f_auth_broker.inc';
$m = new phpMQTT('127.0.0.1', mqtt_free_port(), 'compat-none');
var_dump($m->connect());

$broker = f_auth_broker();
$m = new phpMQTT('127.0.0.1', $broker->port, 'compat-auth');
var_dump($m->connect(true, null, 'alice', 'wrong'));
var_dump($m->connect(true, null, 'alice', f_auth_password()));
$m->close();
$m = new phpMQTT('127.0.0.1', $broker->port, 'compat-auth2');
$m->username = 'alice';                    // properties set before connect() count
$m->password = f_auth_password();
var_dump($m->connect(true, null, '', ''));
$m->close();

// A cafile means TLS: against this plain MQTT listener the handshake fails, so connect() is
// false and nothing goes to the broker in clear text (TLS that works: compat_tls.phpt).
$m = new phpMQTT(mqtt_host(), mqtt_port(), 'compat-tls', '/etc/ssl/certs/ca-certificates.crt');
$m->debug = true;
ob_start(); $ok = $m->connect(); $out = ob_get_clean();
var_dump($ok, $out !== '');

// long fields (the original wrote their lengths wrongly past 127 bytes)
$m = new phpMQTT(mqtt_host(), mqtt_port(), str_repeat('c', 300) . getmypid());
var_dump($m->connect(true, null, str_repeat('u', 1000), str_repeat('p', 5000)));
$topic = mqtt_topic('compat-long');
$got = null;
$m->subscribe([$topic => ['qos' => 1, 'function' => function ($t, $p) use (&$got) { $got = $p; }]]);
$m->publish($topic, str_repeat('x', 300), 1);
$deadline = microtime(true) + 5;
while ($got === null && microtime(true) < $deadline) { $m->proc(); }
var_dump(strlen($got));
$m->close();

// the will (topic/content/qos/retain), published when the process dies without close()
$will = mqtt_topic('compat-will');
$sub = mqtt_sub_start($will, 1, 0, [], 10);
$code = '$m = new phpMQTT("127.0.0.1", (int)$argv[1], "compat-will-" . getmypid()); $m->connect(true, ["topic" => $argv[2], "content" => "gone", "qos" => 1, "retain" => false]); posix_kill(getmypid(), SIGKILL);';
$p = proc_open([PHP_BINARY, '-n', '-d', 'extension=' . getenv('MQTT_SO'), '-d', 'extension=posix', '-r', $code, (string)mqtt_port(), $will], [], $pipes);
proc_close($p);
print_r(mqtt_sub_wait($sub));
?>
--EXPECT--
bool(false)
bool(false)
bool(true)
bool(true)
bool(false)
bool(true)
bool(true)
int(300)
Array
(
    [0] => gone
)
