<?php

/**
 * IDE stubs for the `mqtt` PHP extension (an MQTT client written in Rust).
 *
 * This file only describes the classes that the extension registers, for IDEs and static
 * analysers (PhpStorm, Intelephense, Psalm, PHPStan). It is never loaded at run time and must not
 * be: the classes come from the extension, and including this file where the extension is loaded
 * fails with "Cannot declare class Mqtt\Client, because the name is already in use".
 * tests-php/stubs_match_extension.phpt checks that it matches the built extension.
 *
 * Conventions of the whole API: durations are float seconds; an invalid *value* raises
 * \ValueError, a wrong *type* raises \TypeError; whatever goes wrong on the network or at the
 * broker raises a subclass of {@see \Mqtt\Exception}. Arguments are typed as declared here and
 * converted as PHP converts them for a userland function with these signatures: numeric strings
 * for int and float parameters, scalars for string and bool ones in coercive typing mode; only
 * the exact type (an int for a float) where the calling file declares `strict_types=1`; null
 * only where the type says `?`. Every blocking call has a timeout and lets
 * pcntl signal handlers, max_execution_time and Ctrl-C through while it waits.
 *
 * Topics, topic filters, client ids and user names go to the broker as MQTT "UTF-8 encoded
 * strings": valid UTF-8 without U+0000, without the control characters U+0001..U+001F and
 * U+007F..U+009F and without noncharacters (U+FDD0..U+FDEF, U+FFFE, U+FFFF and the last two
 * code points of every other plane). Anything else is refused locally with a \ValueError naming
 * the code point, since a broker may drop the connection over it. A password is binary data.
 *
 * Keep in step with the extension (src/php/*.rs): this file is the API reference.
 *
 * Use: PhpStorm and Intelephense index it from vendor/ by themselves (composer package
 * phpmqtt-rs/mqtt, which does not autoload it); PHPStan: `scanFiles:` in phpstan.neon; Psalm:
 * `<stubs><file name="..."/></stubs>` in psalm.xml.
 */

namespace Mqtt;

/**
 * An MQTT 3.1.1 / 5 client connection.
 *
 * ```php
 * $client = new Mqtt\Client('broker.example.org', 1883, ['client_id' => 'sensor-1']);
 * $client->connect();
 * $client->subscribe('sensors/+/temp', 1, function (Mqtt\Message $m): void {
 *     echo "{$m->topic}: {$m->payload}\n";
 * });
 * $client->publish('sensors/1/temp', '21.5', 1);  // returns once PUBACK arrived
 * $client->loopForever();
 * ```
 *
 * Callbacks run only inside {@see Client::loop()}, {@see Client::loopForever()},
 * {@see Client::receive()} and {@see Client::flush()} (and the onDisconnect callback inside
 * {@see Client::disconnect()}), on the PHP thread; an exception thrown by a callback stops the
 * loop and propagates to the caller of that method.
 *
 * `var_dump()` / `print_r()` show host, port, client id, user name, protocol, persistence and
 * connection state; never the password.
 */
final class Client
{
    /** Protocol level of MQTT 3.1.1, for the `protocol` option. */
    public const MQTT_3_1_1 = 4;

    /** Protocol level of MQTT 5, for the `protocol` option. */
    public const MQTT_5 = 5;

    /**
     * Creates a client; does not connect (see {@see Client::connect()}).
     *
     * `$host` is a host name or IP address, or a URI `mqtt://`, `mqtts://`, `ws://` or `wss://`
     * with optional `user:pass@` (percent-encoded), port and, for WebSockets, path (and query).
     * A port in the URI wins over `$port`; without one, `mqtts://` uses 8883, `ws://` 80 and
     * `wss://` 443 unless `$port` is given (anything other than 1883). A WebSocket URI without a
     * path uses `/mqtt` (EMQX, HiveMQ and VerneMQ serve it there; mosquitto takes any path). Credentials
     * in the URI are used unless the options set them.
     *
     * Options (all optional; an unknown key or a bad value raises \ValueError naming the key):
     *
     * | key                   | type           | default                        | meaning |
     * |-----------------------|----------------|--------------------------------|---------|
     * | `client_id`           | string         | unique per process and object  | MQTT client identifier (an MQTT string, see above); a generated one includes the process id. '' lets the broker choose (only with `clean_session` true). |
     * | `username`            | string         | none                           | user name (an MQTT string, see above) |
     * | `password`            | string         | none                           | password (needs `username`); binary data, NUL bytes allowed; never shown by var_dump, print_r, exceptions or logs |
     * | `protocol`            | int            | 4                              | {@see Client::MQTT_3_1_1} or {@see Client::MQTT_5}; the MQTT 5 settings below (`session_expiry`, `properties`, will `properties`, publish properties, subscription options) are a \ValueError on 3.1.1, never dropped |
     * | `keep_alive`          | int            | 60                             | seconds, 0..65535; 0 disables |
     * | `clean_session`       | bool           | true                           | MQTT 3.1.1 clean session / MQTT 5 clean start |
     * | `session_expiry`      | int            | 0                              | MQTT 5 session expiry interval, seconds: how long the broker keeps the session (subscriptions, queued messages) after a disconnect; 0 ends it at disconnect, so an offline consumer under MQTT 5 needs `clean_session` false and a `session_expiry` |
     * | `connect_timeout`     | float          | 10.0 (ini mqtt.default_connect_timeout) | connect() gives up after this many seconds |
     * | `timeout`             | float          | 10.0 (ini mqtt.default_timeout) | every other blocking call gives up after this many seconds; belongs to this client object, also when it shares a persistent connection |
     * | `will`                | array          | none                           | last will: `topic` (required), `payload`, `qos`, `retain`, `properties` (MQTT 5: the publish properties of {@see Message::$properties} and `will_delay_interval`, seconds) |
     * | `tls`                 | bool or array  | false (true for mqtts, wss)    | TLS through the system's OpenSSL, for every broker of this client (also over WebSockets: wss): true (the system's CA store), or an array: `ca_file` (PEM bundle; then only these CAs are trusted), `ca_path` (directory of *.pem/*.crt), `cert_file` + `key_file` (client certificate and its key, PEM: PKCS#8, PKCS#1 or SEC1), `key_password` (for an encrypted key; never shown), `server_name` (the name the broker's certificate must carry and the SNI sent, when it is not the host connected to, for example an IP address), `verify_peer` (default true; false only for test brokers), `verify_hostname` (default true), `alpn` (string or list), `min_version` ('1.2' default, '1.1', '1.0'). A certificate problem is a ConnectionException that says what failed (not signed by a trusted CA, name mismatch, expired, client certificate refused) |
     * | `servers`             | list of string | none                           | brokers to fail over to, after the constructor's: `host`, `host:port` or a URI with its own scheme (`mqtt://`, `mqtts://`, `ws://host:port/path`, `wss://…`; credentials go in `username`/`password`); with the `tls` option every server is reached over TLS; tried in order on connect() (each within `connect_timeout`) and on every reconnect, backing off after a whole round; when all fail, the ConnectionException names each server and why |
     * | `reconnect`           | bool           | true                           | reconnect with exponential backoff (with jitter) after a lost connection, resubscribing; the delay starts over only after a connection stayed up 10 s |
     * | `reconnect_delay`     | float          | 0.1                            | first backoff delay, seconds |
     * | `reconnect_max_delay` | float          | 30.0                           | largest backoff delay, seconds (not below `reconnect_delay`) |
     * | `max_inflight`        | int            | 100                            | unacknowledged QoS 1/2 publishes in flight, 1..65535 |
     * | `max_packet_size`     | int            | 262144 (256 KiB)               | largest incoming packet, bytes; a larger one ends the connection for good (no reconnect: it would come again), {@see Client::onDisconnect()} gets the reason and the next call throws it (outgoing: 256 MiB, header included) |
     * | `ack`                 | string         | 'auto'                         | 'auto' acknowledges QoS 1/2 messages on receipt; 'manual' only once the callback that handled the message returned without throwing, or on {@see Client::ack()}; acknowledgements go out as handlers return, and disconnect() sends those still owed first |
     * | `persistent`          | bool or string | false                          | keep the connection open across requests of this worker process (PHP-FPM), like phpredis pconnect; a string names the connection |
     * | `logger`              | object         | none                           | any object with a PSR-3 `log($level, $message, array $context)` method (psr/log not needed): gets 'info' connecting/connected/reconnecting/disconnected, 'warning' connection lost, 'error' failures, never a password; called on the PHP thread, during this client's calls |
     * | `properties`          | array          | []                             | MQTT 5 CONNECT properties: `receive_maximum` (1..65535, how many QoS 1/2 messages the broker may send before we acknowledge), `topic_alias_maximum`, `request_response_information` (bool), `request_problem_information` (bool), `user_properties` (as in {@see Message::$properties}) |
     *
     * A persistent connection is keyed by host, port, user name, client id and the persistent
     * name: a later request of the same worker that builds an equal client gets the open
     * connection (with its session and subscriptions) without a new CONNECT, provided every
     * connection setting matches too: password, will, `protocol`, `ack`, `clean_session`,
     * `session_expiry`, `keep_alive`, `reconnect`, `reconnect_delay`, `reconnect_max_delay`,
     * `max_inflight`, `max_packet_size`, the WebSocket path, `tls` and `servers` (otherwise the old connection is closed and a new one
     * opened). `timeout` and `connect_timeout` are not part of it: each client keeps its own.
     * Callbacks never outlive the request that set them.
     *
     * Under MQTT 5 the broker's CONNACK limits are kept: its receive maximum bounds the QoS 1/2
     * messages in flight (with `max_inflight`), and a publish above its maximum QoS (a
     * ProtocolException, code 0x9b), its maximum packet size (a \ValueError) or retained where
     * it has no retain support (ProtocolException, 0x9a) is refused before it is sent.
     *
     * @param string $host host name, IP address or URI of the broker
     * @param int $port TCP port, 1..65535 (a port in a `$host` URI wins)
     * @param array<string, mixed> $options see the table above
     *
     * @throws \ValueError on a bad host (a NUL byte or a control character in it among others), port,
     *   unknown option key or bad option value
     */
    public function __construct(#[\SensitiveParameter] string $host = '127.0.0.1', int $port = 1883, #[\SensitiveParameter] array $options = []) {}

    /**
     * Connects and blocks until the broker's CONNACK (at most the `connect_timeout` option).
     * Does nothing when already connected. With `persistent`, reuses this worker's open
     * connection when there is one.
     *
     * @throws ConnectionException when the broker cannot be reached, refuses the connection, or
     *   no CONNACK arrives within `connect_timeout`; on a refusal getCode() is the broker's
     *   return / reason code (5 = not authorized in MQTT 3.1.1) and the message says it in words
     */
    public function connect(): void {}

    /**
     * Waits (up to the `timeout` option) until queued publishes are written or acknowledged, then
     * sends DISCONNECT (so the broker does not publish the will) and closes the connection, also
     * a persistent one. Makes a running {@see Client::loopForever()} return. Does nothing when not
     * connected. Calls the {@see Client::onDisconnect()} callback with null before it returns
     * (also when it throws a TimeoutException; an exception thrown by that callback propagates).
     *
     * A non-persistent client destroyed while connected (unset, end of script, exit(), the cycle
     * collector) does the same, without calling any callback.
     *
     * @throws TimeoutException when queued publishes were still unacknowledged after `timeout`
     *   (DISCONNECT is sent and the connection closed all the same)
     * @throws Exception when the connection fails meanwhile
     */
    public function disconnect(): void {}

    /** Whether the client is connected now (false while it is reconnecting). */
    public function isConnected(): bool {}

    /**
     * Publishes a message and blocks until it is done: QoS 0 returns 0 once the packet is written;
     * QoS 1 returns the packet id once PUBACK arrives; QoS 2 once PUBCOMP arrives. A return is
     * never given for a message that the broker did not acknowledge.
     *
     * @param string $topic non-empty, without `+` or `#`, at most 65535 bytes; an MQTT string (see the top of this file)
     * @param string $payload binary-safe message body
     * @param int $qos 0, 1 or 2
     * @param bool $retain whether the broker keeps it as the topic's retained message
     * @param array<string, mixed> $properties MQTT 5 publish properties: the keys of
     *   {@see Message::$properties} except `subscription_identifiers` and `topic_alias`, which
     *   the broker sets; `user_properties` may also be `[name => value]`
     * @return int 0 for QoS 0, the packet id for QoS 1 and 2
     *
     * @throws \ValueError on an invalid topic, a qos outside 0..2, a bad or unknown property (or
     *   any property under MQTT 3.1.1), or a message that does not fit in an MQTT packet of at
     *   most 256 MiB or the broker's maximum packet size (topic, packet id and header included);
     *   nothing is sent
     * @throws ConnectionException when not connected or the connection is lost
     * @throws TimeoutException when the acknowledgement does not arrive within the `timeout` option
     *   (the message says whether it was sent at all)
     * @throws ProtocolException when the broker rejects the message (MQTT 5 reason code >= 0x80,
     *   for example 0x87 not authorized by an ACL; getCode() is it and the message has the
     *   broker's reason string); the client stays connected. 0x10 "no matching subscribers" is
     *   a success
     */
    public function publish(string $topic, string $payload, int $qos = 0, bool $retain = false, array $properties = []): int {}

    /**
     * Queues a message and returns at once; {@see Client::flush()} waits for the queued messages
     * and {@see Client::onPublish()} reports each acknowledgement.
     *
     * @param string $topic non-empty, without `+` or `#`, at most 65535 bytes; an MQTT string (see the top of this file)
     * @param string $payload binary-safe message body
     * @param int $qos 0, 1 or 2
     * @param bool $retain whether the broker keeps it as the topic's retained message
     * @param array<string, mixed> $properties MQTT 5 publish properties
     *
     * @throws \ValueError on an invalid topic, a qos outside 0..2 or a payload above the maximum packet size
     * @throws ConnectionException when not connected
     * @throws TimeoutException when the message cannot be handed over within the `timeout` option
     *   (too many QoS 2 publishes in flight)
     */
    public function publishAsync(string $topic, string $payload, int $qos = 0, bool $retain = false, array $properties = []): void {}

    /**
     * Waits until every message queued by {@see Client::publishAsync()} is acknowledged (or
     * written, for QoS 0) and returns how many completed, then runs the callbacks for what has
     * arrived, among them {@see Client::onPublish()}.
     *
     * @param float|null $timeout seconds, >= 0 (a huge one waits as long as it takes); null: the
     *   `timeout` option
     * @return int how many queued publishes completed
     *
     * @throws TimeoutException when some are still waiting after `$timeout`, saying how many
     * @throws ConnectionException|ProtocolException when some publishes can never complete
     *   (connection lost, broker rejection), naming how many were lost
     * @throws \ValueError on a negative or non-finite timeout
     */
    public function flush(?float $timeout = null): int {}

    /**
     * Subscribes and blocks until SUBACK; returns the QoS the broker granted.
     *
     * `$callback(Message $m)` receives the messages matching `$filter` (a message matching several
     * subscriptions with callbacks goes to each); messages matching no subscription callback go to
     * {@see Client::onMessage()}. Subscribing again to the same filter replaces its callback.
     *
     * @param string $filter a topic filter (`+` and `#` wildcards by MQTT rules); `$share/group/filter`
     *   subscribes to a shared subscription
     * @param int $qos maximum QoS, 0..2
     * @param callable(Message): void|null $callback handler for this filter's messages
     * @param array<string, mixed> $options MQTT 5 subscription options: `no_local` (bool: not our
     *   own messages), `retain_as_published` (bool: keep the retain flag of live messages),
     *   `retain_handling` (0: retained messages at every subscribe, 1: only for a new
     *   subscription, 2: never), `properties` (`subscription_identifier` 1..268435455, sent back
     *   in each matching message's `subscription_identifiers`; `user_properties`). A \ValueError
     *   under MQTT 3.1.1
     * @return int the granted QoS, 0..2
     *
     * @throws \ValueError on an invalid filter or a qos outside 0..2
     * @throws \TypeError when `$callback` is not callable
     * @throws ConnectionException when not connected or the connection is lost
     * @throws TimeoutException when no SUBACK arrives within the `timeout` option
     * @throws ProtocolException when the broker refuses the filter (getCode() is its reason code)
     */
    public function subscribe(string $filter, int $qos = 0, ?callable $callback = null, array $options = []): int {}

    /**
     * Unsubscribes, blocks until UNSUBACK and forgets the filter's callback.
     *
     * @throws \ValueError on an invalid filter
     * @throws ConnectionException when not connected or the connection is lost
     * @throws TimeoutException when no UNSUBACK arrives within the `timeout` option
     * @throws ProtocolException when an MQTT 5 broker refuses it (getCode() is its reason code;
     *   0x11 "no subscription existed" is not a refusal)
     */
    public function unsubscribe(string $filter): void {}

    /**
     * Sets (null: removes) the handler of messages that match no subscription callback:
     * `fn(Message $message): void`.
     *
     * @param callable(Message): void|null $callback
     * @throws \TypeError when `$callback` is not callable
     */
    public function onMessage(?callable $callback): void {}

    /**
     * Sets (null: removes) the handler called after each CONNACK, also after a reconnect:
     * `fn(bool $sessionPresent): void` — whether the broker kept a session for this client id.
     *
     * @param callable(bool): void|null $callback
     * @throws \TypeError when `$callback` is not callable
     */
    public function onConnect(?callable $callback): void {}

    /**
     * Sets (null: removes) the handler called when the connection ends:
     * `fn(?string $error): void` — the reason in words when the connection was lost (called from
     * the loop, like every callback), null when it was closed on request (called during
     * {@see Client::disconnect()} itself, since no loop runs after it).
     *
     * @param callable(?string): void|null $callback
     * @throws \TypeError when `$callback` is not callable
     */
    public function onDisconnect(?callable $callback): void {}

    /**
     * Sets (null: removes) the handler called for each completed publish (acknowledged, or
     * written for QoS 0) during {@see Client::flush()} and {@see Client::loop()}:
     * `fn(int $mid): void` — the packet id of the completed publish.
     *
     * @param callable(int): void|null $callback
     * @throws \TypeError when `$callback` is not callable
     */
    public function onPublish(?callable $callback): void {}

    /**
     * Runs the callbacks for what has arrived; when nothing has, waits up to `$timeout` seconds
     * for an event that runs a callback (events no callback listens to do not end the wait).
     * Returns how many callbacks ran. A closed connection still hands out what it received,
     * including its onDisconnect event; then this loop() and every later one throws.
     *
     * @param float $timeout seconds to wait when nothing is there yet, >= 0; 0 does not wait; a
     *   huge one (1e20) waits as long as it takes
     * @return int how many callbacks ran
     *
     * @throws ConnectionException when not connected
     * @throws \ValueError on a negative or non-finite timeout
     * @throws \Throwable whatever a callback threw (with `ack` = 'manual' that message stays unacknowledged)
     */
    public function loop(float $timeout = 0.0): int {}

    /**
     * Runs callbacks until {@see Client::exitLoop()} (from a callback or a signal handler),
     * {@see Client::disconnect()}, or an unrecoverable error. Lost connections are re-established
     * meanwhile when the `reconnect` option is on.
     *
     * @throws ConnectionException when the connection is lost and cannot be re-established
     * @throws \Throwable whatever a callback threw
     */
    public function loopForever(): void {}

    /** Makes {@see Client::loopForever()} return after the current callback. */
    public function exitLoop(): void {}

    /**
     * Returns the next message without running callbacks, or null when none arrives in time.
     *
     * @param float|null $timeout seconds, >= 0 (a huge one waits as long as it takes); null: the
     *   `timeout` option
     *
     * @throws ConnectionException when not connected, or once the connection is lost (with
     *   `reconnect` off) and the messages it received are taken: never null for ever
     * @throws \ValueError on a negative or non-finite timeout
     */
    public function receive(?float $timeout = null): ?Message {}

    /**
     * Acknowledges a QoS 1/2 message received with the `ack` option 'manual'. Does nothing for a
     * QoS 0 message, with `ack` = 'auto' and for a message built by the script. Never blocks:
     * acknowledgements go out in arrival order, as MQTT requires. A message freed without ack()
     * stays unacknowledged (the broker redelivers it after a reconnect that keeps the session)
     * and does not hold back the acknowledgements of later messages.
     *
     * @throws \ValueError when the message was received on another connection
     * @throws ConnectionException when not connected
     */
    public function ack(Message $message): void {}

    /**
     * Counters of this client.
     *
     * @return array{connected: bool, inflight: int, queued: int, published: int, received: int, reconnects: int}
     */
    public function stats(): array {}

    /**
     * What var_dump() and print_r() show: host, port, client_id, username, protocol, persistent,
     * connected. Never the password.
     *
     * @return array<string, mixed>
     */
    public function __debugInfo(): array {}
}

/**
 * An MQTT message: one received by a {@see Client}, or built by the script. Read-only: writing,
 * modifying or unsetting a property throws \Error, as for any readonly property.
 */
final class Message
{
    /** The topic it was published to. */
    public readonly string $topic;

    /** The body; binary-safe. */
    public readonly string $payload;

    /** Quality of service, 0..2. */
    public readonly int $qos;

    /** Whether it is a retained message (sent from the broker's store when subscribing). */
    public readonly bool $retain;

    /** Whether the broker marked it as a redelivery. */
    public readonly bool $dup;

    /** The packet id (0 for QoS 0 and for messages built by the script). */
    public readonly int $mid;

    /**
     * MQTT 5 properties that came with the message, [] otherwise (always [] under MQTT 3.1.1).
     * Keys, present only when set: `payload_format_indicator` (0 bytes, 1 UTF-8 text),
     * `message_expiry_interval` (seconds left), `content_type`, `response_topic`,
     * `correlation_data` (binary string, byte for byte), `user_properties` (list of
     * `[name, value]` pairs, order and repeats kept), `subscription_identifiers` (list of int),
     * `topic_alias` (the alias the broker used; the topic is always filled in).
     *
     * @var array<string, mixed>
     */
    public readonly array $properties;

    /**
     * Builds a message (for tests, or to hand to your own handlers).
     *
     * @param string $topic non-empty, without `+` or `#`, at most 65535 bytes; an MQTT string (see the top of this file)
     * @param string $payload binary-safe body
     * @param int $qos 0, 1 or 2
     * @param bool $retain the retain flag
     * @param array<string, mixed> $properties MQTT 5 properties (see {@see Message::$properties})
     *
     * @throws \ValueError on an invalid topic or a qos outside 0..2
     */
    public function __construct(string $topic, string $payload = '', int $qos = 0, bool $retain = false, array $properties = []) {}

    /**
     * Whether `$topic` matches the subscription filter `$filter` by MQTT rules (`+` one level,
     * `#` the rest; topics starting with `$` match no leading wildcard).
     *
     * ```php
     * Mqtt\Message::topicMatches('sensors/+/temp', 'sensors/1/temp'); // true
     * ```
     *
     * @throws \ValueError when `$filter` is no valid topic filter, or `$topic` no valid topic name
     *   (empty, with `+` or `#`, or not an MQTT string)
     */
    public static function topicMatches(string $filter, string $topic): bool {}
}

/**
 * Base class of everything that goes wrong on the network or at the broker. Also thrown as such
 * when a wait is interrupted (a signal handler threw, or the time limit expired).
 */
class Exception extends \RuntimeException {}

/**
 * Cannot connect, the broker refused the connection (getCode() is its return / reason code), not
 * connected, or the connection was lost.
 */
class ConnectionException extends Exception {}

/** A blocking call ran past its timeout. */
class TimeoutException extends Exception {}

/** The broker rejected something; getCode() is the MQTT reason code. */
class ProtocolException extends Exception {}
