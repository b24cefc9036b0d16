<?php
// One QoS 1 publish per request over the worker's persistent connection.
$c = new Mqtt\Client(getenv('MQTT_HOST'), (int)getenv('MQTT_PORT'), ['persistent' => true]);
$c->connect();
$c->publish('bench/fpm', 'request ' . getmypid(), 1);
echo "ok\n";
