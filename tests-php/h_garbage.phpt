--TEST--
Hostile server that answers garbage: instead of CONNACK (random bytes, an HTTP reply) connect() throws Mqtt\ConnectionException within connect_timeout; after CONNACK (a reserved packet type, QoS 3, a topic that is not UTF-8, a length that never ends) a blocked receive() throws Mqtt\ConnectionException and so does every later call
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
<?php if (!function_exists('pcntl_fork')) die('skip pcntl needed'); ?>
--FILE--
<?php
require __DIR__ . '/lib/hostile.inc';
$opts = ['reconnect' => false, 'connect_timeout' => 2.0, 'timeout' => 2.0];

mt_srand(42);
$answers = ['HTTP' => "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"];
for ($i = 0; $i < 5; $i++) {
    $junk = '';
    for ($j = 0; $j < 64; $j++) { $junk .= chr(mt_rand(0, 255)); }
    $junk[0] = chr(ord($junk[0]) | 1); // never a CONNACK's first byte
    $answers["random #$i"] = $junk;
}
foreach ($answers as $name => $answer) {
    $s = new HostileServer(function ($conn) use ($answer) {
        if (hostile_read_packet($conn) !== null) { fwrite($conn, $answer); hostile_hold($conn); }
    });
    $c = new Mqtt\Client('127.0.0.1', $s->port, $opts);
    [$what, $took] = hostile_call(fn() => $c->connect());
    // Bytes that frame as the start of a long packet leave the client waiting for the rest:
    // connect_timeout ends that.
    echo "$name instead of CONNACK: $what", $took < 3.5 ? '' : sprintf(' after %.1f s', $took), "\n";
    unset($s);
}

$after = [
    'reserved type 15' => "\xF0\x00",
    'QoS 3 PUBLISH' => "\x36\x05\x00\x01t\x00\x01",
    'topic not UTF-8' => "\x30\x05\x00\x03\xC3\x28\xFF",
    'endless length' => "\x30\xFF\xFF\xFF\xFF\xFF",
];
foreach ($after as $name => $junk) {
    $s = new HostileServer(function ($conn) use ($junk) {
        if (hostile_accept_connect($conn)) { usleep(200000); fwrite($conn, $junk); hostile_hold($conn); }
    });
    $c = new Mqtt\Client('127.0.0.1', $s->port, $opts);
    $c->connect();
    [$what, $took] = hostile_call(fn() => $c->receive(10.0));
    echo "$name after CONNACK: receive: $what", $took < 2 ? '' : sprintf(' after %.1f s', $took);
    [$again] = hostile_call(fn() => $c->receive(10.0));
    [$loop] = hostile_call(fn() => $c->loop(10.0));
    [$pub] = hostile_call(fn() => $c->publish('t', 'x', 1));
    echo "; then receive: $again, loop: $loop, publish: $pub\n";
    unset($s);
}
?>
--EXPECT--
HTTP instead of CONNACK: Mqtt\ConnectionException
random #0 instead of CONNACK: Mqtt\ConnectionException
random #1 instead of CONNACK: Mqtt\ConnectionException
random #2 instead of CONNACK: Mqtt\ConnectionException
random #3 instead of CONNACK: Mqtt\ConnectionException
random #4 instead of CONNACK: Mqtt\ConnectionException
reserved type 15 after CONNACK: receive: Mqtt\ConnectionException; then receive: Mqtt\ConnectionException, loop: Mqtt\ConnectionException, publish: Mqtt\ConnectionException
QoS 3 PUBLISH after CONNACK: receive: Mqtt\ConnectionException; then receive: Mqtt\ConnectionException, loop: Mqtt\ConnectionException, publish: Mqtt\ConnectionException
topic not UTF-8 after CONNACK: receive: Mqtt\ConnectionException; then receive: Mqtt\ConnectionException, loop: Mqtt\ConnectionException, publish: Mqtt\ConnectionException
endless length after CONNACK: receive: Mqtt\ConnectionException; then receive: Mqtt\ConnectionException, loop: Mqtt\ConnectionException, publish: Mqtt\ConnectionException
