--TEST--
The MQTT 5 request/response example runs: each answer comes back on the requester's response topic with its own correlation data
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$cmd = [PHP_BINARY, '-n', '-d', 'extension=' . getenv('MQTT_SO'), __DIR__ . '/../examples/request-response.php', mqtt_host(), (string)mqtt_port()];
$proc = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
$out = stream_get_contents($pipes[1]);
$err = stream_get_contents($pipes[2]);
$rc = proc_close($proc);
echo preg_replace('/"now":"[^"]+"/', '"now":…', $out), "\nexit $rc", $err !== '' ? "\n$err" : '', "\n";
?>
--EXPECT--
UTC -> {"now":…,"tz":"UTC"} (application/json)
Europe/Paris -> {"now":…,"tz":"Europe\/Paris"} (application/json)

exit 0
