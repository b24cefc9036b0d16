--TEST--
A subscriber in loopForever() outlives a broker restart: onDisconnect and onConnect fire, the subscription is restored, and messages published after the restart arrive
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$broker = new TestBroker();
$topic = mqtt_topic('loopforever-restart');
$c = new Mqtt\Client('127.0.0.1', $broker->port, ['reconnect_delay' => 0.1]);
$events = [];
$c->onConnect(function () use (&$events) { $events[] = 'connect'; });
$c->onDisconnect(function ($e) use (&$events) { $events[] = 'disconnect'; });
$c->connect();
$got = [];
$c->subscribe($topic, 1, function (Mqtt\Message $m) use (&$got, $c) {
    $got[] = $m->payload;
    if ($m->payload === 'after') { $c->exitLoop(); }
});
pcntl_async_signals(true);
// The restart happens while loopForever() runs: a timer signal stops and starts the broker,
// then publishes once the client is back.
pcntl_signal(SIGALRM, function () use ($broker, $topic, $c) {
    static $step = 0;
    if ($step++ === 0) {
        $broker->restart();
        pcntl_alarm(1);
        return;
    }
    if (!$c->isConnected()) { pcntl_alarm(1); return; }
    mqtt_pub($topic, 'after', 1, [], $broker->port);
});
pcntl_alarm(1);
$t = microtime(true);
$c->loopForever();
echo "events: ", implode(' ', array_slice($events, 0, 3)), "\n";
echo "received after the restart: ", implode(',', $got), "\n";
echo "within 10 s: ", var_export(microtime(true) - $t < 10, true), "\n";
$c->disconnect();
?>
--EXPECT--
events: connect disconnect connect
received after the restart: after
within 10 s: true
