<?php
// FPM endpoint: request 'set' subscribes with a callback that records each call; request 'check'
// (a later request of the same worker) lets the messages in and records which callbacks ran.
$trace = $_GET['trace'];
$c = new Mqtt\Client('127.0.0.1', (int)$_GET['port'], ['persistent' => 'cb', 'client_id' => 'fpm-cb-' . getmypid()]);
$c->connect();
$topic = $_GET['topic'];
if ($_GET['step'] === 'set') {
    $c->subscribe($topic, 1, function (Mqtt\Message $m) use ($trace) {
        file_put_contents($trace, "set-request callback: {$m->payload}\n", FILE_APPEND);
    });
    $c->publish($topic, 'during set', 1);
    $c->loop(2.0);
    // The next message arrives after this request has ended.
    $c->publish($topic, 'between requests', 1);
} else {
    $c->onMessage(function (Mqtt\Message $m) use ($trace) {
        file_put_contents($trace, "check-request onMessage: {$m->payload}\n", FILE_APPEND);
    });
    $c->loop(2.0);
}
echo getmypid();
