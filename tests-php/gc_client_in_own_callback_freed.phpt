--TEST--
A client whose own callback captures it ($c->subscribe(..., function () use ($c) {...})) is freed by gc_collect_cycles() and by automatic GC runs: its connection closes with DISCONNECT (no will), sockets and memory stay bounded
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--INI--
zend.enable_gc=1
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$broker = new TestBroker(['sys_interval 1']);
$opts = ['timeout' => 2.0, 'connect_timeout' => 2.0];
$willTopic = mqtt_topic('gc-will');
$withWill = $opts + ['will' => ['topic' => $willTopic, 'payload' => 'died', 'qos' => 1]];

/** Sockets this process has open (the clients' TCP connections among them). */
function sockets(): int
{
    $n = 0;
    foreach (scandir('/proc/self/fd') as $fd) {
        if (str_starts_with((string)@readlink("/proc/self/fd/$fd"), 'socket:')) {
            $n++;
        }
    }
    return $n;
}

$watcher = new Mqtt\Client('127.0.0.1', $broker->port, $opts);
$watcher->connect();
$watcher->subscribe($willTopic, 1);

// 1. The loop of the report: 300 clients, each captured by its own callback, then unset.
$sockets0 = sockets();
for ($i = 0; $i < 300; $i++) {
    $c = new Mqtt\Client('127.0.0.1', $broker->port, $withWill);
    $c->connect();
    $c->subscribe('t', 1, function (Mqtt\Message $m) use ($c) { echo "callback of a freed client ran?!\n"; });
    unset($c);
    gc_collect_cycles();
    if ($i === 49) {
        $mem50 = memory_get_usage();
    }
}
$grown = sockets() - $sockets0;
echo "sockets left open by 300 freed clients: ", $grown <= 2 ? 'none' : $grown, "\n";
$memGrowth = memory_get_usage() - $mem50;
echo "PHP memory growth over the last 250: ", $memGrowth < 64 * 1024 ? 'bounded' : "$memGrowth bytes", "\n";

// 2. Cycles freed by the collector when it runs by itself (not from gc_collect_cycles()):
// cyclic garbage builds up until the root buffer fills and PHP collects in the middle of the script.
$runs0 = gc_status()['runs'];
for ($i = 0; $i < 40; $i++) {
    $c = new Mqtt\Client('127.0.0.1', $broker->port, $withWill);
    $c->connect();
    $c->onMessage(function () use ($c) {});
    unset($c);
    for ($j = 0; $j < 1000; $j++) {
        $a = new stdClass();
        $a->self = $a;
    }
    unset($a);
}
echo "automatic GC ran: ", var_export(gc_status()['runs'] > $runs0, true), "\n";

// 3. Freed by a collection that runs inside another client's callback.
gc_collect_cycles();
$live = new Mqtt\Client('127.0.0.1', $broker->port, $opts);
$live->connect();
$sockets1 = sockets();
$topic = mqtt_topic('gc-live');
$collected = false;
$live->subscribe($topic, 1, function (Mqtt\Message $m) use (&$collected) {
    gc_collect_cycles();
    $collected = true;
});
for ($i = 0; $i < 5; $i++) {
    $c = new Mqtt\Client('127.0.0.1', $broker->port, $withWill);
    $c->connect();
    $c->onDisconnect(function () use ($c) {});
    unset($c);
}
echo "sockets of 5 more clients in cycles: ", sockets() - $sockets1, "\n";
$live->publish($topic, 'collect', 1);
$deadline = microtime(true) + 5;
while (!$collected && microtime(true) < $deadline) {
    $live->loop(0.2);
}
echo "after a collection inside a callback: ", sockets() - $sockets1, "\n";
var_dump($live->publish($topic, 'still works', 1) > 0);
$live->disconnect();

$grown = sockets() - $sockets0;
echo "sockets left open in the end: ", $grown <= 2 ? 'none' : $grown, "\n";

// The broker saw every freed client go with DISCONNECT: no will was published, and only the
// watcher is still connected. $SYS is refreshed every second: wait until it says 1 (a will
// would be sent the moment a client goes, before that count).
$watcher->subscribe('$SYS/broker/clients/connected', 0);
$will = null;
$connected = null;
$deadline = microtime(true) + 10;
while ($connected !== '1' && microtime(true) < $deadline) {
    $m = $watcher->receive(1.0);
    if ($m?->topic === $willTopic) {
        $will ??= $m;
    } elseif ($m !== null) {
        $connected = $m->payload;
    }
}
var_dump($will);
echo "clients connected at the broker: $connected\n";
$watcher->disconnect();
?>
--EXPECT--
sockets left open by 300 freed clients: none
PHP memory growth over the last 250: bounded
automatic GC ran: true
sockets of 5 more clients in cycles: 5
after a collection inside a callback: 0
bool(true)
sockets left open in the end: none
NULL
clients connected at the broker: 1
