<?php
// MQTT 5 request/response: a responder answers requests on "rpc/time" at the response topic
// each request names, with the request's correlation data so the requester knows which answer
// is whose. Both run in one process here; in real use they are two services.
// Usage: php -d extension=mqtt.so examples/request-response.php [host] [port]
$host = $argv[1] ?? '127.0.0.1';
$port = (int)($argv[2] ?? 1883);
$v5 = ['protocol' => Mqtt\Client::MQTT_5, 'timeout' => 5.0];

$responder = new Mqtt\Client($host, $port, $v5);
$responder->connect();
$responder->subscribe('rpc/time', 1, function (Mqtt\Message $request) use ($responder) {
    $p = $request->properties;
    if (!isset($p['response_topic'])) {
        return; // nobody to answer
    }
    $answer = json_encode(['now' => date(DATE_ATOM), 'tz' => $request->payload]);
    $responder->publish($p['response_topic'], $answer, 1, false, [
        'correlation_data' => $p['correlation_data'] ?? '',
        'content_type' => 'application/json',
    ]);
});

$requester = new Mqtt\Client($host, $port, $v5);
$requester->connect();
$inbox = 'rpc/replies/' . bin2hex(random_bytes(4));   // this requester's own reply topic
$requester->subscribe($inbox, 1);

$pending = [];
foreach (['UTC', 'Europe/Paris'] as $tz) {
    $id = random_bytes(8);                              // binary is fine: it comes back byte for byte
    $pending[$id] = $tz;
    $requester->publish('rpc/time', $tz, 1, false, [
        'response_topic' => $inbox,
        'correlation_data' => $id,
        'message_expiry_interval' => 30,                // a stale request is not worth answering
    ]);
}

while ($pending) {
    $responder->loop(0.1);                              // the responder's callback runs here
    $reply = $requester->receive(0.1);
    if ($reply === null) {
        continue;
    }
    $id = $reply->properties['correlation_data'] ?? '';
    if (isset($pending[$id])) {
        printf("%s -> %s (%s)\n", $pending[$id], $reply->payload, $reply->properties['content_type']);
        unset($pending[$id]);
    }
}
$requester->disconnect();
$responder->disconnect();
