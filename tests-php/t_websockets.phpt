--TEST--
WebSockets: ws:// and wss:// (with a path) to mosquitto's WebSocket listeners, messages both ways and large ones, the tls settings applied to wss://, a wrong path or a non-WebSocket port refused with the reason, ws:// in the servers list
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; if (!trim((string)shell_exec('command -v openssl'))) die('skip openssl command missing'); ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
require __DIR__ . '/lib/tls.inc';
$pki = tls_make_pki();
$ca = ['ca_file' => "$pki/ca.crt"];
$ws = mqtt_free_port();
$wss = mqtt_free_port();
$broker = new TestBroker(array_merge(ws_listener($ws), ws_listener($wss, $pki)));
foreach ([$ws, $wss] as $port) {
    $deadline = microtime(true) + 10;
    while (!($s = @fsockopen('127.0.0.1', $port, $errno, $errstr, 0.2)) && microtime(true) < $deadline) { usleep(20000); }
    if ($s) { fclose($s); }
}

// A plain MQTT client on the TCP listener sees what WebSocket clients publish, and the other way.
$tcp = new Mqtt\Client('127.0.0.1', $broker->port, ['max_packet_size' => 1024 * 1024]);
$tcp->connect();
$tcp->subscribe('ws/#', 1);

function roundtrip(string $what, Mqtt\Client $c, Mqtt\Client $tcp): void
{
    $c->connect();
    $c->subscribe("ws/back/$what", 1);
    $big = random_bytes(300 * 1024); // several WebSocket frames' worth
    $c->publish("ws/$what", $big, 1);
    $m = $tcp->receive(5.0);
    echo "$what: QoS 1 publish acknowledged, TCP subscriber got ", $m?->topic, ' ', $m && $m->payload === $big ? 'the same 300 KiB' : 'something else', "\n";
    $tcp->publish("ws/back/$what", 'reply', 2);
    $m = $c->receive(5.0);
    echo "$what: got the TCP client's QoS 2 message: ", var_export($m?->payload, true), "\n";
    $c->disconnect();
    // The TCP subscriber also got its own reply (it subscribed to ws/#).
    $tcp->receive(5.0);
}

roundtrip('ws', new Mqtt\Client("ws://127.0.0.1:$ws/mqtt", 1883, ['max_packet_size' => 1024 * 1024]), $tcp);
roundtrip('wss', new Mqtt\Client("wss://127.0.0.1:$wss/some/path?x=1", 1883, ['tls' => $ca, 'max_packet_size' => 1024 * 1024]), $tcp);
roundtrip('ws-port-argument', new Mqtt\Client('ws://127.0.0.1', $ws, ['max_packet_size' => 1024 * 1024]), $tcp);

function attempt(string $what, string $host, array $options = []): void
{
    try {
        $c = new Mqtt\Client($host, 1883, $options + ['connect_timeout' => 5.0, 'reconnect' => false]);
        $c->connect();
        echo "$what: connected\n";
        $c->disconnect();
    } catch (Mqtt\ConnectionException $e) {
        echo "$what: ", get_class($e), ': ', preg_replace(['/^cannot connect to \S+: /', '/: error:.*$/s'], '', $e->getMessage()), "\n";
    }
}
attempt('wss without the CA', "wss://127.0.0.1:$wss/mqtt");
attempt('wss, verify_peer off', "wss://127.0.0.1:$wss/mqtt", ['tls' => ['verify_peer' => false]]);
attempt('ws:// to the wss port', "ws://127.0.0.1:$wss/mqtt");
attempt('ws:// to the MQTT port', "ws://127.0.0.1:{$broker->port}/mqtt");

// An HTTP server that is not a WebSocket endpoint answers the upgrade with 404.
$http = stream_socket_server('tcp://127.0.0.1:0');
$httpPort = (int)substr(stream_socket_get_name($http, false), strrpos(stream_socket_get_name($http, false), ':') + 1);
$pid = pcntl_fork();
if ($pid === 0) {
    $conn = stream_socket_accept($http, 10);
    if ($conn) { fread($conn, 4096); fwrite($conn, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"); fclose($conn); }
    posix_kill(posix_getpid(), SIGKILL); // no destructors: the broker belongs to the parent
}
attempt('HTTP server without WebSockets', "ws://127.0.0.1:$httpPort/wrong/path");
pcntl_waitpid($pid, $status);

// A dead first server, then a ws:// one.
$dead = mqtt_free_port();
$c = new Mqtt\Client('127.0.0.1', $dead, ['servers' => ["ws://127.0.0.1:$ws"], 'connect_timeout' => 5.0]);
$c->connect();
echo "servers: failed over to ws://: ", var_export($c->isConnected(), true), "\n";
$c->disconnect();

foreach (['ws://127.0.0.1/a b', 'wss://127.0.0.1/#frag'] as $bad) {
    try { new Mqtt\Client($bad); echo "$bad accepted?!\n"; }
    catch (\ValueError $e) { echo "ValueError: ", $e->getMessage(), "\n"; }
}
foreach (['ws://broker.example', 'wss://broker.example', 'ws://broker.example:8083/mqtt'] as $uri) {
    $info = (new Mqtt\Client($uri))->__debugInfo();
    echo "$uri: port ", $info['port'], "\n";
}
$tcp->disconnect();
?>
--EXPECT--
ws: QoS 1 publish acknowledged, TCP subscriber got ws/ws the same 300 KiB
ws: got the TCP client's QoS 2 message: 'reply'
wss: QoS 1 publish acknowledged, TCP subscriber got ws/wss the same 300 KiB
wss: got the TCP client's QoS 2 message: 'reply'
ws-port-argument: QoS 1 publish acknowledged, TCP subscriber got ws/ws-port-argument the same 300 KiB
ws-port-argument: got the TCP client's QoS 2 message: 'reply'
wss without the CA: Mqtt\ConnectionException: the broker's certificate is not signed by a trusted CA (set tls.ca_file)
wss, verify_peer off: connected
ws:// to the wss port: Mqtt\ConnectionException: the WebSocket upgrade failed: Connection reset by peer (os error 104) (is this a WebSocket listener without TLS?)
ws:// to the MQTT port: Mqtt\ConnectionException: the WebSocket upgrade failed: Connection reset by peer (os error 104) (is this a WebSocket listener without TLS?)
HTTP server without WebSockets: Mqtt\ConnectionException: the server answered the WebSocket upgrade with HTTP 404 Not Found (wrong path or not a WebSocket listener?)
servers: failed over to ws://: true
ValueError: the WebSocket path must not contain whitespace (U+0020)
ValueError: a WebSocket URI takes no #fragment
ws://broker.example: port 80
wss://broker.example: port 443
ws://broker.example:8083/mqtt: port 8083
