<?php

/**
 * IDE stubs for the Mosquitto-PHP compatible classes of the `mqtt` extension.
 *
 * Scripts written for the Mosquitto-PHP extension (PECL "Mosquitto") run unchanged on this
 * extension: it registers `Mosquitto\Client`, `Mosquitto\Message` and `Mosquitto\Exception` with
 * the same methods, constants and callback arguments, on top of the same engine as `Mqtt\Client`
 * (real QoS 1 and 2, automatic reconnection). The classes are registered while the php.ini
 * setting `mqtt.mosquitto_compat` is On (the default) and the original `mosquitto` extension is
 * not loaded; when it is, the original keeps these names.
 *
 * Differences from the original: connect() waits for the broker's answer and throws on an
 * unreachable broker (with the system's error text, e.g. "Connection refused"); every callback
 * runs inside loop()/loopForever() (onPublish of a QoS 0 message too); setReconnectDelay() and
 * setMaxInFlightMessages() are honoured. TLS goes through the system's OpenSSL: a key protected by
 * a password, cipher lists and TLS-PSK are not offered ("This feature is not supported."). Never loaded at run time (tests-php/stubs_match_extension.phpt checks it).
 */

namespace Mosquitto;

/*
 * Global constants (outside the namespace), the same values as the Client::LOG_* constants:
 * MOSQ_LOG_INFO = 1, MOSQ_LOG_NOTICE = 2, MOSQ_LOG_WARNING = 4, MOSQ_LOG_ERR = 8,
 * MOSQ_LOG_DEBUG = 16.
 */

/**
 * An MQTT 3.1.1 client with the Mosquitto-PHP API. May be extended; cannot be cloned. Requests
 * return their message id (mid) at once, counting from 1 per client; their completion is
 * reported by callbacks that run only inside loop() or loopForever().
 */
class Client
{
    public const LOG_INFO = 1;
    public const LOG_NOTICE = 2;
    public const LOG_WARNING = 4;
    public const LOG_ERR = 8;
    public const LOG_DEBUG = 16;
    public const SSL_VERIFY_NONE = 0;
    public const SSL_VERIFY_PEER = 1;

    /**
     * @param string|null $id client id; null generates one.
     * @param bool $cleanSession false keeps the session at the broker across connections (needs an id).
     * @throws Exception "Invalid function arguments provided." (code 1) for a null id with $cleanSession false.
     */
    public function __construct(?string $id = null, bool $cleanSession = true) {}

    /** $callback(int $rc, string $message): after each CONNACK, e.g. (0, "Connection Accepted."), also after an automatic reconnect. */
    public function onConnect(callable $callback): void {}

    /** $callback(int $rc): 0 when disconnect() was called or the object was destroyed while connected; non-zero when the connection was lost. */
    public function onDisconnect(callable $callback): void {}

    /** $callback(int $level, string $line): the client's log lines; $level is one of the LOG_* constants. */
    public function onLog(callable $callback): void {}

    /** $callback(int $mid, int $qosCount, int $grantedQos): the broker answered subscribe() $mid ($qosCount is 1). */
    public function onSubscribe(callable $callback): void {}

    /** $callback(int $mid): the broker answered unsubscribe() $mid. */
    public function onUnsubscribe(callable $callback): void {}

    /** $callback(Message $message): a message arrived on a subscription. */
    public function onMessage(callable $callback): void {}

    /** $callback(int $mid): publish() $mid completed (QoS 0 written, QoS 1 PUBACK, QoS 2 PUBCOMP). */
    public function onPublish(callable $callback): void {}

    /** User name and password for the next connect(). */
    public function setCredentials(string $username, #[\SensitiveParameter] string $password): void {}

    /** The will message the broker publishes if the connection dies without disconnect(); taken at connect(). */
    public function setWill(string $topic, string $payload, int $qos, bool $retain): void {}

    /** No will for the next connect(). */
    public function clearWill(): void {}

    /**
     * Connects with TLS (from the next connect()), trusting the CA certificates of `$caPath` (a PEM
     * file, or a directory of *.pem / *.crt files), with an optional client certificate and its
     * key (both PEM), and the key's password when it is encrypted. Returns 0.
     *
     * @throws Exception "Invalid function arguments provided." when a file does not exist or only
     *   one of certificate and key is given
     */
    public function setTlsCertificates(?string $caPath, ?string $certPath = null, ?string $keyPath = null, #[\SensitiveParameter] ?string $keyPassword = null): int {}

    /** true: the broker's certificate is still verified, but not its host name. */
    public function setTlsInsecure(bool $value): void {}

    /**
     * Connects with TLS; `$verifyPeer` SSL_VERIFY_NONE skips the broker certificate's checks (test
     * brokers only), SSL_VERIFY_PEER (default) verifies it against the system's CA store or the CA
     * given to setTlsCertificates(). `$tlsVersion` ("tlsv1.2", "tlsv1.1", "tlsv1") is the oldest
     * version accepted. Returns 0.
     *
     * @throws Exception "This feature is not supported." for a cipher list; "Invalid function
     *   arguments provided." for an unknown version
     */
    public function setTlsOptions(int $verifyPeer, ?string $tlsVersion = null, ?string $ciphers = null): int {}

    /** @throws Exception always: "This feature is not supported." (TLS-PSK is not offered). */
    public function setTlsPSK(string $psk, string $identity, ?string $ciphers = null): int {}

    /**
     * Seconds to wait before an automatic reconnection; with $exponentialBackoff the wait doubles
     * up to $maxDelay. Taken at connect().
     */
    public function setReconnectDelay(int $delay, int $maxDelay = 0, bool $exponentialBackoff = false): void {}

    /** Accepted and ignored: the engine resends unacknowledged messages itself. */
    public function setMessageRetry(int $seconds): void {}

    /** How many QoS 1/2 messages may await acknowledgement at once (0: no limit). Taken at connect(). */
    public function setMaxInFlightMessages(int $max): void {}

    /**
     * Connects and waits for the broker's answer; onConnect runs in the next loop(). A refusal
     * (bad credentials...) is reported as onConnect($rc, $message) with $rc 1..5.
     * @return int 0
     * @throws Exception "Lookup error." for an unknown host, the system's text (e.g. "Connection refused") when the broker cannot be reached.
     */
    public function connect(string $host, int $port = 1883, int $keepalive = 60, ?string $interface = null): int {}

    /**
     * Sends DISCONNECT once queued requests completed; onDisconnect(0) runs before it returns, and loopForever() ends.
     * @throws Exception "The client is not currently connected."
     */
    public function disconnect(): void {}

    /**
     * Queues a message and returns its mid at once; onPublish($mid) reports its completion.
     * @throws Exception "Invalid function arguments provided." for a bad QoS or a topic with wildcards; "The client is not currently connected."
     */
    public function publish(string $topic, ?string $payload, int $qos = 0, bool $retain = false): int {}

    /** Queues a subscription and returns its mid; onSubscribe reports the granted QoS. */
    public function subscribe(string $topic, int $qos): int {}

    /** Queues an unsubscription and returns its mid; onUnsubscribe reports it. */
    public function unsubscribe(string $topic): int {}

    /** Runs the callbacks of what has arrived; when nothing has, waits up to $timeout ms for something. $maxPackets is ignored. */
    public function loop(int $timeout = 1000, int $maxPackets = 1): void {}

    /**
     * Runs loop() until exitLoop() or disconnect() is called, a callback throws, or the
     * connection is lost for good ("The connection was lost.").
     */
    public function loopForever(int $timeout = 1000, int $maxPackets = 1): void {}

    /** Makes loopForever() return after the current callback; the connection stays open. */
    public function exitLoop(): void {}

    /** A file descriptor that is readable while work waits for loop() (for event loops); -1 when not connected. */
    public function getSocket(): int {}
}

/** A received message. The properties may be written. */
class Message
{
    /** The packet id (0 for QoS 0). */
    public int $mid = 0;
    public ?string $topic = null;
    /** Binary-safe. */
    public string $payload = '';
    /** The QoS it was delivered at. */
    public int $qos = 0;
    public bool $retain = false;

    public function __construct() {}

    /** Whether $topic matches the subscription $subscription (note the order). */
    public static function topicMatchesSub(string $topic, string $subscription): bool {}

    /** The levels of $topic: '/foo/bar' gives [null, 'foo', 'bar'] (an empty level is null). */
    public static function tokeniseTopic(string $topic): array {}
}

/** What the Mosquitto\Client methods throw, with libmosquitto's texts. */
class Exception extends \Exception
{
}
