--TEST--
phpMQTT: user scripts run unchanged (publish QoS 1 and close; the task-queue consumer) with our phpMQTT.php next to them
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/phpmqtt.inc';
$dir = __DIR__ . '/compat_phpmqtt';
var_dump(file_get_contents("$dir/phpMQTT.php") === file_get_contents(__DIR__ . '/../compat/phpMQTT.php'));

// 1. phpmqtt-publish-qos1.php: 'Hello MQTT!' on 'topic' at QoS 1
$sub = mqtt_sub_start('topic', 1, 0, ['-v'], 10);
[$rc, $out, $err] = phpmqtt_wait(phpmqtt_start("$dir/phpmqtt-publish-qos1.php"));
var_dump($rc, $out . $err);
print_r(mqtt_sub_wait($sub));

// 2. phpmqtt-consumer.php: takes tasks from 'task_queue', reports them on 'task_completed'.
// (The seed's producer, mosquitto-producer.php, needs the Mosquitto\Client class; mosquitto_pub
// stands in for it here.)
$consumer = phpmqtt_start("$dir/phpmqtt-consumer.php");
usleep(700000);                          // connected and subscribed
$done = mqtt_sub_start('task_completed', 2, 0, [], 10);
mqtt_pub('task_queue', 'resize image 42');
mqtt_pub('task_queue', 'send mail 7');
print_r(mqtt_sub_wait($done));
echo phpmqtt_read_until($consumer, 'send mail 7', 5);
phpmqtt_stop($consumer);
?>
--EXPECT--
bool(true)
int(0)
string(0) ""
Array
(
    [0] => topic Hello MQTT!
)
Array
(
    [0] => resize image 42
    [1] => send mail 7
)
received task: resize image 42
received task: send mail 7
