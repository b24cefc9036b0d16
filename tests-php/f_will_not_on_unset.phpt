--TEST--
Destroying a connected client (unset) sends DISCONNECT: the will is not published
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
<?php if (!function_exists('pcntl_fork')) die('skip pcntl needed'); ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$broker = new TestBroker();
$topic = mqtt_topic('will-unset');
$opts = ['timeout' => 2.0, 'connect_timeout' => 2.0];
$will = ['will' => ['topic' => $topic, 'payload' => 'gone', 'qos' => 1]];
$watcher = new Mqtt\Client('127.0.0.1', $broker->port, $opts);
$watcher->connect();
$watcher->subscribe($topic, 1);

$c = new Mqtt\Client('127.0.0.1', $broker->port, $opts + $will);
$c->connect();
var_dump($c->isConnected());
unset($c);
var_dump($watcher->receive(1.0));

// Also when the last reference goes by reassignment.
$c = new Mqtt\Client('127.0.0.1', $broker->port, $opts + $will);
$c->connect();
$c = null;
var_dump($watcher->receive(1.0));

// Control: the watcher does get the will when the connection ends without DISCONNECT.
$pid = pcntl_fork();
if ($pid === 0) {
    $child = new Mqtt\Client('127.0.0.1', $broker->port, $opts + $will);
    $child->connect();
    posix_kill(getmypid(), SIGKILL);
}
pcntl_waitpid($pid, $status);
var_dump($watcher->receive(3.0)?->payload);
$watcher->disconnect();
?>
--EXPECT--
bool(true)
NULL
NULL
string(4) "gone"
