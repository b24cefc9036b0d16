--TEST--
php-fpm: a persistent connection survives a broker restart between requests; the next request publishes without doing anything special
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; require __DIR__ . '/lib/helpers.php'; require __DIR__ . '/lib/fpm.php'; fpm_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
require __DIR__ . '/lib/fpm.php';
$log = tempnam(sys_get_temp_dir(), 'mqtt-broker-log');
$broker = new TestBroker([], null, $log);
$topic = mqtt_topic('fpm-restart');
$fpm = new TestFpm(children: 1);
$q = ['port' => $broker->port, 'topic' => $topic];

$sub = mqtt_sub_start($topic, 1, $broker->port, ['-W', '5']);
$r1 = json_decode($fpm->request(__DIR__ . '/fpm/p_restart.php', $q + ['payload' => 'before restart']), true);
echo 'request 1: ', isset($r1['mid']) && $r1['mid'] > 0 ? 'acknowledged' : json_encode($r1), "\n";
echo 'delivered: ', implode(',', mqtt_sub_wait($sub)), "\n";

$broker->restart(); // graceful stop, then the same port again
$sub = mqtt_sub_start($topic, 1, $broker->port, ['-W', '8']);
$r2 = json_decode($fpm->request(__DIR__ . '/fpm/p_restart.php', $q + ['payload' => 'after restart']), true);
echo 'request 2: ', isset($r2['mid']) && $r2['mid'] > 0 ? 'acknowledged' : json_encode($r2), "\n";
echo 'delivered: ', implode(',', mqtt_sub_wait($sub)), "\n";
echo 'same worker and client id: ', ($r1['pid'] ?? 1) === ($r2['pid'] ?? 2) && ($r1['client_id'] ?? 1) === ($r2['client_id'] ?? 2) ? 'yes' : 'no', "\n";

$fpm->stop();
$broker->stop(true);
// The worker's connection came back by itself: one CONNECT before the restart, one after.
$id = preg_quote((string)($r1['client_id'] ?? '?'), '/');
echo 'broker connections as the worker: ', preg_match_all("/New client connected .* as $id\\b/", (string)file_get_contents($log)), "\n";
@unlink($log);
?>
--EXPECT--
request 1: acknowledged
delivered: before restart
request 2: acknowledged
delivered: after restart
same worker and client id: yes
broker connections as the worker: 2
