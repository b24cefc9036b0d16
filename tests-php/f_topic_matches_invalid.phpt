--TEST--
Mqtt\Message::topicMatches() with an invalid filter or a topic that is no topic name (wildcards, empty), and topics or filters that are not UTF-8 anywhere: \ValueError
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
$try = function (string $what, callable $call) {
    try {
        $r = $call();
        echo "$what: ", var_export($r, true), "\n";
    } catch (\ValueError $e) {
        echo "$what: ValueError: {$e->getMessage()}\n";
    } catch (\TypeError $e) {
        echo "$what: TypeError: {$e->getMessage()}\n";
    }
};
foreach ([
    ['a/#/b', 'a/x/y/z'], ['#', 'a/#'], ['a/+', 'a/+'], ['a+', 'ab'], ['a/b#', 'a/b#'], ['', 'a'], ['+', ''],
    ['$share/g', 'a'], ["a/\xff", 'a'], ['#', "a/\xc0\xaf"], ['a/b', 'a/b'],
] as [$filter, $topic]) {
    $show = fn(string $s) => "'" . addcslashes($s, "\0..\37\177..\377") . "'";
    $try('topicMatches(' . $show($filter) . ', ' . $show($topic) . ')',
        fn() => Mqtt\Message::topicMatches($filter, $topic));
}
$c = mqtt_client(['timeout' => 2.0, 'connect_timeout' => 2.0]);
$c->connect();
$try('subscribe("a/\xff")', fn() => $c->subscribe("a/\xff", 1));
$try('unsubscribe("a/\xff")', fn() => $c->unsubscribe("a/\xff"));
$try('publish("a/\xff")', fn() => $c->publish("a/\xff", 'x'));
$try('new Message("\xff")', fn() => new Mqtt\Message("\xff"));
var_dump($c->isConnected());
$c->disconnect();
?>
--EXPECT--
topicMatches('a/#/b', 'a/x/y/z'): ValueError: invalid topic filter 'a/#/b': '#' must be the whole last level
topicMatches('#', 'a/#'): ValueError: topic must not contain the wildcards '+' or '#'
topicMatches('a/+', 'a/+'): ValueError: topic must not contain the wildcards '+' or '#'
topicMatches('a+', 'ab'): ValueError: invalid topic filter 'a+': '+' must fill a whole level
topicMatches('a/b#', 'a/b#'): ValueError: invalid topic filter 'a/b#': '#' must be the whole last level
topicMatches('', 'a'): ValueError: topic filter must not be empty
topicMatches('+', ''): ValueError: topic must not be empty
topicMatches('$share/g', 'a'): ValueError: shared subscription must be $share/{group}/{filter}
topicMatches('a/\377', 'a'): ValueError: topic filter must be valid UTF-8
topicMatches('#', 'a/\300\257'): ValueError: topic must be valid UTF-8
topicMatches('a/b', 'a/b'): true
subscribe("a/\xff"): ValueError: topic filter must be valid UTF-8
unsubscribe("a/\xff"): ValueError: topic filter must be valid UTF-8
publish("a/\xff"): ValueError: topic must be valid UTF-8
new Message("\xff"): ValueError: topic must be valid UTF-8
bool(true)
