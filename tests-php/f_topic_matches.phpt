--TEST--
Mqtt\Message::topicMatches() follows the MQTT rules: '#' matches the parent level, '+' one level, '$' topics not matched by leading wildcards, $share routed by its filter
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
foreach ([
    ['a/#', 'a'], ['a/#', 'a/b'], ['a/#', 'a/b/c'], ['a/#', 'ab'], ['a/#', 'b/a'],
    ['#', 'a'], ['#', 'a/b/c'], ['#', '/a'],
    ['+', 'a'], ['+', 'a/b'], ['+', '/'],
    ['a/+', 'a/b'], ['a/+', 'a'], ['a/+', 'a/'], ['a/+', 'a/b/c'],
    ['a/+/c', 'a/b/c'], ['a/+/c', 'a/b/d'], ['a/+/c', 'a//c'],
    ['+/+', '/a'], ['/+', '/a'], ['+/b/#', 'x/b'],
    ['a/b', 'a/b'], ['a/b', 'a/b/c'], ['a/b', 'A/b'], ['a/b', 'a/b/'],
    ['#', '$SYS/broker/uptime'], ['+/broker/uptime', '$SYS/broker/uptime'], ['+/#', '$SYS/x'],
    ['$SYS/#', '$SYS/broker/uptime'], ['$SYS/+/uptime', '$SYS/broker/uptime'], ['a/$SYS', 'a/$SYS'], ['+', 'a$'],
    ['$share/g/a/+', 'a/b'], ['$share/g/a/+', 'a/b/c'], ['$share/g/#', 'x/y'], ['$share/g/a/b', '$share/g/a/b'],
] as [$filter, $topic]) {
    printf("%-16s %-20s %s\n", $filter, var_export($topic, true), var_export(Mqtt\Message::topicMatches($filter, $topic), true));
}
?>
--EXPECT--
a/#              'a'                  true
a/#              'a/b'                true
a/#              'a/b/c'              true
a/#              'ab'                 false
a/#              'b/a'                false
#                'a'                  true
#                'a/b/c'              true
#                '/a'                 true
+                'a'                  true
+                'a/b'                false
+                '/'                  false
a/+              'a/b'                true
a/+              'a'                  false
a/+              'a/'                 true
a/+              'a/b/c'              false
a/+/c            'a/b/c'              true
a/+/c            'a/b/d'              false
a/+/c            'a//c'               true
+/+              '/a'                 true
/+               '/a'                 true
+/b/#            'x/b'                true
a/b              'a/b'                true
a/b              'a/b/c'              false
a/b              'A/b'                false
a/b              'a/b/'               false
#                '$SYS/broker/uptime' false
+/broker/uptime  '$SYS/broker/uptime' false
+/#              '$SYS/x'             false
$SYS/#           '$SYS/broker/uptime' true
$SYS/+/uptime    '$SYS/broker/uptime' true
a/$SYS           'a/$SYS'             true
+                'a$'                 true
$share/g/a/+     'a/b'                true
$share/g/a/+     'a/b/c'              false
$share/g/#       'x/y'                true
$share/g/a/b     '$share/g/a/b'       false
