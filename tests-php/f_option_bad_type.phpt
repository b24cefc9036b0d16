--TEST--
An option with a value of the wrong type or out of range is a \ValueError naming the key
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
foreach ([
    ['keep_alive', 'x'], ['keep_alive', -1], ['keep_alive', 65536], ['keep_alive', 1.5],
    ['clean_session', 'yes'], ['clean_session', 1],
    ['client_id', 42], ['client_id', "a\0b"], ['client_id', ['x']],
    ['username', 7], ['password', false],
    ['connect_timeout', 'soon'], ['connect_timeout', -1.0], ['connect_timeout', 0.0], ['connect_timeout', NAN], ['connect_timeout', INF],
    ['timeout', 'x'], ['timeout', -0.5],
    ['reconnect', 'no'], ['reconnect_delay', -1], ['reconnect_max_delay', 'x'],
    ['max_inflight', 0], ['max_inflight', 'many'],
    ['max_packet_size', -1], ['max_packet_size', 'big'],
    ['ack', 'sometimes'], ['ack', 1],
    ['will', 'gone'], ['will', ['payload' => 'no topic']], ['will', ['topic' => 'a/#']], ['will', ['topic' => 't', 'nope' => 1]],
    ['protocol', 3], ['protocol', 'mqtt'],
    ['persistent', 1.5],
] as [$key, $value]) {
    try {
        new Mqtt\Client('127.0.0.1', 1883, [$key => $value]);
        printf("%s => %s: accepted?!\n", $key, is_array($value) ? json_encode($value) : var_export($value, true));
    } catch (\ValueError $e) {
        printf("%s => %s: ValueError%s\n", $key, is_array($value) ? json_encode($value) : var_export($value, true),
            str_contains($e->getMessage(), $key) ? '' : ' not naming the key: ' . $e->getMessage());
    }
}
?>
--EXPECT--
keep_alive => 'x': ValueError
keep_alive => -1: ValueError
keep_alive => 65536: ValueError
keep_alive => 1.5: ValueError
clean_session => 'yes': ValueError
clean_session => 1: ValueError
client_id => 42: ValueError
client_id => 'a' . "\0" . 'b': ValueError
client_id => ["x"]: ValueError
username => 7: ValueError
password => false: ValueError
connect_timeout => 'soon': ValueError
connect_timeout => -1.0: ValueError
connect_timeout => 0.0: ValueError
connect_timeout => NAN: ValueError
connect_timeout => INF: ValueError
timeout => 'x': ValueError
timeout => -0.5: ValueError
reconnect => 'no': ValueError
reconnect_delay => -1: ValueError
reconnect_max_delay => 'x': ValueError
max_inflight => 0: ValueError
max_inflight => 'many': ValueError
max_packet_size => -1: ValueError
max_packet_size => 'big': ValueError
ack => 'sometimes': ValueError
ack => 1: ValueError
will => 'gone': ValueError
will => {"payload":"no topic"}: ValueError
will => {"topic":"a\/#"}: ValueError
will => {"topic":"t","nope":1}: ValueError
protocol => 3: ValueError
protocol => 'mqtt': ValueError
persistent => 1.5: ValueError
