<?php
// A hostile TCP proxy for the fault tests, run as a child process:
//
//   php fault_proxy.php <upstream port> <max delay ms> <min life ms> <max life ms>
//
// Listens on a free loopback port and prints "ready <port>". Every accepted connection is relayed
// to 127.0.0.1:<upstream port>, each chunk held back 0..<max delay> ms (order kept), and cut
// <min life>..<max life> ms after it was accepted: the chunk in flight at that moment, in either
// direction, is forwarded only up to a random byte, then both sides are closed. At the end of
// stdin it prints "cuts <n> connections <n>" and exits.
[, $upstream, $max_delay, $min_life, $max_life] = $argv;
$max_delay = (int)$max_delay;

$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
stream_set_blocking($server, false);
$name = stream_socket_get_name($server, false);
echo 'ready ', substr($name, strrpos($name, ':') + 1), "\n";
stream_set_blocking(STDIN, false);

$links = [];          // id => [client, upstream, cut_at]
$queues = [];         // "id/0": chunks from the client to the broker, "id/1": the other way; [release, data]
$out = [];            // "id/0" => bytes waiting to be written to the broker, "id/1" to the client
$cuts = $accepted = 0;
$now = fn() => microtime(true);

$close = function (int $id) use (&$links, &$queues, &$out) {
    fclose($links[$id][0]);
    fclose($links[$id][1]);
    unset($links[$id], $queues["$id/0"], $queues["$id/1"], $out["$id/0"], $out["$id/1"]);
};

while (true) {
    $read = [$server, STDIN];
    $write = [];
    $next = $now() + 0.05;
    foreach ($links as $id => [$c, $u, $cut_at]) {
        $read[] = $c;
        $read[] = $u;
        if ($out["$id/0"] !== '') { $write[] = $u; }
        if ($out["$id/1"] !== '') { $write[] = $c; }
        foreach ([0, 1] as $dir) {
            if ($queues["$id/$dir"]) { $next = min($next, $queues["$id/$dir"][0][0]); }
        }
        $next = min($next, $cut_at + 0.1);
    }
    $except = null;
    $wait = max(0.0, $next - $now());
    if (@stream_select($read, $write, $except, 0, (int)($wait * 1e6)) === false) { break; }

    if (in_array(STDIN, $read, true)) {
        if (fread(STDIN, 8192) === '' && feof(STDIN)) { break; }
    }
    if (in_array($server, $read, true) && ($c = @stream_socket_accept($server, 0))) {
        $u = @stream_socket_client("tcp://127.0.0.1:$upstream", $errno, $errstr, 2);
        if ($u === false) {
            fclose($c);
        } else {
            stream_set_blocking($c, false);
            stream_set_blocking($u, false);
            $id = ++$accepted;
            $links[$id] = [$c, $u, $now() + random_int((int)$min_life, (int)$max_life) / 1000];
            $queues["$id/0"] = $queues["$id/1"] = [];
            $out["$id/0"] = $out["$id/1"] = '';
        }
    }
    foreach ($links as $id => [$c, $u, $cut_at]) {
        // Read what arrived, to be released after a random delay (never before earlier chunks).
        foreach ([[$c, 0], [$u, 1]] as [$from, $dir]) {
            if (!in_array($from, $read, true)) { continue; }
            $data = fread($from, 65536);
            if ($data === '' || $data === false) {
                if (feof($from)) { $close($id); continue 2; }
                continue;
            }
            $last = $queues["$id/$dir"] ? end($queues["$id/$dir"])[0] : 0.0;
            $queues["$id/$dir"][] = [max($last, $now() + random_int(0, $max_delay) / 1000), $data];
        }
        // Release what is due; past the connection's time, cut it in the middle of a chunk.
        foreach ([0, 1] as $dir) {
            while ($queues["$id/$dir"] && $queues["$id/$dir"][0][0] <= $now()) {
                [, $data] = array_shift($queues["$id/$dir"]);
                if ($now() >= $cut_at) {
                    $to = $dir === 0 ? $u : $c;
                    @fwrite($to, $out["$id/$dir"] . substr($data, 0, random_int(0, strlen($data) - 1)));
                    $cuts++;
                    $close($id);
                    continue 3;
                }
                $out["$id/$dir"] .= $data;
            }
        }
        if ($now() >= $cut_at + 0.1) {
            $cuts++; // an idle connection is cut all the same
            $close($id);
            continue;
        }
        foreach ([[$u, 0], [$c, 1]] as [$to, $dir]) {
            if ($out["$id/$dir"] !== '' && in_array($to, $write, true)) {
                $n = @fwrite($to, $out["$id/$dir"]);
                if ($n === false) { $close($id); continue 2; }
                $out["$id/$dir"] = (string)substr($out["$id/$dir"], $n);
            }
        }
    }
}
echo "cuts $cuts connections $accepted\n";
