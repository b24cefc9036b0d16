<?php
// A task-queue worker: takes tasks from 'task_queue', handles them, reports each on
// 'task_completed'. With 'ack' => 'manual' a task is acknowledged only when its handler returned:
// if the worker dies or the handler throws, the broker hands the task out again (at-least-once
// processing). Stop it with Ctrl-C.
// Usage: php -d extension=mqtt.so examples/task-worker.php [mqtt://host:port]
$uri = $argv[1] ?? 'mqtt://127.0.0.1:1883';

$client = new Mqtt\Client($uri, 1883, [
    'client_id' => 'task-worker-1',   // fixed id + clean_session false: tasks wait while we are away
    'clean_session' => false,
    'ack' => 'manual',
]);
$client->connect();

$client->subscribe('task_queue', 1, function (Mqtt\Message $task) use ($client) {
    echo "handling task: {$task->payload}\n";
    // ... do the work; throwing here leaves the task unacknowledged ...
    $client->publish('task_completed', $task->payload, 1);
});

pcntl_async_signals(true);
pcntl_signal(SIGINT, fn() => $client->exitLoop());
pcntl_signal(SIGTERM, fn() => $client->exitLoop());

$client->loopForever();
$client->disconnect();
echo "worker stopped\n";
