--TEST--
Timeouts are arguments as PHP treats them: huge finite values (loop(1e20), receive(1e10), flush(1e19)) are a very long wait; negative, NAN and INF are a \ValueError worded like PHP's own argument errors
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$c = mqtt_client(['timeout' => 2.0, 'connect_timeout' => 2.0]);
$c->connect();
$topic = mqtt_topic('timeouts');
$got = [];
$c->subscribe($topic, 1, function (Mqtt\Message $m) use (&$got) { $got[] = $m->payload; });

// Something is there (or nothing is waited for): each returns at once despite its huge timeout.
$t = microtime(true);
$c->publish($topic, 'for loop', 1);
var_dump($c->loop(1e20), $got);
$c->unsubscribe($topic);
$c->subscribe($topic, 1);
$c->publish($topic, 'for receive', 1);
var_dump($c->receive(1e10)?->payload);
$c->publishAsync($topic, 'for flush', 1);
var_dump($c->receive(PHP_FLOAT_MAX)?->payload);
var_dump($c->flush(1e19));
echo "returned at once: ", var_export(microtime(true) - $t < 5, true), "\n";

foreach ([
    'loop(-1)' => fn() => $c->loop(-1),
    'loop(-0.001)' => fn() => $c->loop(-0.001),
    'loop(NAN)' => fn() => $c->loop(NAN),
    'loop(INF)' => fn() => $c->loop(INF),
    'receive(-INF)' => fn() => $c->receive(-INF),
    'flush(NAN)' => fn() => $c->flush(NAN),
    'flush(-5)' => fn() => $c->flush(-5),
] as $what => $call) {
    try {
        $call();
        echo "$what: accepted?!\n";
    } catch (\ValueError $e) {
        echo "$what: ValueError: {$e->getMessage()}\n";
    }
}
// An option still says that it is one, and a huge one is a long wait too.
try {
    mqtt_client(['timeout' => -1.0]);
} catch (\ValueError $e) {
    echo $e->getMessage(), "\n";
}
var_dump(mqtt_client(['timeout' => 1e300, 'connect_timeout' => 1e12]) instanceof Mqtt\Client);
$c->disconnect();
?>
--EXPECT--
int(1)
array(1) {
  [0]=>
  string(8) "for loop"
}
string(11) "for receive"
string(9) "for flush"
int(1)
returned at once: true
loop(-1): ValueError: Mqtt\Client::loop(): Argument #1 ($timeout) must be greater than or equal to 0
loop(-0.001): ValueError: Mqtt\Client::loop(): Argument #1 ($timeout) must be greater than or equal to 0
loop(NAN): ValueError: Mqtt\Client::loop(): Argument #1 ($timeout) must be a finite number, NAN given
loop(INF): ValueError: Mqtt\Client::loop(): Argument #1 ($timeout) must be a finite number, INF given
receive(-INF): ValueError: Mqtt\Client::receive(): Argument #1 ($timeout) must be a finite number, -INF given
flush(NAN): ValueError: Mqtt\Client::flush(): Argument #1 ($timeout) must be a finite number, NAN given
flush(-5): ValueError: Mqtt\Client::flush(): Argument #1 ($timeout) must be greater than or equal to 0
option "timeout" must be a finite number of seconds > 0
bool(true)
