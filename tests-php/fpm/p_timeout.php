<?php
// FPM endpoint: a persistent publisher whose timeout the request chooses. Reports how long the
// publish took and how it ended.
$c = new Mqtt\Client('127.0.0.1', (int)$_GET['port'], [
    'persistent' => true,
    'timeout' => (float)$_GET['timeout'],
    'connect_timeout' => 5.0,
]);
$t = microtime(true);
try {
    $c->connect();
    $r = ['mid' => $c->publish($_GET['topic'], 'x', 1)];
} catch (Mqtt\Exception $e) {
    $r = ['error' => get_class($e)];
}
echo json_encode($r + ['secs' => round(microtime(true) - $t, 1), 'pid' => getmypid()]);
