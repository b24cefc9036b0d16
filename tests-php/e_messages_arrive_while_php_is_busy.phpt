--TEST--
Messages reach the inbox as they arrive while PHP runs other code between calls (stats()['queued'] counts them before loop() runs)
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$topic = mqtt_topic('arrive-while-busy');
$c = mqtt_client();
$c->connect();
$c->subscribe($topic, 1);
$late = 0;
for ($round = 0; $round < 5; $round++) {
    // Idle for a while, as a worker between jobs...
    usleep(300000);
    mqtt_pub($topic, "m$round", 1); // another process
    // ...then busy with PHP code, never calling loop(): the message must reach the inbox
    // meanwhile (stats() only reads counters). The deadline is for a very slow machine.
    $until = microtime(true) + 10;
    while ($c->stats()['queued'] < 1 && microtime(true) < $until) {
        for ($i = 0; $i < 10000; $i++) { /* work */ }
    }
    if ($c->stats()['queued'] !== 1) { $late++; }
    $c->loop(1.0);
}
echo "rounds where the message was not in yet: $late\n";
$c->disconnect();
?>
--EXPECT--
rounds where the message was not in yet: 0
