--TEST--
Hostile server that drops the connection in the middle of a packet: mid-CONNACK, connect() throws Mqtt\ConnectionException at once; mid-PUBLISH, a blocked receive() wakes with Mqtt\ConnectionException at once (not at its timeout) and so does every later receive(), loop() and publish() (reconnect off); loop() runs onDisconnect before it throws
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
<?php if (!function_exists('pcntl_fork')) die('skip pcntl needed'); ?>
--FILE--
<?php
require __DIR__ . '/lib/hostile.inc';
$opts = ['reconnect' => false, 'connect_timeout' => 5.0, 'timeout' => 5.0];

$s = new HostileServer(function ($conn) {
    if (hostile_read_packet($conn) !== null) { fwrite($conn, "\x20\x02\x00"); } // and gone
});
$c = new Mqtt\Client('127.0.0.1', $s->port, $opts);
[$what, $took] = hostile_call(fn() => $c->connect());
echo "dropped mid-CONNACK: connect: $what", $took < 2 ? '' : sprintf(' after %.1f s', $took), "\n";
unset($s);

// Half a PUBLISH (100 bytes announced, 6 sent), then the connection goes.
$half = function ($conn) {
    if (hostile_accept_connect($conn)) { usleep(300000); fwrite($conn, "\x30\x64\x00\x01txyz"); }
};
$s = new HostileServer($half);
$c = new Mqtt\Client('127.0.0.1', $s->port, $opts);
$c->connect();
[$what, $took] = hostile_call(fn() => $c->receive(30.0));
echo "dropped mid-PUBLISH: blocked receive: $what", $took < 3 ? '' : sprintf(' after %.1f s', $took), "\n";
foreach (['receive' => fn() => $c->receive(5.0), 'loop' => fn() => $c->loop(5.0), 'publish' => fn() => $c->publish('t', 'x', 1)] as $name => $f) {
    for ($i = 0; $i < 2; $i++) {
        [$what, $took] = hostile_call($f);
        echo "  then $name: $what", $took < 1 ? '' : sprintf(' after %.1f s', $took), "\n";
    }
}
var_dump($c->isConnected());
unset($s);

// The same with loop(): onDisconnect gets the reason, and the loop() throws after it ran.
$s = new HostileServer($half);
$c = new Mqtt\Client('127.0.0.1', $s->port, $opts);
$c->onDisconnect(function (?string $why) { echo "onDisconnect: ", $why === null ? 'null' : 'a reason', "\n"; });
$c->connect();
[$what, $took] = hostile_call(fn() => $c->loop(30.0));
echo "blocked loop: $what", $took < 3 ? '' : sprintf(' after %.1f s', $took), "\n";
[$what] = hostile_call(fn() => $c->loop(1.0));
echo "then loop: $what\n";
?>
--EXPECT--
dropped mid-CONNACK: connect: Mqtt\ConnectionException
dropped mid-PUBLISH: blocked receive: Mqtt\ConnectionException
  then receive: Mqtt\ConnectionException
  then receive: Mqtt\ConnectionException
  then loop: Mqtt\ConnectionException
  then loop: Mqtt\ConnectionException
  then publish: Mqtt\ConnectionException
  then publish: Mqtt\ConnectionException
bool(false)
onDisconnect: a reason
blocked loop: Mqtt\ConnectionException
then loop: Mqtt\ConnectionException
