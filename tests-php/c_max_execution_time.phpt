--TEST--
set_time_limit() still applies inside loopForever() while a stream of messages keeps PHP busy
--SKIPIF--
<?php
require __DIR__ . '/lib/skipif.inc';
if (PHP_OS_FAMILY !== 'Linux') die('skip CPU-time limit semantics of Linux');
if (!function_exists('pcntl_alarm')) die('skip pcntl needed for the watchdog');
?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
// On Linux, max_execution_time counts CPU time: the callback does some work for each message.
$broker = new TestBroker(['max_queued_messages 100000']);
// A fatal error skips destructors, not shutdown functions.
register_shutdown_function(function () use ($broker) { set_time_limit(0); $broker->__destruct(); });
$topic = mqtt_topic('time-limit');
$c = mqtt_client([], $broker->port);
$c->connect();
$handled = 0;
$c->subscribe($topic, 1, function (Mqtt\Message $m) use (&$handled) {
    $h = $m->payload;
    for ($i = 0; $i < 10000; $i++) {
        $h = md5($h);
    }
    $handled++;
});
$pub = proc_open(['mosquitto_pub', '-h', '127.0.0.1', '-p', (string)$broker->port, '-t', $topic, '-q', '1', '-l'],
    [0 => ['pipe', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
fwrite($pipes[0], str_repeat("work\n", 5000));
fclose($pipes[0]);
// A watchdog: if the limit never strikes, the test fails instead of running through.
pcntl_async_signals(true);
pcntl_signal(SIGALRM, function () use ($c) { $c->exitLoop(); });
pcntl_alarm(20);
echo "looping\n";
set_time_limit(1);
$c->loopForever();
echo "loopForever returned after $handled messages: the time limit did not apply\n";
?>
--EXPECTF--
looping

Fatal error: Maximum execution time of 1 second exceeded in %s on line %d
