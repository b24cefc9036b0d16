--TEST--
php-fpm: a worker recycled by pm.max_requests closes its persistent connection with DISCONNECT
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; require __DIR__ . '/lib/helpers.php'; require __DIR__ . '/lib/fpm.php'; fpm_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
require __DIR__ . '/lib/fpm.php';
$log = tempnam(sys_get_temp_dir(), 'mqtt-broker-log');
$broker = new TestBroker([], null, $log);
$topic = mqtt_topic('recycle');
$will = mqtt_topic('recycle-will');
$wills = mqtt_sub_start($will, 1, $broker->port, ['-W', '4']);
$fpm = new TestFpm(children: 1, maxRequests: 10);
$pids = [];
for ($i = 1; $i <= 30; $i++) {
    $pids[$fpm->request(__DIR__ . '/fpm/recycle.php', ['port' => $broker->port, 'topic' => $topic, 'will' => $will, 'n' => $i])] = true;
}
echo "workers: ", count($pids), ", all acknowledged: ", isset($pids['not acknowledged']) ? 'no' : 'yes', "\n";
$fpm->stop();
echo "wills published: ", count(mqtt_sub_wait($wills)), "\n";
$broker->stop(true);
$text = (string)file_get_contents($log);
$connects = preg_match_all('/New client connected .* as php-/', $text);
$clean = preg_match_all('/Client php-\S+ disconnected\./', $text);
echo "connections: $connects, clean disconnects: $clean\n";
@unlink($log);
?>
--EXPECT--
workers: 3, all acknowledged: yes
wills published: 0
connections: 3, clean disconnects: 3
