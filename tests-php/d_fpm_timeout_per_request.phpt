--TEST--
php-fpm: a request's timeout holds on a persistent connection an earlier request opened with another timeout
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; require __DIR__ . '/lib/helpers.php'; require __DIR__ . '/lib/fpm.php'; fpm_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
require __DIR__ . '/lib/fpm.php';
$broker = new TestBroker();
$topic = mqtt_topic('fpm-timeout');
$fpm = new TestFpm(children: 1);
$q = ['port' => $broker->port, 'topic' => $topic];

// The first request opens the worker's connection with a 1 s timeout...
$r1 = json_decode($fpm->request(__DIR__ . '/fpm/p_timeout.php', $q + ['timeout' => '1.0']), true);
echo 'request 1: ', isset($r1['mid']) ? 'acknowledged' : json_encode($r1), "\n";
$broker->stop();
// ...a later one with 3 s waits its own 3 s for the broker, and one with 1 s its own 1 s.
$r2 = json_decode($fpm->request(__DIR__ . '/fpm/p_timeout.php', $q + ['timeout' => '3.0']), true);
echo 'request 2 (timeout 3.0): ', $r2['error'] ?? 'published?!', ' after ', round($r2['secs'] ?? -1), " s\n";
$r3 = json_decode($fpm->request(__DIR__ . '/fpm/p_timeout.php', $q + ['timeout' => '1.0']), true);
echo 'request 3 (timeout 1.0): ', $r3['error'] ?? 'published?!', ' after ', round($r3['secs'] ?? -1), " s\n";
echo 'same worker: ', ($r1['pid'] ?? 1) === ($r2['pid'] ?? 2) && ($r2['pid'] ?? 2) === ($r3['pid'] ?? 3) ? 'yes' : 'no', "\n";
$fpm->stop();
?>
--EXPECT--
request 1: acknowledged
request 2 (timeout 3.0): Mqtt\TimeoutException after 3 s
request 3 (timeout 1.0): Mqtt\TimeoutException after 1 s
same worker: yes
