--TEST--
pcntl_fork(): using the parent's connected client in the child throws Mqtt\ConnectionException instead of hanging
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
<?php if (!function_exists('pcntl_fork')) die('skip pcntl needed'); ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('fork-parent');
$opts = ['connect_timeout' => 2.0, 'timeout' => 2.0];
$sub = mqtt_sub_start($topic, 2, extra: ['-v'], seconds: 10);
$parent = mqtt_client($opts);
$parent->connect();
$parent->publish($topic, 'parent before fork', 1);

$pipe = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
$pid = pcntl_fork();
if ($pid === 0) {
    fclose($pipe[0]);
    $report = [];
    foreach (['publish qos 1' => fn() => $parent->publish($topic, 'child via parent client', 1),
              'publish qos 0' => fn() => $parent->publish($topic, 'child via parent client', 0),
              'subscribe' => fn() => $parent->subscribe($topic . '/x', 0)] as $what => $call) {
        $t = microtime(true);
        try {
            $call();
            $report[] = "$what: no exception";
        } catch (Throwable $e) {
            $report[] = sprintf("%s: %s%s", $what, get_class($e), microtime(true) - $t < 2.5 ? '' : ' (too slow)');
        }
    }
    fwrite($pipe[1], implode("\n", $report) . "\n");
    fclose($pipe[1]);
    exit(0);
}
fclose($pipe[1]);
stream_set_timeout($pipe[0], 15);
$report = stream_get_contents($pipe[0]);
$deadline = microtime(true) + 10;
while (($r = pcntl_waitpid($pid, $status, WNOHANG)) === 0 && microtime(true) < $deadline) { usleep(20000); }
if ($r === 0) { posix_kill($pid, SIGKILL); pcntl_waitpid($pid, $status); echo "child hung\n"; }
echo $report;
echo 'child ', pcntl_wifexited($status) ? 'exit code ' . pcntl_wexitstatus($status) : 'killed by signal ' . pcntl_wtermsig($status), "\n";

var_dump($parent->isConnected());
var_dump($parent->publish($topic, 'parent after child', 1) > 0);
$lines = mqtt_sub_wait($sub);
sort($lines);
echo implode("\n", str_replace($topic, 'T', $lines)), "\n";
$parent->disconnect();
?>
--EXPECT--
publish qos 1: Mqtt\ConnectionException
publish qos 0: Mqtt\ConnectionException
subscribe: Mqtt\ConnectionException
child exit code 0
bool(true)
bool(true)
T parent after child
T parent before fork
