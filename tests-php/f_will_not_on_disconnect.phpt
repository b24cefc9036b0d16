--TEST--
will: a clean disconnect() does not publish the will, and nor does a PHP process that exits while connected
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
<?php if (!function_exists('pcntl_fork')) die('skip pcntl needed'); ?>
<?php if (!getenv('MQTT_SO')) die('skip MQTT_SO not set: run scripts/test.sh'); ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$broker = new TestBroker();
$topic = mqtt_topic('will-clean');
$opts = ['timeout' => 2.0, 'connect_timeout' => 2.0];
$will = ['will' => ['topic' => $topic, 'payload' => 'gone', 'qos' => 1]];
$watcher = new Mqtt\Client('127.0.0.1', $broker->port, $opts);
$watcher->connect();
$watcher->subscribe($topic, 1);

echo "1. disconnect()\n";
$c = new Mqtt\Client('127.0.0.1', $broker->port, $opts + $will);
$c->connect();
var_dump($c->isConnected());
$c->disconnect();
var_dump($c->isConnected());
var_dump($watcher->receive(1.0));

echo "2. another PHP process that ends while connected\n";
$code = <<<'PHP'
$c = new Mqtt\Client('127.0.0.1', (int)$argv[1], ['timeout' => 2.0, 'connect_timeout' => 2.0,
    'will' => ['topic' => $argv[2], 'payload' => 'gone', 'qos' => 1]]);
$c->connect();
echo $c->isConnected() ? "child connected\n" : "child not connected\n";
exit(0);
PHP;
$proc = proc_open([PHP_BINARY, '-n', '-d', 'extension=' . getenv('MQTT_SO'), '-r', $code, (string)$broker->port, $topic],
    [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
echo stream_get_contents($pipes[1]), stream_get_contents($pipes[2]);
var_dump(proc_close($proc));
var_dump($watcher->receive(1.0));

echo "3. control: a killed process does leave its will\n";
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
1. disconnect()
bool(true)
bool(false)
NULL
2. another PHP process that ends while connected
child connected
int(0)
NULL
3. control: a killed process does leave its will
string(4) "gone"
