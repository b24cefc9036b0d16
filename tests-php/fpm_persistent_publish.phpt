--TEST--
php-fpm: hundreds of requests publish QoS 1 over one persistent connection per worker
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; require __DIR__ . '/lib/helpers.php'; require __DIR__ . '/lib/fpm.php'; fpm_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
require __DIR__ . '/lib/fpm.php';
$log = tempnam(sys_get_temp_dir(), 'mqtt-broker-log');
$broker = new TestBroker([], null, $log);
$topic = mqtt_topic('fpm');
$will = mqtt_topic('fpm-will');
$n = 300;
$sub = mqtt_sub_start($topic, $n, $broker->port, ['-W', '60']);
$wills = mqtt_sub_start($will, 1, $broker->port, ['-W', '3']);

$fpm = new TestFpm(children: 2);
echo "master threads before: ", TestFpm::threads($fpm->masterPid), "\n";
$ids = [];
$ok = 0;
for ($i = 1; $i <= $n; $i++) {
    $r = json_decode($fpm->request(__DIR__ . '/fpm/publish.php', ['port' => $broker->port, 'topic' => $topic, 'will' => $will, 'n' => $i]), true);
    if (is_array($r) && $r['mid'] > 0) { $ok++; $ids[$r['pid']][$r['client_id']] = true; }
}
echo "requests acknowledged: $ok\n";
echo "master threads after: ", TestFpm::threads($fpm->masterPid), "\n";
$received = mqtt_sub_wait($sub);
echo "messages delivered: ", count($received), ", distinct: ", count(array_unique($received)), "\n";
echo "workers used: ", count($ids), "\n";
foreach ($ids as $pid => $clientIds) {
    $id = array_key_first($clientIds);
    echo "one client id per worker: ", count($clientIds) === 1 ? 'yes' : 'no', ", id has pid: ", str_contains($id, (string)$pid) ? 'yes' : 'no', "\n";
}
$fpm->stop();
// Workers exiting close their connections with DISCONNECT: no will is published.
echo "wills published: ", count(mqtt_sub_wait($wills)), "\n";
$broker->stop(true); // flushes its log
$text = (string)file_get_contents($log);
$connects = preg_match_all('/New client connected .* as php-/', $text);
echo "broker connections: ", $connects === count($ids) ? "one per worker" : "$connects", "\n";
$clean = preg_match_all('/Client php-\S+ disconnected\./', $text);
echo "clean disconnects: ", $clean === $connects ? 'all' : $clean, "\n";
unset($broker);
@unlink($log);
?>
--EXPECT--
master threads before: 1
requests acknowledged: 300
master threads after: 1
messages delivered: 300, distinct: 300
workers used: 2
one client id per worker: yes, id has pid: yes
one client id per worker: yes, id has pid: yes
wills published: 0
broker connections: one per worker
clean disconnects: all
