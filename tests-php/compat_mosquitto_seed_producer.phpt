--TEST--
The Mosquitto-PHP producer script runs unchanged: its task arrives on task_queue, and it ends
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$sub = mqtt_sub_start('task_queue', 1);
$task = 'task-' . getmypid();
$cmd = [PHP_BINARY, '-n', '-d', 'extension=' . getenv('MQTT_SO'), __DIR__ . '/compat_mosquitto/mosquitto-producer.php', $task];
$env = ['MQTT_HOST' => mqtt_host(), 'MQTT_PORT' => (string)mqtt_port()];
$proc = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
$out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
$rc = proc_close($proc);
var_dump($rc, $out);
var_dump(mqtt_sub_wait($sub) === [$task]);
?>
--EXPECT--
int(0)
string(0) ""
bool(true)
