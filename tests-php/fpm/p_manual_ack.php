<?php
// FPM endpoint: a persistent session client with ack 'manual' (fixed client id, clean_session
// false). 'sub' subscribes at QoS 1; 'loop' hands what arrived since to a callback that refuses
// 'bad'; 'resume' closes the connection with disconnect() and opens the session again, reporting
// what the broker redelivers. Prints one line per event.
$opts = [
    'persistent' => true,
    'client_id' => $_GET['id'],
    'clean_session' => false,
    'ack' => 'manual',
    'timeout' => 5.0,
    'connect_timeout' => 5.0,
];
$port = (int)$_GET['port'];
$c = new Mqtt\Client('127.0.0.1', $port, $opts);
$c->connect();
echo 'worker ', getmypid(), "\n";
switch ($_GET['step']) {
    case 'sub':
        echo 'granted ', $c->subscribe($_GET['topic'], 1), "\n";
        break;
    case 'loop':
        $c->onMessage(function (Mqtt\Message $m) {
            if ($m->payload === 'bad') {
                throw new RuntimeException('cannot handle bad');
            }
            echo "handled {$m->payload}\n";
        });
        try {
            $deadline = microtime(true) + 5;
            while (microtime(true) < $deadline) {
                $c->loop(0.2);
            }
            echo "no exception\n";
        } catch (RuntimeException $e) {
            echo 'exception: ', $e->getMessage(), "\n";
        }
        break;
    case 'resume':
        $c->disconnect();
        $got = [];
        $c = new Mqtt\Client('127.0.0.1', $port, $opts);
        $c->onMessage(function (Mqtt\Message $m) use (&$got) { $got[] = $m; });
        $c->connect();
        $deadline = microtime(true) + 5;
        while (count($got) < 2 && microtime(true) < $deadline) {
            $c->loop(0.2);
        }
        $c->loop(0.5); // anything more would be a wrong redelivery
        foreach ($got as $m) {
            echo "redelivered {$m->payload}", $m->payload === 'bad' ? ' dup=' . var_export($m->dup, true) : '', "\n";
        }
        break;
}
