--TEST--
onDisconnect fires during loop() with a reason string when the broker dies ('reconnect' => false)
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$broker = new TestBroker();
$reasons = [];
$c = mqtt_client(['reconnect' => false, 'timeout' => 2.0], $broker->port);
$c->onDisconnect(function (?string $reason) use (&$reasons) { $reasons[] = $reason; });
$c->connect();
$c->subscribe(mqtt_topic('ondisc'), 1);
var_dump($c->loop(0.1));
$broker->stop(); // SIGKILL: no goodbye
// The script is busy elsewhere (never in loop()) while the connection drops: it checks
// isConnected(), which only reads the state, until the drop is seen.
mqtt_wait_until(fn () => !$c->isConnected());
$deadline = microtime(true) + 10;
$firstError = null;
while (!$reasons && microtime(true) < $deadline) {
    try {
        $c->loop(0.2);
    } catch (Mqtt\Exception $e) {
        $firstError ??= get_class($e) . ': ' . $e->getMessage();
        usleep(20000);
    }
}
var_dump(count($reasons));
var_dump(is_string($reasons[0] ?? null) && $reasons[0] !== '');
if ($firstError !== null && !$reasons) {
    echo "loop() threw before onDisconnect ran: $firstError\n";
}
var_dump($c->isConnected());
// Without reconnect, a later loop() says the connection is gone.
try {
    $c->loop(0.1);
    echo "loop() did not throw\n";
} catch (Mqtt\ConnectionException $e) {
    echo get_class($e), "\n";
}
?>
--EXPECT--
int(0)
int(1)
bool(true)
bool(false)
Mqtt\ConnectionException
