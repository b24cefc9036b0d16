--TEST--
php-fpm: a callback set in one request is never called in the next; messages that arrived in between wait for it
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; require __DIR__ . '/lib/helpers.php'; require __DIR__ . '/lib/fpm.php'; fpm_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
require __DIR__ . '/lib/fpm.php';
$broker = new TestBroker();
$fpm = new TestFpm(children: 1);
$trace = "{$fpm->dir}/trace.txt";
touch($trace);
chmod($trace, 0666);
$q = ['port' => $broker->port, 'topic' => mqtt_topic('cb'), 'trace' => $trace];
$pid1 = $fpm->request(__DIR__ . '/fpm/callback.php', $q + ['step' => 'set']);
$pid2 = $fpm->request(__DIR__ . '/fpm/callback.php', $q + ['step' => 'check']);
echo "same worker: ", $pid1 === $pid2 ? 'yes' : "no ($pid1, $pid2)", "\n";
echo file_get_contents($trace);
?>
--EXPECT--
same worker: yes
set-request callback: during set
check-request onMessage: between requests
