--TEST--
Security: a password given in any way (options, host URI, Mosquitto setCredentials, phpMQTT connect) never shows in exception messages, traces (with arguments on), getTrace(), var_dump/print_r/var_export/(array)/json_encode of the client, logger lines or debug output
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
<?php if (PHP_VERSION_ID < 80200) die('skip SensitiveParameter needs PHP 8.2'); ?>
--INI--
zend.exception_ignore_args=0
zend.exception_string_param_max_len=1000000
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
require __DIR__ . '/f_auth_broker.inc';
$broker = f_auth_broker();       // wants alice / f_auth_password()
$secret = 'Wr0ng-hunter2-pw';    // the password given everywhere below (refused by the broker)
$closed = mqtt_free_port();      // nothing listens there

final class Recorder { public array $lines = []; public function log($level, $message, array $context = []): void { $this->lines[] = "$level $message " . json_encode($context); } }
$log = new Recorder();
$seen = '';
$thrown = [];
function look(mixed $v): string { ob_start(); var_dump($v); print_r($v); echo "\n"; var_export($v); echo "\n"; var_dump((array)$v); echo json_encode($v), "\n"; return ob_get_clean(); }
function attempt(string $what, callable $f): void
{
    global $seen, $thrown;
    try {
        $f();
        $thrown[] = "$what: no exception";
    } catch (Throwable $e) {
        $thrown[] = "$what: " . get_class($e);
        for ($x = $e; $x; $x = $x->getPrevious()) {
            $seen .= $x->getMessage() . "\n" . $x->getTraceAsString() . "\n" . var_export($x->getTrace(), true) . "\n" . $x;
        }
    }
}

// Mqtt\Client: options, and a host URI.
$opts = ['username' => 'alice', 'password' => $secret, 'logger' => $log, 'reconnect' => false, 'connect_timeout' => 2.0];
attempt('options, unknown option', fn() => new Mqtt\Client('127.0.0.1', $broker->port, $opts + ['bogus' => 1]));
attempt('options, bad type', fn() => new Mqtt\Client('127.0.0.1', $broker->port, ['username' => 'alice', 'password' => $secret, 'keep_alive' => 'x']));
attempt('options, tls key password', fn() => new Mqtt\Client('127.0.0.1', $broker->port, ['tls' => ['key_password' => $secret, 'bogus' => 1]]));
$c = new Mqtt\Client('127.0.0.1', $broker->port, $opts);
attempt('options, refused by the broker', fn() => $c->connect());
$seen .= look($c);
$c = new Mqtt\Client('127.0.0.1', $closed, $opts);
attempt('options, no broker', fn() => $c->connect());
$seen .= look($c);
foreach (["mqtt://alice:$secret@127.0.0.1:{$broker->port}", "mqtt://alice:$secret@127.0.0.1:$closed", "mqtt://alice:$secret@127.0.0.1/path",
          "alice:$secret@127.0.0.1", "ws://alice:$secret/x@127.0.0.1:$closed/mqtt", "mqtt://alice:$secret@127.0.0.1:99999", "mqtt://alice:$secret%zz@h"] as $i => $uri) {
    attempt("URI #$i", function () use ($uri, $log, &$seen) {
        $c = new Mqtt\Client($uri, 1883, ['logger' => $log, 'reconnect' => false, 'connect_timeout' => 2.0]);
        $seen .= look($c);
        $c->connect();
    });
}

// Mosquitto\Client::setCredentials().
$m = new Mosquitto\Client('leak-test');
$m->onLog(function ($level, $message) use (&$seen) { $seen .= "$level $message\n"; });
attempt('setCredentials, bad user name', fn() => $m->setCredentials([], $secret));
attempt('setCredentials, extra argument', fn() => $m->setCredentials('alice', $secret, 'x'));
$m->setCredentials('alice', $secret);
$seen .= look($m);
// As with libmosquitto, the refusal comes to onConnect and loop(), not to connect().
$m->onConnect(function ($rc, $message) use (&$seen) { $seen .= "$rc $message\n"; });
attempt('setCredentials, refused by the broker', fn() => $m->connect('127.0.0.1', $broker->port));
attempt('setCredentials, loop after the refusal', function () use ($m) { $m->loop(2000); $m->loop(2000); });
attempt('setCredentials, no broker', fn() => $m->connect('127.0.0.1', $closed));
attempt('setTlsCertificates, key password', fn() => $m->setTlsCertificates('/no/ca.pem', '/no/cert.pem', '/no/key.pem', $secret));
$seen .= look($m);

// phpMQTT connect(): false, saying why with debug on.
$p = new Bluerhinos\phpMQTT('127.0.0.1', $broker->port, 'leak-test');
$p->debug = true;
ob_start();
$r1 = $p->connect(true, null, 'alice', $secret);
$p->port = $closed;
$r2 = $p->connect(true, null, 'alice', $secret); // connect_auto() would retry for ever
$seen .= ob_get_clean();
attempt('phpMQTT connect, extra argument', fn() => $p->connect(true, null, 'alice', $secret, 'x'));
attempt('phpMQTT connect, bad will', fn() => $p->connect(true, 'will', 'alice', $secret, 1));
$seen .= look($p);
var_dump($r1, $r2);

foreach ($log->lines as $l) { $seen .= "$l\n"; }
echo implode("\n", $thrown), "\n";
echo 'logger lines: ', count($log->lines) > 0 ? 'some' : 'none', "\n";
echo 'the password appears: ', var_export(str_contains($seen, $secret) || str_contains($seen, 'hunter2'), true), "\n";
echo 'what was looked at mentions the user: ', var_export(str_contains($seen, 'alice'), true), "\n";
?>
--EXPECTF--
bool(false)
bool(false)
options, unknown option: ValueError
options, bad type: ValueError
options, tls key password: ValueError
options, refused by the broker: Mqtt\ConnectionException
options, no broker: Mqtt\ConnectionException
URI #0: Mqtt\ConnectionException
URI #1: Mqtt\ConnectionException
URI #2: ValueError
URI #3: ValueError
URI #4: ValueError
URI #5: ValueError
URI #6: ValueError
setCredentials, bad user name: TypeError
setCredentials, extra argument: ArgumentCountError
setCredentials, refused by the broker: no exception
setCredentials, loop after the refusal: %s
setCredentials, no broker: Mosquitto\Exception
setTlsCertificates, key password: %s
phpMQTT connect, extra argument: ArgumentCountError
phpMQTT connect, bad will: ArgumentCountError
logger lines: some
the password appears: false
what was looked at mentions the user: true
