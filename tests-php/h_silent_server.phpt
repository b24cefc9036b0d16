--TEST--
Hostile server that accepts TCP and never answers: connect() throws Mqtt\ConnectionException within connect_timeout; one that accepts CONNECT and then stays silent makes publish()/subscribe() throw Mqtt\TimeoutException within timeout, and keep-alive ends the connection: receive() and loop() then throw Mqtt\ConnectionException, every time
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
<?php if (!function_exists('pcntl_fork')) die('skip pcntl needed'); ?>
--FILE--
<?php
require __DIR__ . '/lib/hostile.inc';
$opts = ['reconnect' => false, 'connect_timeout' => 1.0, 'timeout' => 1.0];

$mute = new HostileServer(function ($conn) { hostile_hold($conn); });
$c = new Mqtt\Client('127.0.0.1', $mute->port, $opts);
[$what, $took] = hostile_call(fn() => $c->connect());
echo "connect: $what, within 1 s + slack: ", var_export($took >= 0.9 && $took < 2.5, true), "\n";
var_dump($c->isConnected());

$silent = new HostileServer(function ($conn) {
    if (hostile_accept_connect($conn)) { hostile_hold($conn); } // no acknowledgement, no PINGRESP
});
$c = new Mqtt\Client('127.0.0.1', $silent->port, $opts + ['keep_alive' => 3]);
$c->connect();
[$what, $took] = hostile_call(fn() => $c->publish('t', 'x', 1));
echo "publish: $what, within 1 s + slack: ", var_export($took >= 0.9 && $took < 2.5, true), "\n";
[$what, $took] = hostile_call(fn() => $c->subscribe('t/#', 1));
echo "subscribe: $what, within 1 s + slack: ", var_export($took >= 0.9 && $took < 2.5, true), "\n";
// No PINGRESP: the connection is given up after at most two keep-alive periods (6 s).
$t = microtime(true);
[$what, $took] = hostile_call(function () use ($c) {
    while (true) { $c->receive(0.2); }
});
echo "receive until the keep-alive gives up: $what, within 6 s: ", var_export(microtime(true) - $t < 6, true), "\n";
foreach (['receive' => fn() => $c->receive(5.0), 'loop' => fn() => $c->loop(5.0), 'publish' => fn() => $c->publish('t', 'x')] as $name => $f) {
    for ($i = 0; $i < 2; $i++) {
        [$what, $took] = hostile_call($f);
        echo "$name: $what", $took < 0.5 ? '' : sprintf(' after %.1f s', $took), "\n";
    }
}
?>
--EXPECT--
connect: Mqtt\ConnectionException, within 1 s + slack: true
bool(false)
publish: Mqtt\TimeoutException, within 1 s + slack: true
subscribe: Mqtt\TimeoutException, within 1 s + slack: true
receive until the keep-alive gives up: Mqtt\ConnectionException, within 6 s: true
receive: Mqtt\ConnectionException
receive: Mqtt\ConnectionException
loop: Mqtt\ConnectionException
loop: Mqtt\ConnectionException
publish: Mqtt\ConnectionException
publish: Mqtt\ConnectionException
