--TEST--
Topics, filters, will topics, client ids and user names with code points MQTT forbids in UTF-8 strings (U+0000, controls U+0001-U+001F and U+007F-U+009F, noncharacters) are a \ValueError naming the code point; the connection stays up
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$c = mqtt_client(['timeout' => 2.0, 'connect_timeout' => 2.0]);
$c->connect();
$base = mqtt_topic('cp');
$try = function (string $what, callable $call) {
    try {
        $call();
        echo "$what: accepted\n";
    } catch (\ValueError $e) {
        echo "$what: ValueError: {$e->getMessage()}\n";
    }
};
foreach (["\x01", "\x1f", "\x7f", "\u{80}", "\u{9f}", "\u{fdd0}", "\u{fdef}", "\u{fffe}", "\u{ffff}", "\u{1fffe}", "\u{10ffff}"] as $cp) {
    $topic = "$base/a{$cp}b";
    $try('publish', fn() => $c->publish($topic, 'x', 1));
}
$bad = "$base/a\u{ffff}b";
$try('publishAsync', fn() => $c->publishAsync($bad, 'x', 1));
$try('subscribe', fn() => $c->subscribe("$base/+/a\x01b", 1));
$try('unsubscribe', fn() => $c->unsubscribe("$base/\u{fdd0}/#"));
$try('new Message', fn() => new Mqtt\Message("a\x7fb"));
$try('topicMatches', fn() => Mqtt\Message::topicMatches('#', "a\u{9f}"));
$try('will topic', fn() => mqtt_client(['will' => ['topic' => "w\u{fffe}"]]));
$try('client_id', fn() => mqtt_client(['client_id' => "id\x1b[0m"]));
$try('client_id NUL', fn() => mqtt_client(['client_id' => "id\0"]));
$try('username', fn() => mqtt_client(['username' => "user\u{85}"]));

// The broker never saw any of them: the connection is still up, and what MQTT allows goes through.
var_dump($c->isConnected());
$ok = "$base/\u{a0}\u{fdcf}\u{fdf0}\u{fffd}\u{1f600}\u{10fffd}";
$c->subscribe($ok, 1);
var_dump($c->publish($ok, 'allowed', 1) > 0);
$m = $c->receive(2.0);
var_dump($m?->topic === $ok, $m?->payload);
$c->disconnect();
?>
--EXPECT--
publish: ValueError: topic must not contain a control character (U+0001)
publish: ValueError: topic must not contain a control character (U+001F)
publish: ValueError: topic must not contain a control character (U+007F)
publish: ValueError: topic must not contain a control character (U+0080)
publish: ValueError: topic must not contain a control character (U+009F)
publish: ValueError: topic must not contain a noncharacter (U+FDD0)
publish: ValueError: topic must not contain a noncharacter (U+FDEF)
publish: ValueError: topic must not contain a noncharacter (U+FFFE)
publish: ValueError: topic must not contain a noncharacter (U+FFFF)
publish: ValueError: topic must not contain a noncharacter (U+1FFFE)
publish: ValueError: topic must not contain a noncharacter (U+10FFFF)
publishAsync: ValueError: topic must not contain a noncharacter (U+FFFF)
subscribe: ValueError: topic filter must not contain a control character (U+0001)
unsubscribe: ValueError: topic filter must not contain a noncharacter (U+FDD0)
new Message: ValueError: topic must not contain a control character (U+007F)
topicMatches: ValueError: topic must not contain a control character (U+009F)
will topic: ValueError: option "will" topic must not contain a noncharacter (U+FFFE)
client_id: ValueError: option "client_id" must not contain a control character (U+001B)
client_id NUL: ValueError: option "client_id" must not contain the null character (U+0000)
username: ValueError: option "username" must not contain a control character (U+0085)
bool(true)
bool(true)
bool(true)
string(7) "allowed"
