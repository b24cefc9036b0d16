--TEST--
will: when the client's process is killed outright (SIGKILL), the broker publishes the will
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
<?php if (!function_exists('pcntl_fork')) die('skip pcntl needed'); ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$broker = new TestBroker();
$topic = mqtt_topic('will-kill');
$opts = ['timeout' => 2.0, 'connect_timeout' => 2.0];
$watcher = new Mqtt\Client('127.0.0.1', $broker->port, $opts);
$watcher->connect();
var_dump($watcher->subscribe($topic, 1));

$ready = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
$pid = pcntl_fork();
if ($pid === 0) {
    fclose($ready[0]);
    $c = new Mqtt\Client('127.0.0.1', $broker->port, $opts + ['will' => ['topic' => $topic, 'payload' => 'gone', 'qos' => 1]]);
    $c->connect();
    fwrite($ready[1], $c->isConnected() ? "connected\n" : "not connected\n");
    sleep(30); // killed long before this
    exit(0);
}
fclose($ready[1]);
stream_set_timeout($ready[0], 5);
echo 'child: ', fgets($ready[0]);
posix_kill($pid, SIGKILL);
pcntl_waitpid($pid, $status);
var_dump(pcntl_wifsignaled($status) && pcntl_wtermsig($status) === SIGKILL);

$m = $watcher->receive(3.0);
var_dump($m?->topic === $topic, $m?->payload, $m?->qos);
$watcher->disconnect();
?>
--EXPECT--
int(1)
child: connected
bool(true)
bool(true)
string(4) "gone"
int(1)
