--TEST--
loopForever() returns when a callback calls disconnect()
--SKIPIF--
<?php
require __DIR__ . '/lib/skipif.inc';
if (!function_exists('pcntl_alarm')) die('skip pcntl needed');
?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('loopdisc');
$got = [];
$c = mqtt_client();
$c->connect();
$c->subscribe($topic, 1, function (Mqtt\Message $m) use (&$got, $c) {
    $got[] = $m->payload;
    $c->disconnect();
    echo "disconnected in callback\n";
});
// A watchdog, so that a loopForever() that does not return fails the test instead of hanging it.
pcntl_async_signals(true);
pcntl_signal(SIGALRM, function () use ($c) { echo "watchdog fired\n"; $c->exitLoop(); });
pcntl_alarm(10);
$pub = proc_open(['sh', '-c', 'sleep 0.3; exec mosquitto_pub -h 127.0.0.1 -p "$1" -t "$2" -m bye -q 1', 'sh', (string)mqtt_port(), $topic],
    [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
$t = microtime(true);
$c->loopForever();
$elapsed = microtime(true) - $t;
pcntl_alarm(0);
proc_close($pub);
echo "loopForever returned\n";
var_dump($elapsed < 5 ?: $elapsed);
var_dump($got, $c->isConnected());
?>
--EXPECT--
disconnected in callback
loopForever returned
bool(true)
array(1) {
  [0]=>
  string(3) "bye"
}
bool(false)
