--TEST--
pcntl_fork(): the child builds its own client and publishes; the parent's client keeps working after the child exits
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
<?php if (!function_exists('pcntl_fork')) die('skip pcntl needed'); ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('fork-new');
$opts = ['connect_timeout' => 2.0, 'timeout' => 2.0];
$sub = mqtt_sub_start($topic, 3, extra: ['-v'], seconds: 10);
$parent = mqtt_client($opts);
$parent->connect();
$parent->publish($topic, 'parent before fork', 1);

$pid = pcntl_fork();
if ($pid === 0) {
    $code = 1;
    try {
        $child = mqtt_client($opts);
        $child->connect();
        if ($child->publish($topic, 'from child', 1) > 0) { $code = 0; }
        $child->disconnect();
    } catch (Throwable $e) {
        fwrite(STDERR, get_class($e) . ': ' . $e->getMessage() . "\n");
        $code = 2;
    }
    // A normal exit: the child's shutdown also destroys its copy of $parent, which must neither
    // hang nor disturb the parent's connection.
    exit($code);
}
$deadline = microtime(true) + 10;
while (($r = pcntl_waitpid($pid, $status, WNOHANG)) === 0 && microtime(true) < $deadline) { usleep(20000); }
if ($r === 0) { posix_kill($pid, SIGKILL); pcntl_waitpid($pid, $status); echo "child hung\n"; }
echo 'child ', pcntl_wifexited($status) ? 'exit code ' . pcntl_wexitstatus($status) : 'killed by signal ' . pcntl_wtermsig($status), "\n";

var_dump($parent->isConnected());
var_dump($parent->publish($topic, 'parent after child', 1) > 0);
$lines = mqtt_sub_wait($sub);
sort($lines);
echo implode("\n", str_replace($topic, 'T', $lines)), "\n";
$parent->disconnect();
?>
--EXPECT--
child exit code 0
bool(true)
bool(true)
T from child
T parent after child
T parent before fork
