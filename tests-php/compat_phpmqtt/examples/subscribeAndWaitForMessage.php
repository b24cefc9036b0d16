<?php
// phpMQTT's one-shot consumer: wait for the next message on a topic and print it.
require('../phpMQTT.php');

$server = 'localhost';
$port = 1883;
$client_id = 'example-waiter-' . getmypid();

$mqtt = new Bluerhinos\phpMQTT($server, $port, $client_id);
if (!$mqtt->connect(true, NULL, '', '')) {
    exit(1);
}
echo $mqtt->subscribeAndWaitForMessage('bluerhinos/phpMQTT/examples/publishtest', 0);
$mqtt->close();
