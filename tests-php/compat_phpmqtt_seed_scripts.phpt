--TEST--
Users' scripts run unchanged: phpMQTT's publish-QoS-1-and-close, and the task queue of a Mosquitto-PHP producer and a phpMQTT consumer (task_completed observed)
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/phpmqtt.inc';
// A broker of our own, whose log shows when the consumer has subscribed; the scripts and helpers
// take its port from MQTT_PORT.
$broker = mqtt_logging_broker($log);
putenv("MQTT_PORT={$broker->port}");
register_shutdown_function(fn () => @unlink($log));
$dir = __DIR__ . '/compat_phpmqtt';
// The scripts' require('phpMQTT.php') finds the shipped file, put in their working directory as
// a user would put it in place of the old one.
$cwd = sys_get_temp_dir() . '/phpmqtt-seed-' . getmypid();
@mkdir($cwd);
copy(__DIR__ . '/../compat/phpMQTT.php', "$cwd/phpMQTT.php");
register_shutdown_function(function () use ($cwd) { @unlink("$cwd/phpMQTT.php"); @rmdir($cwd); });
var_dump(file_get_contents("$cwd/phpMQTT.php") === file_get_contents(__DIR__ . '/../compat/phpMQTT.php'));

// 1. phpmqtt-publish-qos1.php: 'Hello MQTT!' on 'topic' at QoS 1
$sub = mqtt_sub_start('topic', 1, 0, ['-v'], 10);
[$rc, $out, $err] = phpmqtt_wait(phpmqtt_start("$dir/phpmqtt-publish-qos1.php", [], $cwd));
var_dump($rc, $out . $err);
print_r(mqtt_sub_wait($sub));

// 2. The task queue: phpmqtt-consumer.php takes tasks from 'task_queue' and reports them on
// 'task_completed'; mosquitto-producer.php (written for Mosquitto-PHP) publishes each task.
$consumer = phpmqtt_start("$dir/phpmqtt-consumer.php", [], $cwd);
if (mqtt_log_wait($log, '/Sending SUBACK to client_id$/m') !== 1) { echo "consumer not subscribed\n"; }
$done = mqtt_sub_start('task_completed', 2, 0, [], 10);
foreach (['resize image 42', 'send mail 7'] as $task) {
    [$rc, $out, $err] = phpmqtt_wait(phpmqtt_start(__DIR__ . '/compat_mosquitto/mosquitto-producer.php', [$task]));
    if ($rc !== 0 || $out . $err !== '') { echo "producer: $rc $out$err\n"; }
}
print_r(mqtt_sub_wait($done));
echo phpmqtt_read_until($consumer, 'send mail 7', 10);
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
