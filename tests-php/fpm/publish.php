<?php
// FPM endpoint: publishes one QoS 1 message over a persistent connection and reports which worker
// and connection served it.
$c = new Mqtt\Client('127.0.0.1', (int)$_GET['port'], [
    'persistent' => true,
    'will' => ['topic' => $_GET['will'], 'payload' => 'worker died', 'qos' => 1],
]);
$c->connect();
$mid = $c->publish($_GET['topic'], $_GET['n'], 1);
$info = $c->__debugInfo();
echo json_encode(['pid' => getmypid(), 'mid' => $mid, 'client_id' => $info['client_id']]);
