<?php
// The usual phpMQTT publisher: connect, publish one message, close. (Written for this test suite
// in the shape of phpMQTT's example scripts; the suite points the require line at our file and
// the server and port at the test broker.)
require('../phpMQTT.php');

$server = 'localhost';
$port = 1883;
$client_id = 'example-publisher-' . getmypid();

$mqtt = new Bluerhinos\phpMQTT($server, $port, $client_id);
if (!$mqtt->connect(true, NULL, '', '')) {
    exit(1);
}
$mqtt->publish('bluerhinos/phpMQTT/examples/publishtest', 'Hello World! at ' . date('r'), 0, false);
$mqtt->close();
