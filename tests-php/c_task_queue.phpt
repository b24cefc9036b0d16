--TEST--
Task-queue pattern: a worker's callback for task_queue publishes to task_completed, which another client receives
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$queue = mqtt_topic('task_queue');
$done = mqtt_topic('task_completed');

$worker = mqtt_client();
$worker->connect();
$worker->subscribe($queue, 1, function (Mqtt\Message $m) use ($worker, $done) {
    $task = json_decode($m->payload, true);
    $worker->publish($done, json_encode(['id' => $task['id'], 'result' => $task['a'] + $task['b']]), 1);
});

$completed = [];
$observer = mqtt_client();
$observer->connect();
$observer->subscribe($done, 1, function (Mqtt\Message $m) use (&$completed) {
    $completed[] = json_decode($m->payload, true);
});

foreach ([[1, 2, 3], [2, 10, 20], [3, 100, 200]] as [$id, $a, $b]) {
    $observer->publish($queue, json_encode(['id' => $id, 'a' => $a, 'b' => $b]), 1);
}
$deadline = microtime(true) + 10;
while (count($completed) < 3 && microtime(true) < $deadline) {
    $worker->loop(0.1);
    $observer->loop(0.1);
}
foreach ($completed as $r) {
    echo "task {$r['id']}: {$r['result']}\n";
}
$worker->disconnect();
$observer->disconnect();
?>
--EXPECT--
task 1: 5
task 2: 30
task 3: 300
