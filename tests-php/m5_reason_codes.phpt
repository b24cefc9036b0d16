--TEST--
MQTT 5 reason codes: an ACL refusal is a ProtocolException with code 0x87 on QoS 1 and QoS 2 publishes and the client stays usable; "no matching subscribers" is success; a refused CONNECT carries its reason code (mosquitto answers a bad password with 0x87); the broker's maximum QoS and maximum packet size refuse a publish before it is sent
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
require __DIR__ . '/f_auth_broker.inc';
$v5 = ['protocol' => Mqtt\Client::MQTT_5, 'timeout' => 5.0];

$dir = sys_get_temp_dir() . '/m5-acl-' . getmypid();
@mkdir($dir, 0755);
chmod($dir, 0755);
file_put_contents("$dir/acl", "topic readwrite open/#\n");
chmod("$dir/acl", 0644);
$broker = new TestBroker(["acl_file $dir/acl", 'max_packet_size 2000']);

$c = new Mqtt\Client('127.0.0.1', $broker->port, $v5);
$c->connect();
foreach ([1, 2] as $qos) {
    try {
        $c->publish('secret/data', 'x', $qos);
        echo "QoS $qos: accepted?!\n";
    } catch (Mqtt\ProtocolException $e) {
        printf("QoS %d refused: %s, code 0x%02x\n", $qos, $e->getMessage(), $e->getCode());
    }
}
// Nobody subscribes to open/#: MQTT 5 brokers may say 0x10 "no matching subscribers", a success.
echo "still usable: QoS 1 mid ", $c->publish('open/data', 'x', 1) > 0 ? '> 0' : '?', ", QoS 2 mid ", $c->publish('open/data', 'x', 2) > 0 ? '> 0' : '?', "\n";
$c->publishAsync('secret/data', 'x', 1);
$c->publishAsync('open/data', 'x', 1);
try { $c->flush(); echo "flush: no error?!\n"; }
catch (Mqtt\Exception $e) { echo "flush: ", get_class($e), ': ', $e->getMessage(), "\n"; }

// The broker's maximum packet size (2000 bytes) is checked before anything is sent.
try { $c->publish('open/big', str_repeat('x', 3000), 1); echo "big: accepted?!\n"; }
catch (\ValueError $e) { echo "big: ValueError: ", $e->getMessage(), "\n"; }
echo "after the refusals: connected ", var_export($c->isConnected(), true), "\n";

$c->disconnect();

// A refused CONNECT.
$auth = f_auth_broker();
try {
    (new Mqtt\Client('127.0.0.1', $auth->port, $v5 + ['username' => 'alice', 'password' => 'wrong']))->connect();
    echo "bad password: connected?!\n";
} catch (Mqtt\ConnectionException $e) {
    printf("bad password: %s, code 0x%02x\n", $e->getMessage(), $e->getCode());
}

// The broker's maximum QoS.
$q1 = new TestBroker(['max_qos 1']);
$c = new Mqtt\Client('127.0.0.1', $q1->port, $v5);
$c->connect();
try { $c->publish('t', 'x', 2); echo "QoS 2 on a max_qos 1 listener: accepted?!\n"; }
catch (Mqtt\ProtocolException $e) { printf("QoS 2 on a max_qos 1 listener: %s, code 0x%02x\n", $e->getMessage(), $e->getCode()); }
echo "QoS 1 there: ", $c->publish('t', 'x', 1) > 0 ? 'acknowledged' : '?', "\n";
$c->disconnect();
@unlink("$dir/acl");
@rmdir($dir);
?>
--EXPECT--
QoS 1 refused: the broker rejected the publish: not authorized (reason code 0x87), code 0x87
QoS 2 refused: the broker rejected the publish: not authorized (reason code 0x87), code 0x87
still usable: QoS 1 mid > 0, QoS 2 mid > 0
flush: Mqtt\ProtocolException: 1 of 2 publishes could not be completed: the broker rejected the publish: not authorized (reason code 0x87)
big: ValueError: the message is 3015 bytes as an MQTT packet (topic and header included), more than the broker's maximum packet size (2000 bytes)
after the refusals: connected true
bad password: connection refused: not authorized (reason code 0x87), code 0x87
QoS 2 on a max_qos 1 listener: the broker accepts QoS 1 at most (its CONNACK said so); a QoS 2 publish was not sent, code 0x9b
QoS 1 there: acknowledged
