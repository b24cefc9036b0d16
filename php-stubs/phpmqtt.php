<?php

/**
 * IDE stubs for the phpMQTT class built into the `mqtt` extension: the API of the
 * bluerhinos/phpMQTT library, run by the extension's MQTT engine.
 *
 * Never load this file: the class comes from the extension. Scripts written for phpMQTT keep
 * working unchanged; what changes is that QoS 1 and 2 are real (publishes wait for the broker's
 * acknowledgement, received messages are acknowledged and reach callbacks without a packet id),
 * topic filters match by the MQTT rules, and client ids, user names and passwords may have any
 * length MQTT allows. Replace the old phpMQTT.php that scripts require with the compat/phpMQTT.php
 * of this package (it loads nothing), or, with Composer, require this package instead of
 * bluerhinos/phpmqtt.
 *
 * Unlike Mqtt\Client, this class never throws for network trouble: connect() returns false,
 * publish() and subscribe() raise a warning, as the original's socket functions did.
 * tests-php/stubs_match_extension.phpt checks that this file matches the built extension.
 */

namespace Bluerhinos {

    /**
     * An MQTT 3.1.1 client with the interface of bluerhinos/phpMQTT. Also available as the global
     * class `phpMQTT` (the same class under a second name).
     */
    class phpMQTT
    {
        /** Keep-alive interval in seconds sent at connect(); the extension sends the pings itself. */
        public $keepalive = 10;

        /** Unix time at which the connection was last known to be alive (connect(), ping(), proc()). */
        public $timesinceping;

        /**
         * The subscriptions: topic filter => ['qos' => int, 'function' => callable]. subscribe()
         * merges into it; proc() calls the `function` of every filter a message matches, in this
         * order. Scripts may change it directly.
         */
        public $topics = [];

        /** When true, the methods echo trace lines ("<date>: Connected to Broker") to the output. */
        public $debug = false;

        /** Broker host name or IP address. */
        public $address;

        /** Broker TCP port. */
        public $port;

        /** Client id sent at connect(); "" lets the broker's session be anonymous and clean. */
        public $clientid;

        /**
         * The will: ['topic' => string, 'content' => string, 'qos' => int, 'retain' => bool],
         * published by the broker if the connection dies without disconnect(); null for none.
         */
        public $will;

        /**
         * Path of a CA file (PEM): connect() then uses TLS and trusts that CA. A handshake that
         * fails makes connect() return false (saying why when $debug is true); it never falls
         * back to clear text.
         */
        public $cafile;

        /** User name sent at connect(); null or "" for none. */
        public $username;

        /** Password sent at connect(); null or "" for none. */
        public $password;

        /** Sets the broker's address, port and client id, and the CA file; no network I/O. */
        public function __construct($address, $port, $clientid, $cafile = null) {}

        /** Sets the same four properties as the constructor; no network I/O. */
        public function broker($address, $port, $clientid, $cafile = null): void {}

        /**
         * Connects and waits for the broker's CONNACK. Arguments that are not empty replace the
         * $will, $username and $password properties; properties set before are used otherwise.
         *
         * @param bool $clean start a clean session (false: the broker keeps subscriptions and
         *                    QoS 1/2 messages for this client id while it is away)
         * @param array|null $will see {@see phpMQTT::$will}
         * @return bool true once the broker accepted the connection; false when it refused it,
         *              could not be reached, or the TLS handshake failed. Never throws.
         */
        public function connect($clean = true, $will = null, $username = null, #[\SensitiveParameter] $password = null): bool {}

        /** Like connect(), but tries again every 10 seconds until it succeeds; returns true. */
        public function connect_auto($clean = true, $will = null, $username = null, #[\SensitiveParameter] $password = null): bool {}

        /**
         * Publishes a message. QoS 1 returns once the broker's PUBACK came, QoS 2 once the
         * exchange completed (PUBCOMP). Failures (not connected, no acknowledgement in time) raise a
         * warning.
         */
        public function publish($topic, $content, $qos = 0, $retain = false): void {}

        /**
         * Subscribes to every filter of `$topics` (filter => ['qos' => int, 'function' =>
         * callable], the callable taking ($topic, $payload)) and merges them into $this->topics.
         * Each filter carries its own QoS; `$qos` is accepted for compatibility and not used.
         */
        public function subscribe($topics, $qos = 0): void {}

        /**
         * Subscribes to `$topic` and waits for a message on it; returns its payload. Messages on
         * other subscriptions that arrive meanwhile go to their callbacks.
         */
        public function subscribeAndWaitForMessage($topic, $qos): string {}

        /**
         * Handles the next message that has arrived: calls the `function` of every filter of
         * $this->topics it matches, then acknowledges it (QoS 1/2). When nothing has arrived and
         * `$loop` is true, waits up to about 100 ms for a message. Use as `while ($mqtt->proc()) {}`.
         *
         * @return bool|string true; the payload when a subscribeAndWaitForMessage() filter
         *                     matched; false (with a warning) when not connected
         */
        public function proc($loop = true): mixed {}

        /** Records the time in $timesinceping; the extension pings the broker by itself. */
        public function ping(): void {}

        /** Sends what is queued, then DISCONNECT, and closes the connection (no will). */
        public function disconnect(): void {}

        /** The same as disconnect(). */
        public function close(): void {}

        /**
         * Handles the body of a PUBLISH packet given as a string (2-byte topic length, topic,
         * payload) as if it had arrived. Returns the payload for a subscribeAndWaitForMessage()
         * filter, else whether a filter matched.
         */
        public function message($msg): mixed {}

        /** Kept for scripts that call it: there is no socket to read, it returns "". */
        public function read($int = 8192, $nb = false): string {}

        /** Prints a string byte by byte: offset, bits, hex and the character. */
        public function printstr($string): void {}
    }
}

namespace {
    // The global name of the same class, as older copies of phpMQTT.php declared it.
    class_alias(\Bluerhinos\phpMQTT::class, 'phpMQTT');
}
