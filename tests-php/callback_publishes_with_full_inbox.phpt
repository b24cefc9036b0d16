--TEST--
A callback can publish at QoS 1 while thousands of messages wait in the inbox
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$in = mqtt_topic('flood');
$out = mqtt_topic('flood-out');
$c = mqtt_client(['timeout' => 3.0]);
$c->connect();
$c->subscribe($in, 0);
// 3,000 messages arrive while the script does not loop: more than the inbox holds.
$proc = proc_open(['mosquitto_pub', '-h', '127.0.0.1', '-p', (string)mqtt_port(), '-t', $in, '-l', '-q', '0'],
    [0 => ['pipe', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
fwrite($pipes[0], str_repeat(str_repeat('x', 100) . "\n", 3000));
fclose($pipes[0]);
proc_close($proc);
// Until the inbox is full (1,000 messages, see the README) and the connection stops reading.
mqtt_wait_until(fn () => $c->stats()['queued'] >= 1000);
$published = 0;
$received = 0;
$c->onMessage(function (Mqtt\Message $m) use ($c, $out, &$published, &$received) {
    $received++;
    if ($received % 1000 === 1) {
        $c->publish($out, "after $received", 1);
        $published++;
    }
});
$t = microtime(true);
while ($received < 3000 && microtime(true) - $t < 20) {
    $c->loop(1.0);
}
echo "received: $received, published from the callback: $published\n";
?>
--EXPECT--
received: 3000, published from the callback: 3
