--TEST--
TLS in the compatibility classes: Mosquitto\Client's TLS setters and phpMQTT's cafile connect to a TLS listener and verify it
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; if (!trim((string)shell_exec('command -v openssl'))) die('skip openssl command missing'); ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
require __DIR__ . '/lib/tls.inc';
$pki = tls_make_pki();
$tls = new TestBroker(tls_listener($pki));
$mutual = new TestBroker(tls_listener($pki, 'server', true));

// Mosquitto\Client: setTlsCertificates() with a CA file, then a publish acknowledged over TLS.
function mosq(int $port, callable $setup): string
{
    $c = new Mosquitto\Client('compat-tls-' . getmypid());
    $setup($c);
    $done = 'no answer';
    $c->onConnect(function ($rc) use ($c) { $c->publish('tls/t', 'x', 1); });
    $c->onPublish(function () use ($c, &$done) { $done = 'published'; $c->disconnect(); });
    try {
        $c->connect('127.0.0.1', $port);
        $c->loopForever();
    } catch (Mosquitto\Exception $e) {
        return 'Mosquitto\Exception: ' . (str_contains($e->getMessage(), 'certificate') ? 'certificate not trusted' : $e->getMessage());
    }
    return $done;
}
echo "CA file: ", mosq($tls->port, fn ($c) => var_dump($c->setTlsCertificates("$pki/ca.crt"))), "\n";
echo "CA directory: ", mosq($tls->port, function ($c) use ($pki) {
    @mkdir("$pki/cadir", 0755); copy("$pki/ca.crt", "$pki/cadir/ca.pem");
    $c->setTlsCertificates("$pki/cadir");
}), "\n";
echo "no CA (system roots): ", mosq($tls->port, fn ($c) => $c->setTlsOptions(Mosquitto\Client::SSL_VERIFY_PEER)), "\n";
echo "verify none: ", mosq($tls->port, fn ($c) => $c->setTlsOptions(Mosquitto\Client::SSL_VERIFY_NONE)), "\n";
echo "client certificate: ", mosq($mutual->port, fn ($c) => $c->setTlsCertificates("$pki/ca.crt", "$pki/client.crt", "$pki/client.key")), "\n";
echo "encrypted client key: ", mosq($mutual->port, fn ($c) => $c->setTlsCertificates("$pki/ca.crt", "$pki/client.crt", "$pki/client-encrypted.key", 'client-key-password')), "\n";
$c = new Mosquitto\Client();
foreach ([fn () => $c->setTlsOptions(1, 'tlsv1.2', 'HIGH'), fn () => $c->setTlsPSK('abc', 'id')] as $f) {
    try { $f(); echo "accepted?!\n"; } catch (Mosquitto\Exception $e) { echo $e->getMessage(), "\n"; }
}

// phpMQTT: a cafile means TLS with that CA.
$m = new Bluerhinos\phpMQTT('127.0.0.1', $tls->port, 'compat-tls-phpmqtt', "$pki/ca.crt");
var_dump($m->connect());
$m->publish('tls/t', 'over tls', 1);
$m->close();
$m = new Bluerhinos\phpMQTT('127.0.0.1', $tls->port, 'compat-tls-phpmqtt2', '/etc/ssl/certs/ca-certificates.crt');
var_dump(@$m->connect()); // the test CA is not among the system's
?>
--EXPECT--
CA file: int(0)
published
CA directory: published
no CA (system roots): Mosquitto\Exception: certificate not trusted
verify none: published
client certificate: published
encrypted client key: published
This feature is not supported.
This feature is not supported.
bool(true)
bool(false)
