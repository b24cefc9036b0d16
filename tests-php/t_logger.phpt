--TEST--
logger: a PSR-3-shaped object gets connect, lost, reconnect and refusal events at sensible levels, on the PHP thread, never the password
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
final class ListLogger // no psr/log needed: any object with log($level, $message, array $context)
{
    public array $lines = [];
    public function log($level, $message, array $context = []): void
    {
        $this->lines[] = "$level: $message";
    }
}
$broker = new TestBroker();
$log = new ListLogger();
$c = new Mqtt\Client('127.0.0.1', $broker->port, [
    'client_id' => 'logged', 'username' => 'u', 'password' => 's3cret-pw',
    'logger' => $log, 'reconnect_delay' => 0.2,
]);
$c->connect();
echo implode("\n", $log->lines), "\n";
$log->lines = [];

$broker->stop();
$c->loop(0.5);
$broker->start();
$deadline = microtime(true) + 5;
while (!$c->isConnected() && microtime(true) < $deadline) { $c->loop(0.1); }
$c->loop(0.1);
foreach ($log->lines as $l) { echo preg_replace('/\d+(\.\d+)? s$|lost: .*$|:\d+/', '…', $l), "\n"; }
$log->lines = [];
$c->disconnect();
echo implode("\n", $log->lines), "\n";

$log->lines = [];
try {
    (new Mqtt\Client('127.0.0.1', mqtt_free_port(), ['client_id' => 'refused', 'logger' => $log]))->connect();
} catch (Mqtt\ConnectionException $e) {
    echo "connect failed; logged: ", str_starts_with((string)end($log->lines), 'error: Client refused: cannot connect') ? 'an error naming the server' : implode(' | ', $log->lines), "\n";
}
$all = implode("\n", $log->lines);
echo "password in any line: ", var_export(str_contains($all, 's3cret'), true), "\n";

foreach (['not an object', new stdClass()] as $bad) {
    try {
        new Mqtt\Client('127.0.0.1', 1883, ['logger' => $bad]);
        echo "accepted?!\n";
    } catch (\ValueError $e) {
        echo "ValueError: ", $e->getMessage(), "\n";
    }
}
new Mqtt\Client('127.0.0.1', 1883, ['logger' => null]);
echo "logger => null: accepted\n";
?>
--EXPECTF--
info: Client logged connecting to 127.0.0.1:%d
info: Client logged connected to 127.0.0.1:%d (session present: 0)
warning: Client logged: connection to 127.0.0.1… …
info: Client logged reconnecting in …
%Ainfo: Client logged connected to 127.0.0.1… (session present: 0)
info: Client logged disconnected
connect failed; logged: an error naming the server
password in any line: false
ValueError: option "logger" must be an object with a public log($level, $message, array $context) method, string given
ValueError: option "logger" must be an object with a public log($level, $message, array $context) method, stdClass given
logger => null: accepted
