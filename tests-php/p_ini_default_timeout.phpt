--TEST--
php.ini: mqtt.default_timeout is the timeout of a client that sets none (QoS 1 publish to a frozen broker gives up after it)
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--INI--
mqtt.default_timeout=1.5
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$broker = new TestBroker();
$c = new Mqtt\Client('127.0.0.1', $broker->port, ['connect_timeout' => 2.0]);
$c->connect();
$topic = mqtt_topic('ini-timeout');
var_dump($c->publish($topic, 'before', 1) > 0);
// SIGSTOP: the broker keeps the socket open but never answers, so only the timeout ends the wait.
posix_kill($broker->pid, SIGSTOP);
$t = microtime(true);
try {
    $c->publish($topic, 'frozen', 1);
    echo "published?!\n";
} catch (Mqtt\Exception $e) {
    echo get_class($e), "\n";
}
$elapsed = microtime(true) - $t;
posix_kill($broker->pid, SIGCONT);
echo 'gave up after about 1.5 s (not 10 s): ', var_export($elapsed >= 1.3 && $elapsed < 2.5, true), $elapsed >= 1.3 && $elapsed < 2.5 ? '' : sprintf(' (%.2f s)', $elapsed), "\n";
?>
--EXPECT--
bool(true)
Mqtt\TimeoutException
gave up after about 1.5 s (not 10 s): true
