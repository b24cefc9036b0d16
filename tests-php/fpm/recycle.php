<?php
$c = new Mqtt\Client('127.0.0.1', (int)$_GET['port'], [
    'persistent' => true,
    'will' => ['topic' => $_GET['will'], 'payload' => 'worker died', 'qos' => 1],
]);
$c->connect();
echo $c->publish($_GET['topic'], $_GET['n'], 1) > 0 ? getmypid() : 'not acknowledged';
