<?php
// The usual phpMQTT subscriber: a callback per topic, then proc() until the script is stopped.
require('../phpMQTT.php');

$server = 'localhost';
$port = 1883;
$client_id = 'example-subscriber-' . getmypid();

$mqtt = new Bluerhinos\phpMQTT($server, $port, $client_id);
if (!$mqtt->connect(true, NULL, '', '')) {
    exit(1);
}
$topics['bluerhinos/phpMQTT/examples/publishtest'] = array('qos' => 0, 'function' => 'onMessage');
$mqtt->subscribe($topics, 0);
while ($mqtt->proc()) {
}
$mqtt->close();

function onMessage($topic, $msg)
{
    echo "Message on $topic: $msg\n";
}
