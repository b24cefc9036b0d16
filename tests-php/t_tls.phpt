--TEST--
TLS: mqtts:// and the tls option against mosquitto TLS listeners: the CA file, verification on by default, a wrong name, a self-signed and an expired certificate refused with the reason, verify_peer off, server_name, client certificates with plain and encrypted keys
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; if (!trim((string)shell_exec('command -v openssl'))) die('skip openssl command missing'); ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
require __DIR__ . '/lib/tls.inc';
$pki = tls_make_pki();
$ca = ['ca_file' => "$pki/ca.crt"];

function attempt(string $what, string $host, int $port, array $options): void
{
    try {
        $c = new Mqtt\Client($host, $port, $options + ['connect_timeout' => 5.0]);
        $c->connect();
        $mid = $c->publish('tls/t', 'over tls', 1);
        echo "$what: connected, QoS 1 acknowledged: ", var_export($mid > 0, true), "\n";
        $c->disconnect();
    } catch (Mqtt\ConnectionException $e) {
        $m = $e->getMessage();
        // TLS 1.3 refuses a client certificate after the handshake: an alert, or a reset that lost it.
        if (str_contains($m, 'client certificate')) { echo "$what: ", get_class($e), ": refused, naming the client certificate\n"; return; }
        echo "$what: ", get_class($e), ': ', preg_replace('/^cannot connect to [^:]+:\d+: ([^:]+(\(os error \d+\))?)(:.*)?$/s', '$1', $e->getMessage()), "\n";
    }
}

$good = new TestBroker(tls_listener($pki));
attempt('tls with ca_file', '127.0.0.1', $good->port, ['tls' => $ca]);
attempt('mqtts:// with ca_file', "mqtts://127.0.0.1:{$good->port}", 1883, ['tls' => $ca]);
attempt('system roots only', '127.0.0.1', $good->port, ['tls' => true]);
attempt('plain MQTT to a TLS port', '127.0.0.1', $good->port, ['reconnect' => false]);

$wrongName = new TestBroker(tls_listener($pki, 'other'));
attempt('certificate for another name', '127.0.0.1', $wrongName->port, ['tls' => $ca]);
attempt('another name, verify_peer off', '127.0.0.1', $wrongName->port, ['tls' => $ca + ['verify_peer' => false]]);

$selfSigned = new TestBroker(tls_listener($pki, 'self'));
attempt('self-signed certificate', '127.0.0.1', $selfSigned->port, ['tls' => $ca]);
attempt('self-signed, verify_peer off', '127.0.0.1', $selfSigned->port, ['tls' => ['verify_peer' => false]]);

$mutual = new TestBroker(tls_listener($pki, 'server', true));
attempt('client certificate required, none given', '127.0.0.1', $mutual->port, ['tls' => $ca]);
attempt('client certificate given', '127.0.0.1', $mutual->port, ['tls' => $ca + ['cert_file' => "$pki/client.crt", 'key_file' => "$pki/client.key"]]);
$encrypted = $ca + ['cert_file' => "$pki/client.crt", 'key_file' => "$pki/client-encrypted.key"];
attempt('encrypted client key with its password', '127.0.0.1', $mutual->port, ['tls' => $encrypted + ['key_password' => 'client-key-password']]);
foreach (['encrypted key, wrong password' => ['key_password' => 'nope'], 'encrypted key, no password' => []] as $what => $password) {
    try {
        attempt($what, '127.0.0.1', $mutual->port, ['tls' => $encrypted + $password]);
    } catch (\ValueError $e) {
        echo "$what: ValueError: ", preg_replace('/key \/\S+/', 'key …', $e->getMessage()), "\n";
    }
}

// server_name: the name to verify (and send as SNI) when it is not the host connected to.
attempt('server_name of the certificate', '127.0.0.1', $wrongName->port, ['tls' => $ca + ['server_name' => 'other.example']]);
attempt('server_name not in the certificate', '127.0.0.1', $good->port, ['tls' => $ca + ['server_name' => 'other.example']]);

$expired = new TestBroker(tls_listener($pki, 'expired'));
attempt('expired certificate', '127.0.0.1', $expired->port, ['tls' => $ca]);
attempt('expired, verify_peer off', '127.0.0.1', $expired->port, ['tls' => $ca + ['verify_peer' => false]]);

foreach ([['tls' => ['ca_file' => "$pki/missing.crt"]], ['tls' => ['cert_file' => "$pki/client.crt"]], ['tls' => 'yes']] as $bad) {
    try {
        new Mqtt\Client('127.0.0.1', 8883, $bad);
        echo "accepted?!\n";
    } catch (\ValueError $e) {
        echo "ValueError: ", preg_replace('/: \/.*$/', ': …', $e->getMessage()), "\n";
    }
}
$m = new Mqtt\Client('mqtts://broker.example');
echo "mqtts:// without a port: ", $m->__debugInfo()['port'], "\n";
?>
--EXPECT--
tls with ca_file: connected, QoS 1 acknowledged: true
mqtts:// with ca_file: connected, QoS 1 acknowledged: true
system roots only: Mqtt\ConnectionException: the broker's certificate is not signed by a trusted CA (set tls.ca_file)
plain MQTT to a TLS port: Mqtt\ConnectionException: Connection reset by peer (os error 104)
certificate for another name: Mqtt\ConnectionException: the broker's certificate is not for this host name (name mismatch)
another name, verify_peer off: connected, QoS 1 acknowledged: true
self-signed certificate: Mqtt\ConnectionException: the broker's certificate is not signed by a trusted CA (set tls.ca_file)
self-signed, verify_peer off: connected, QoS 1 acknowledged: true
client certificate required, none given: Mqtt\ConnectionException: refused, naming the client certificate
client certificate given: connected, QoS 1 acknowledged: true
encrypted client key with its password: connected, QoS 1 acknowledged: true
encrypted key, wrong password: ValueError: cannot decrypt the key … with tls.key_password (wrong password?): bad decrypt
encrypted key, no password: ValueError: cannot read the key … it is encrypted: give its password as tls.key_password
server_name of the certificate: connected, QoS 1 acknowledged: true
server_name not in the certificate: Mqtt\ConnectionException: the broker's certificate is not for this host name (name mismatch)
expired certificate: Mqtt\ConnectionException: the broker's certificate has expired
expired, verify_peer off: connected, QoS 1 acknowledged: true
ValueError: option "tls.ca_file" cannot be read: …
ValueError: option "tls" needs both cert_file and key_file, or neither
ValueError: option "tls" must be bool or array, string given
mqtts:// without a port: 8883
