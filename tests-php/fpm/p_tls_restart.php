<?php
// FPM endpoint: a persistent publisher over TLS. Publishes one QoS 1 message; reports the worker,
// the packet id (or the exception) and the client id.
$c = new Mqtt\Client('mqtts://127.0.0.1:' . (int)$_GET['port'], options: [
    'persistent' => true,
    'tls' => ['ca_file' => $_GET['ca']],
    'timeout' => 5.0,
    'connect_timeout' => 5.0,
]);
try {
    $c->connect();
    $r = ['mid' => $c->publish($_GET['topic'], $_GET['payload'], 1)];
} catch (Mqtt\Exception $e) {
    $r = ['error' => get_class($e) . ': ' . $e->getMessage()];
}
echo json_encode($r + ['pid' => getmypid(), 'client_id' => $c->__debugInfo()['client_id']]);
