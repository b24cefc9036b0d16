--TEST--
Scripts in the shape of phpMQTT's examples (publish, subscribe with proc(), subscribeAndWaitForMessage) run with only their require line and broker address changed
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/phpmqtt.inc';
// A broker of our own, whose log shows when the examples have subscribed; the scripts and
// helpers take its port from MQTT_PORT.
$broker = mqtt_logging_broker($log);
putenv("MQTT_PORT={$broker->port}");
$t = 'bluerhinos/phpMQTT/examples/publishtest';
$waiter = phpmqtt_start(phpmqtt_example('subscribeAndWaitForMessage'));
$subscriber = phpmqtt_start(phpmqtt_example('subscribe'));
if (($n = mqtt_log_wait($log, '/Sending SUBACK to example-/', 2)) !== 2) { echo "examples subscribed: $n\n"; }
[$rc, $out, $err] = phpmqtt_wait(phpmqtt_start(phpmqtt_example('publish')));
var_dump($rc, $out . $err);
[$rc, $out, $err] = phpmqtt_wait($waiter);
var_dump($rc, $err);
echo preg_replace('/at .*/', 'at <date>', $out), "\n";
$seen = phpmqtt_read_until($subscriber, 'Hello World', 10);
phpmqtt_stop($subscriber);
echo preg_replace(['/^.*: (Subscribed|Received CMD).*\n/m', '/at .*/'], ['', 'at <date>'], $seen), "\n";
$broker->stop();
@unlink($log);
?>
--EXPECTF--
int(0)
string(0) ""
int(0)
string(0) ""
Hello World! at <date>
Message on bluerhinos/phpMQTT/examples/publishtest: Hello World! at <date>
