<?php
// A real php-fpm for tests: pool config written here, free loopback port, driven over FastCGI
// with cgi-fcgi, stopped by PID (SIGQUIT, graceful) on destruct.

final class TestFpm
{
    public int $port;
    public int $masterPid;
    public string $dir;
    private $proc;

    public function __construct(int $children = 2, int $maxRequests = 0, array $ini = [])
    {
        $this->port = mqtt_free_port();
        $this->dir = sys_get_temp_dir() . '/mqtt-phpt-fpm-' . getmypid() . '-' . $this->port;
        @mkdir($this->dir, 0777, true);
        chmod($this->dir, 0777); // the workers (user nobody) write their traces here
        $user = posix_getuid() === 0 ? "user = nobody\ngroup = nogroup\n" : '';
        $iniLines = '';
        foreach ($ini as $k => $v) {
            $iniLines .= "php_admin_value[$k] = $v\n";
        }
        file_put_contents("{$this->dir}/fpm.conf", <<<CONF
[global]
error_log = {$this->dir}/fpm.log
daemonize = no
process_control_timeout = 10s

[test]
{$user}listen = 127.0.0.1:{$this->port}
pm = static
pm.max_children = $children
pm.max_requests = $maxRequests
catch_workers_output = yes
clear_env = no
$iniLines
CONF);
        $fpm = trim((string)shell_exec('command -v php-fpm8.2 || command -v php-fpm'));
        if ($fpm === '') { throw new RuntimeException('php-fpm is not installed'); }
        $this->proc = proc_open([$fpm, '-n', '-F', '-y', "{$this->dir}/fpm.conf", '-d', 'extension=' . getenv('MQTT_SO')],
            [1 => ['file', "{$this->dir}/stdout.log", 'a'], 2 => ['file', "{$this->dir}/stdout.log", 'a']], $pipes);
        $this->masterPid = proc_get_status($this->proc)['pid'];
        $deadline = microtime(true) + 10;
        while (!($s = @fsockopen('127.0.0.1', $this->port, $errno, $errstr, 0.2))) {
            if (microtime(true) > $deadline) { throw new RuntimeException("php-fpm did not start: " . @file_get_contents("{$this->dir}/fpm.log")); }
            usleep(20000);
        }
        fclose($s);
    }

    /**
     * Runs one request of $script (absolute path) with query $query; returns the body. The script
     * is served from this pool's own directory: the workers (user nobody) may not be able to read
     * the checkout (a clone in a 0700 temporary directory, say).
     */
    public function request(string $script, array $query = []): string
    {
        $served = "{$this->dir}/" . basename($script);
        if (!is_file($served)) {
            copy($script, $served);
            chmod($served, 0644);
        }
        $env = [
            'SCRIPT_FILENAME' => $served,
            'REQUEST_METHOD' => 'GET',
            'QUERY_STRING' => http_build_query($query),
            'PATH' => getenv('PATH'),
        ];
        $proc = proc_open(['cgi-fcgi', '-bind', '-connect', "127.0.0.1:{$this->port}"], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
        $out = stream_get_contents($pipes[1]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        proc_close($proc);
        $parts = preg_split("/\r?\n\r?\n/", $out, 2);
        return $parts[1] ?? $out;
    }

    /** Thread count of a process, from /proc. */
    public static function threads(int $pid): int
    {
        preg_match('/^Threads:\s+(\d+)/m', (string)@file_get_contents("/proc/$pid/status"), $m);
        return (int)($m[1] ?? 0);
    }

    public function workerPids(): array
    {
        $pids = [];
        foreach (glob('/proc/[0-9]*/stat') as $stat) {
            $f = explode(' ', (string)@file_get_contents($stat));
            if (($f[3] ?? '') === (string)$this->masterPid) { $pids[] = (int)$f[0]; }
        }
        return $pids;
    }

    public function stop(): void
    {
        if ($this->proc === null) { return; }
        posix_kill($this->masterPid, SIGQUIT);
        $deadline = microtime(true) + 10;
        while (proc_get_status($this->proc)['running'] && microtime(true) < $deadline) { usleep(20000); }
        if (proc_get_status($this->proc)['running']) { posix_kill($this->masterPid, SIGKILL); }
        proc_close($this->proc);
        $this->proc = null;
    }

    public function __destruct()
    {
        $this->stop();
        array_map('unlink', glob("{$this->dir}/*"));
        @rmdir($this->dir);
    }
}

function fpm_skipif(): void
{
    $fpm = trim((string)shell_exec('command -v php-fpm8.2 || command -v php-fpm'));
    if ($fpm === '') die('skip php-fpm not installed');
    if (trim((string)shell_exec('command -v cgi-fcgi')) === '') die('skip cgi-fcgi (libfcgi-bin) not installed');
    if (!getenv('MQTT_SO')) die('skip MQTT_SO not set');
}
