--TEST--
Thousands of seeded random calls (topics with invalid UTF-8, NUL, wildcards, huge strings; random payloads, QoS values, option arrays of wrong types; in random order on connected and unconnected clients, also from callbacks that call back into the client) only ever throw \ValueError, \TypeError or Mqtt\Exception, never crash, and never succeed on input that is certainly invalid
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
// 1.5 as an int argument is deprecated, as for any PHP function; that is not what is tested.
error_reporting(E_ALL & ~E_DEPRECATED);
$broker = new TestBroker();
mt_srand(20261130);

function pick(array $a) { return $a[mt_rand(0, count($a) - 1)]; }

function rand_bytes(int $n): string
{
    $s = '';
    for ($i = 0; $i < $n; $i++) { $s .= chr(mt_rand(0, 255)); }
    return $s;
}

function rand_topic(): mixed
{
    return match (mt_rand(0, 13)) {
        0 => '',
        1 => "a\0b",
        2 => rand_bytes(mt_rand(1, 8)),           // mostly invalid UTF-8
        3 => "\xC3\x28",
        4 => 'fuzz/+/x',
        5 => 'fuzz/#',
        6 => '#',
        7 => str_repeat('a', pick([65535, 65536, 100000])),
        8 => "fuzz/\u{FFFF}",
        9 => "fuzz/\x7F",
        10 => pick([1, 1.5, true, null, [], ['a'], new stdClass]),
        11 => '$share/g/fuzz/' . pick(['a', '+', '#', '']),
        default => 'fuzz/' . pick(['a', 'b/c', 'é', '😀', 'x y', '']) . '/' . mt_rand(0, 9),
    };
}

function rand_payload(): mixed
{
    return match (mt_rand(0, 6)) {
        0 => '',
        1 => rand_bytes(mt_rand(0, 64)),
        2 => str_repeat('p', pick([1000, 300000])),
        3 => pick([0, 1.25, true, null, [], new stdClass]),
        default => 'payload',
    };
}

function rand_qos(): mixed { return pick([0, 1, 2, -1, 3, 255, PHP_INT_MAX, PHP_INT_MIN, '1', '2x', 1.0, 1.5, null, true, [], 'two']); }
// No huge timeouts: they are valid and mean "wait as long as it takes".
function rand_timeout(): mixed { return pick([0, 0.0, 0.01, 0.02, -1, -0.5, NAN, INF, -INF, '0.01', 'soon', [], null]); }
function rand_callback(): mixed { return pick([null, fn() => null, 'strlen', 'no_such_function', [], 42, [new stdClass, 'nope'], 'reenter']); }

/** A callback that calls back into the client that runs it (re-entrancy: no Rust panic may surface). */
function reenter(...$args): void
{
    global $current, $problems;
    if (!$current) { return; }
    $GLOBALS['reentered'] = ($GLOBALS['reentered'] ?? 0) + 1;
    try {
        match (mt_rand(0, 6)) {
            0 => $current->publish('fuzz/re', 'x', mt_rand(0, 2)),
            1 => $current->subscribe('fuzz/re/#', 1, pick([null, 'reenter'])),
            2 => $current->onMessage(pick([null, 'reenter'])),
            3 => $current->loop(0),
            4 => $current->receive(0),
            5 => $current->unsubscribe('fuzz/re/#'),
            default => $current->disconnect(),
        };
    } catch (ValueError | TypeError | Mqtt\Exception $e) {
    } catch (Throwable $e) {
        $problems[] = 'a re-entrant call threw ' . get_class($e) . ': ' . $e->getMessage();
    }
}

function rand_options(): mixed
{
    if (mt_rand(0, 9) === 0) { return pick([null, 'x', 1, new stdClass]); }
    $keys = ['client_id', 'username', 'password', 'keep_alive', 'clean_session', 'connect_timeout', 'timeout',
        'will', 'reconnect', 'reconnect_delay', 'max_inflight', 'max_packet_size', 'ack', 'persistent', 'protocol', 'tls', 'servers', 'logger', 'bogus'];
    $values = [null, true, false, 0, -1, 1, 65536, PHP_INT_MAX, 0.5, NAN, INF, '', 'x', "a\0b", "\xFF", [], ['topic' => 'w'], ['topic' => "\0"], new stdClass];
    $o = [];
    for ($i = mt_rand(0, 3); $i > 0; $i--) { $o[pick($keys)] = pick($values); }
    return $o + ['connect_timeout' => 1.0, 'timeout' => 1.0, 'reconnect' => false];
}

/** Whether a value is a string that certainly is no valid topic name. */
function bad_topic(mixed $t): bool
{
    if (is_array($t) || is_object($t) || $t === null) { return true; }
    if (!is_string($t)) { return false; } // scalars coerced: judged by the extension
    return $t === '' || strlen($t) > 65535 || !preg_match('//u', $t) || strpbrk($t, "+#\0") !== false
        || preg_match('/[\x{1}-\x{1F}\x{7F}-\x{9F}\x{FDD0}-\x{FDEF}\x{FFFE}\x{FFFF}]/u', $t);
}

function bad_filter(mixed $f): bool
{
    if (is_array($f) || is_object($f) || $f === null) { return true; }
    if (!is_string($f)) { return false; }
    if ($f === '' || strlen($f) > 65535 || !preg_match('//u', $f) || str_contains($f, "\0")) { return true; }
    foreach (explode('/', $f) as $i => $level) {
        if (str_contains($level, '#') && ($level !== '#' || $i !== substr_count($f, '/'))) { return true; }
        if (str_contains($level, '+') && $level !== '+') { return true; }
    }
    return false;
}

function bad_qos(mixed $q): bool { return is_int($q) && ($q < 0 || $q > 2) || is_array($q) || $q === 'two' || $q === '2x'; }

$port = $broker->port;
$clients = [];
$current = null;
$problems = [];
$counts = [];
$calls = 0;
$until = microtime(true) + 12;
while ($calls < 4000 && microtime(true) < $until) {
    $calls++;
    if (!$clients || mt_rand(0, 40) === 0) {
        $opts = rand_options();
        $host = mt_rand(0, 5) ? '127.0.0.1' : pick(['', "h\0", 'mqtt://u:p@127.0.0.1', 'ws://', "\xFF", 'bogus://x']);
        $what = 'new Client';
        $args = [$host, mt_rand(0, 5) ? $port : pick([0, -1, 70000, 'x']), $opts];
        $invalid = false;
    } else {
        $c = pick($clients);
        $current = $c;
        $what = pick(['publish', 'publish', 'publishAsync', 'subscribe', 'unsubscribe', 'receive', 'loop', 'flush', 'connect', 'disconnect', 'onMessage', 'topicMatches', 'Message', 'stats', 'reentrant']);
        [$args, $invalid] = match ($what) {
            'publish', 'publishAsync' => (function () {
                $a = [rand_topic(), rand_payload(), rand_qos(), pick([false, true, 1, 'x', []])];
                return [$a, bad_topic($a[0]) || bad_qos($a[2]) || is_array($a[1]) || is_object($a[1]) || $a[1] === null];
            })(),
            'subscribe' => (function () {
                $a = [rand_topic(), rand_qos(), rand_callback()];
                return [$a, bad_filter($a[0]) || bad_qos($a[1])];
            })(),
            'unsubscribe' => (function () { $a = [rand_topic()]; return [$a, bad_filter($a[0])]; })(),
            'receive', 'loop', 'flush' => (function () {
                $t = rand_timeout();
                return [[$t], is_float($t) && (!is_finite($t) || $t < 0) || is_int($t) && $t < 0 || is_array($t) || $t === 'soon'];
            })(),
            'onMessage' => [[rand_callback()], false],
            'topicMatches' => [[rand_topic(), rand_topic()], false],
            'Message' => (function () {
                $a = [rand_topic(), rand_payload(), rand_qos()];
                return [$a, bad_topic($a[0]) || bad_qos($a[2])];
            })(),
            default => [[], false],
        };
    }
    try {
        $r = match ($what) {
            'new Client' => $clients[] = new Mqtt\Client(...$args),
            'topicMatches' => Mqtt\Message::topicMatches(...$args),
            'Message' => new Mqtt\Message(...$args),
            'receive', 'loop', 'flush' => $c->$what(...$args),
            // Messages whose callbacks call back into the client.
            'reentrant' => (function () use ($c) {
                $c->connect();
                $c->onMessage('reenter');
                $c->subscribe('fuzz/#', mt_rand(0, 2), 'reenter');
                $c->publish('fuzz/re', 'p', mt_rand(0, 2));
                $c->publishAsync('fuzz/re', 'q', mt_rand(0, 2));
                return $c->loop(0.2) + $c->loop(0);
            })(),
            default => $c->$what(...$args),
        };
        $outcome = 'ok';
        if ($invalid) {
            $problems[] = "$what succeeded with invalid input: " . substr(var_export($args, true), 0, 200);
        }
    } catch (ValueError | TypeError | Mqtt\Exception $e) {
        $outcome = get_class($e);
    } catch (Throwable $e) {
        $outcome = get_class($e);
        $problems[] = "$what threw " . get_class($e) . ': ' . $e->getMessage();
    }
    if (count($clients) > 6) { array_shift($clients); }
    $counts[$outcome] = ($counts[$outcome] ?? 0) + 1;
    if ($what === 'connect' && $outcome === 'ok') { $counts['connected'] = ($counts['connected'] ?? 0) + 1; }
}
echo "calls made: ", $calls >= 1000 ? 'at least 1000' : $calls, "\n";
echo "problems: ", count($problems), "\n";
echo "callbacks that called back into their client: ", ($reentered ?? 0) >= 10 ? 'many' : ($reentered ?? 0), "\n";
foreach (array_slice($problems, 0, 10) as $p) { echo "  $p\n"; }
// Each kind of outcome was reached, connected calls included.
foreach (['ok', 'ValueError', 'TypeError', 'Mqtt\ConnectionException', 'connected'] as $k) {
    echo "$k: ", ($counts[$k] ?? 0) > 0 ? 'seen' : 'never', "\n";
}
foreach ($clients as $c) { try { $c->disconnect(); } catch (Mqtt\Exception) {} }
?>
--EXPECT--
calls made: at least 1000
problems: 0
callbacks that called back into their client: many
ok: seen
ValueError: seen
TypeError: seen
Mqtt\ConnectionException: seen
connected: seen
