--TEST--
MQTT 5 subscription options against mosquitto: no_local keeps a client's own messages away, retain_handling 0/1/2 decides when retained messages come, retain_as_published keeps the retain flag, a shared subscription splits messages across two consumers; bad options are a \ValueError
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$v5 = ['protocol' => Mqtt\Client::MQTT_5];
$base = mqtt_topic('m5opt');
$c = mqtt_client($v5);
$c->connect();
$other = mqtt_client($v5);
$other->connect();

/** What $client receives until the sentinel $other publishes to $topic arrives (in order, so anything sent before it has arrived). */
function until_sentinel(Mqtt\Client $client, Mqtt\Client $other, string $topic): array
{
    $other->publish($topic, 'sentinel', 1);
    $got = [];
    while (($m = $client->receive(5.0)) !== null && $m->payload !== 'sentinel') {
        $got[] = $m->payload . ($m->retain ? ' (retained)' : '');
    }
    return $got;
}

// no_local: our own publish does not come back; another client's does.
$c->subscribe("$base/nl", 1, null, ['no_local' => true]);
$c->publish("$base/nl", 'own', 1);
$other->publish("$base/nl", 'theirs', 1);
echo "no_local: ", json_encode(until_sentinel($c, $other, "$base/nl")), "\n";
$c->subscribe("$base/local", 1);
$c->publish("$base/local", 'own', 1);
echo "without no_local: ", json_encode(until_sentinel($c, $other, "$base/local")), "\n";

// retain_handling, with a retained message in place.
$other->publish("$base/r", 'kept', 1, true);
foreach ([2 => 'never', 0 => 'at every subscribe', 1 => 'only for a new subscription'] as $rh => $what) {
    $t = "$base/r";
    $c->subscribe($t, 1, null, ['retain_handling' => $rh]);
    $first = until_sentinel($c, $other, $t);
    $c->subscribe($t, 1, null, ['retain_handling' => $rh]); // the same subscription again
    $again = until_sentinel($c, $other, $t);
    echo "retain_handling $rh ($what): first subscribe ", json_encode($first), ", again ", json_encode($again), "\n";
    $c->unsubscribe($t);
}

// retain_as_published: a live retained publish keeps its flag only with it.
$c->subscribe("$base/rap/plain", 1, null, ['retain_handling' => 2]);
$c->subscribe("$base/rap/kept", 1, null, ['retain_handling' => 2, 'retain_as_published' => true]);
$other->publish("$base/rap/plain", 'live', 1, true);
echo "live retained, default: ", json_encode(until_sentinel($c, $other, "$base/rap/plain")), "\n";
$other->publish("$base/rap/kept", 'live', 1, true);
echo "live retained, retain_as_published: ", json_encode(until_sentinel($c, $other, "$base/rap/kept")), "\n";
$other->publish("$base/r", '', 1, true); // clear the retained messages
$other->publish("$base/rap/plain", '', 1, true);
$other->publish("$base/rap/kept", '', 1, true);

// A shared subscription: each message goes to one of the group.
$group = 'g' . getmypid();
$a = mqtt_client($v5);
$a->connect();
$b = mqtt_client($v5);
$b->connect();
$a->subscribe("\$share/$group/$base/work/#", 1);
$b->subscribe("\$share/$group/$base/work/#", 1);
for ($i = 0; $i < 20; $i++) {
    $other->publish("$base/work/$i", "job$i", 1);
}
$seen = ['a' => [], 'b' => []];
$deadline = microtime(true) + 10;
while (count($seen['a']) + count($seen['b']) < 20 && microtime(true) < $deadline) {
    foreach (['a' => $a, 'b' => $b] as $name => $client) {
        while (($m = $client->receive(0.05)) !== null) { $seen[$name][] = $m->payload; }
    }
}
$all = array_merge($seen['a'], $seen['b']);
sort($all, SORT_NATURAL);
echo "shared: ", count($all), " jobs, each once: ", var_export($all === array_map(fn ($i) => "job$i", range(0, 19)), true),
    ", both consumers got some: ", var_export(count($seen['a']) > 0 && count($seen['b']) > 0, true), "\n";

foreach ([['retain_handling' => 3], ['no_local' => 'yes'], ['bogus' => 1], ['properties' => ['subscription_identifier' => 0]]] as $bad) {
    try { $c->subscribe("$base/x", 1, null, $bad); echo "accepted?!\n"; }
    catch (\ValueError $e) { echo "ValueError: ", $e->getMessage(), "\n"; }
}
foreach ([$a, $b, $c, $other] as $client) { $client->disconnect(); }
?>
--EXPECT--
no_local: ["theirs"]
without no_local: ["own"]
retain_handling 2 (never): first subscribe [], again []
retain_handling 0 (at every subscribe): first subscribe ["kept (retained)"], again ["kept (retained)"]
retain_handling 1 (only for a new subscription): first subscribe ["kept (retained)"], again []
live retained, default: ["live"]
live retained, retain_as_published: ["live (retained)"]
shared: 20 jobs, each once: true, both consumers got some: true
ValueError: subscription option "retain_handling" must be between 0 and 2, 3 given
ValueError: subscription option "no_local" must be bool, string given
ValueError: subscription option "bogus" is not a subscription option
ValueError: subscribe property "subscription_identifier" must be between 1 and 268435455
