<?php
// Helpers for the phpt suite. The suite's shared broker comes from MQTT_HOST / MQTT_PORT (started
// by scripts/test.sh); tests that stop or restart a broker start a private one here, on a free
// loopback port, and stop it by PID.

function mqtt_host(): string { return getenv('MQTT_HOST') ?: '127.0.0.1'; }
function mqtt_port(): int { return (int)(getenv('MQTT_PORT') ?: 1883); }

/** A topic unique to this test run, so tests never see each other's messages. */
function mqtt_topic(string $name): string
{
    static $run = null;
    $run ??= getmypid() . '-' . bin2hex(random_bytes(3));
    return "phpt/$run/$name";
}

function mqtt_free_port(): int
{
    $s = stream_socket_server('tcp://127.0.0.1:0');
    $name = stream_socket_get_name($s, false);
    fclose($s);
    return (int)substr($name, strrpos($name, ':') + 1);
}

final class TestBroker
{
    public int $port;
    public ?int $pid = null;
    private string $dir;
    private $proc = null;

    /**
     * @param string[] $conf extra mosquitto.conf lines
     * @param ?string $log file that receives mosquitto's log (connects, disconnects)
     * @param bool $persist keep sessions and queued messages on disk across restarts, saved on
     *   every change, in a directory of this broker's own
     */
    public function __construct(private array $conf = [], ?int $port = null, private ?string $log = null, private bool $persist = false)
    {
        $this->port = $port ?? mqtt_free_port();
        $this->dir = sys_get_temp_dir() . '/mqtt-phpt-broker-' . getmypid() . '-' . $this->port;
        @mkdir($this->dir, 0755, true);
        chmod($this->dir, 0755);
        if ($persist) {
            // mosquitto started as root writes as the mosquitto user.
            @mkdir("{$this->dir}/db", 0777);
            chmod("{$this->dir}/db", 0777);
        }
        $this->start();
    }

    public function start(): void
    {
        // autosave_on_changes with an interval of 1: the database is written after every change
        // (queued message, subscription), not only at shutdown.
        $persistence = $this->persist
            ? "persistence true\npersistence_location {$this->dir}/db/\nautosave_on_changes true\nautosave_interval 1\n"
            : "persistence false\n";
        $conf = "listener {$this->port} 127.0.0.1\nallow_anonymous true\n$persistence" . implode("\n", $this->conf) . "\n";
        if ($this->log !== null) {
            $conf .= "log_dest stdout\nlog_type all\n";
        }
        file_put_contents("{$this->dir}/mosquitto.conf", $conf);
        chmod("{$this->dir}/mosquitto.conf", 0644);
        $out = $this->log !== null ? ['file', $this->log, 'a'] : ['file', '/dev/null', 'w'];
        $this->proc = proc_open(['mosquitto', '-c', "{$this->dir}/mosquitto.conf"], [1 => $out, 2 => ['file', '/dev/null', 'w']], $pipes);
        $this->pid = proc_get_status($this->proc)['pid'];
        $deadline = microtime(true) + 10;
        while (!($s = @fsockopen('127.0.0.1', $this->port, $errno, $errstr, 0.2))) {
            if (microtime(true) > $deadline) { throw new RuntimeException("mosquitto did not start on {$this->port}"); }
            usleep(20000);
        }
        fclose($s);
    }

    /** Stops the broker: SIGKILL by default (no goodbye), SIGTERM when $graceful. */
    public function stop(bool $graceful = false): void
    {
        if ($this->pid === null) { return; }
        posix_kill($this->pid, $graceful ? SIGTERM : SIGKILL);
        proc_close($this->proc);
        $this->pid = null;
    }

    /** Stops the broker (SIGTERM, or SIGKILL unless $graceful) and starts it on the same port. */
    public function restart(bool $graceful = true): void
    {
        $this->stop($graceful);
        $this->start();
    }

    public function __destruct()
    {
        $this->stop();
        @unlink("{$this->dir}/mosquitto.conf");
        if ($this->persist) {
            array_map('unlink', glob("{$this->dir}/db/*") ?: []);
            @rmdir("{$this->dir}/db");
        }
        @rmdir($this->dir);
    }
}

/**
 * Starts mosquitto_sub in the background for $count messages on $topic; wait with
 * mqtt_sub_wait(). Returns once the broker has acknowledged the subscription.
 */
function mqtt_sub_start(string $topic, int $count, int $port = 0, array $extra = [], int $seconds = 20): array
{
    $port = $port ?: mqtt_port();
    // -d prints "Subscribed (mid: 1): 2" on SUBACK, the signal we wait for; stdbuf makes each line
    // visible as it is written. Output goes to a file: a pipe nobody reads would stall a busy sub.
    $out = tempnam(sys_get_temp_dir(), 'mqtt-sub');
    $cmd = array_merge(['stdbuf', '-oL', 'mosquitto_sub', '-d', '-h', '127.0.0.1', '-p', (string)$port, '-t', $topic, '-C', (string)$count, '-W', (string)$seconds, '-q', '2'], $extra);
    $proc = proc_open($cmd, [1 => ['file', $out, 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
    $deadline = microtime(true) + max($seconds, 10);
    while (!preg_match('/^Subscribed \(mid: \d+\)/m', (string)file_get_contents($out))
        && proc_get_status($proc)['running'] && microtime(true) < $deadline) {
        usleep(10000);
    }
    return [$proc, $out];
}

/** Waits for the mosquitto_sub started by mqtt_sub_start() and returns its message lines. */
function mqtt_sub_wait(array $sub): array
{
    [$proc, $out] = $sub;
    proc_close($proc);
    $text = file_get_contents($out);
    unlink($out);
    // -d's protocol log shares stdout with the messages: keep the messages only.
    $lines = $text === '' ? [] : explode("\n", rtrim($text, "\n"));
    return array_values(array_filter($lines, fn (string $l) =>
        !preg_match('/^(Client \S+ (sending|received) [A-Z]|Subscribed \(mid: \d+\))/', $l)));
}

/**
 * A TestBroker that logs everything to a file as it happens (the constructor's $log comes through
 * mosquitto's stdout, which it buffers); the file's path goes to $log.
 */
function mqtt_logging_broker(?string &$log, array $conf = []): TestBroker
{
    $log = tempnam(sys_get_temp_dir(), 'mqtt-broker-log');
    chmod($log, 0666); // mosquitto started as root writes it as user mosquitto
    return new TestBroker(array_merge($conf, ["log_dest file $log", 'log_type all']));
}

/**
 * Waits (up to $seconds) until the log file of mqtt_logging_broker() has $count lines matching $regex;
 * returns how many it has. Log lines of mosquitto: "Sending SUBACK to <client id>",
 * "Received PINGREQ from <client id>", "Client <client id> disconnected.".
 */
function mqtt_log_wait(string $log, string $regex, int $count = 1, float $seconds = 10.0): int
{
    $deadline = microtime(true) + $seconds;
    while (($n = preg_match_all($regex, (string)file_get_contents($log))) < $count && microtime(true) < $deadline) {
        usleep(10000);
    }
    return $n;
}

/** Waits (up to $seconds) until $condition() returns true; returns its last result. */
function mqtt_wait_until(callable $condition, float $seconds = 10.0): bool
{
    $deadline = microtime(true) + $seconds;
    while (!($ok = (bool)$condition()) && microtime(true) < $deadline) {
        usleep(10000);
    }
    return $ok;
}

/** Publishes with mosquitto_pub. */
function mqtt_pub(string $topic, string $payload, int $qos = 0, array $extra = [], int $port = 0): void
{
    $port = $port ?: mqtt_port();
    $cmd = array_merge(['mosquitto_pub', '-h', '127.0.0.1', '-p', (string)$port, '-t', $topic, '-m', $payload, '-q', (string)$qos], $extra);
    $proc = proc_open($cmd, [1 => ['file', '/dev/null', 'w'], 2 => ['pipe', 'w']], $pipes);
    $err = stream_get_contents($pipes[2]);
    if (proc_close($proc) !== 0) { throw new RuntimeException("mosquitto_pub failed: $err"); }
}

function mqtt_client(array $options = [], int $port = 0): Mqtt\Client
{
    return new Mqtt\Client(mqtt_host(), $port ?: mqtt_port(), $options);
}
