--TEST--
A pcntl SIGINT handler calling exitLoop() ends loopForever() (SIGINT sent with posix_kill from an alarm)
--SKIPIF--
<?php
require __DIR__ . '/lib/skipif.inc';
if (!function_exists('pcntl_alarm') || !function_exists('posix_kill')) die('skip pcntl and posix needed');
?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$c = mqtt_client();
$c->connect();
$c->subscribe(mqtt_topic('sigint'), 1, fn() => print("unexpected message\n"));
pcntl_async_signals(true);
$log = [];
pcntl_signal(SIGINT, function (int $sig) use ($c, &$log) { $log[] = 'SIGINT'; $c->exitLoop(); });
pcntl_signal(SIGALRM, function () use ($c, &$log) {
    if ($log === []) {
        $log[] = 'SIGALRM';
        posix_kill(getmypid(), SIGINT);
        pcntl_alarm(3); // watchdog, in case the SIGINT is lost
    } else {
        $log[] = 'watchdog: SIGINT was not handled';
        $c->exitLoop();
    }
});
pcntl_alarm(1);
$t = microtime(true);
$c->loopForever();
$elapsed = microtime(true) - $t;
pcntl_alarm(0);
echo implode(',', $log), "\n";
var_dump(($elapsed > 0.8 && $elapsed < 2.5) ?: $elapsed);
$c->disconnect();
?>
--EXPECT--
SIGALRM,SIGINT
bool(true)
