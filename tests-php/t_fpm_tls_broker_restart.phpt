--TEST--
php-fpm over TLS: a worker's persistent TLS connection survives a broker restart between requests
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; require __DIR__ . '/lib/helpers.php'; require __DIR__ . '/lib/fpm.php'; fpm_skipif(); if (!trim((string)shell_exec('command -v openssl'))) die('skip openssl command missing'); ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
require __DIR__ . '/lib/fpm.php';
require __DIR__ . '/lib/tls.inc';
$pki = tls_make_pki();
$broker = new TestBroker(tls_listener($pki));
$topic = mqtt_topic('fpm-tls-restart');
$fpm = new TestFpm(children: 1);
$q = ['port' => $broker->port, 'topic' => $topic, 'ca' => "$pki/ca.crt"];

$r1 = json_decode($fpm->request(__DIR__ . '/fpm/p_tls_restart.php', $q + ['payload' => 'before']), true);
echo 'request 1: ', isset($r1['mid']) && $r1['mid'] > 0 ? 'acknowledged' : json_encode($r1), "\n";
$broker->restart();
$sub = mqtt_sub_start($topic, 1, $broker->port, ['-W', '8', '--cafile', "$pki/ca.crt"]);
$r2 = json_decode($fpm->request(__DIR__ . '/fpm/p_tls_restart.php', $q + ['payload' => 'after restart']), true);
echo 'request 2: ', isset($r2['mid']) && $r2['mid'] > 0 ? 'acknowledged' : json_encode($r2), "\n";
echo 'delivered: ', implode(',', mqtt_sub_wait($sub)), "\n";
echo 'same worker and client id: ', ($r1['pid'] ?? 1) === ($r2['pid'] ?? 2) && ($r1['client_id'] ?? 1) === ($r2['client_id'] ?? 2) ? 'yes' : 'no', "\n";
$fpm->stop();
?>
--EXPECT--
request 1: acknowledged
request 2: acknowledged
delivered: after restart
same worker and client id: yes
