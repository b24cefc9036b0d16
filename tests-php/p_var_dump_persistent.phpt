--TEST--
var_dump(): a persistent client (true or a name) shows persistent => true; a plain client shows false
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
foreach ([['persistent' => true], ['persistent' => 'pool-a'], ['persistent' => false], []] as $opts) {
    ob_start();
    var_dump(new Mqtt\Client('127.0.0.1', 1883, $opts));
    preg_match('/\["persistent"\]=>\n\s*(.*)\n/', ob_get_clean(), $m);
    echo json_encode($opts), ': ', $m[1] ?? 'missing', "\n";
}
?>
--EXPECT--
{"persistent":true}: bool(true)
{"persistent":"pool-a"}: bool(true)
{"persistent":false}: bool(false)
[]: bool(false)
