--TEST--
php-fpm: ack 'manual' persistent session: messages published between requests go to the next request's callback once; the one whose callback threw is redelivered after the session reconnects, handled ones are not
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; require __DIR__ . '/lib/helpers.php'; require __DIR__ . '/lib/fpm.php'; fpm_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
require __DIR__ . '/lib/fpm.php';
$broker = new TestBroker();
$fpm = new TestFpm(children: 1);
$q = ['port' => $broker->port, 'topic' => mqtt_topic('fpm-manual'), 'id' => 'fpm-manual-' . getmypid()];
$script = __DIR__ . '/fpm/p_manual_ack.php';
$pids = [];
$run = function (string $step) use ($fpm, $script, $q, &$pids) {
    $out = $fpm->request($script, $q + ['step' => $step]);
    $out = preg_replace_callback('/^worker (\d+)\n/', function ($m) use (&$pids) { $pids[$m[1]] = true; return ''; }, $out);
    echo "-- $step\n$out";
};

$run('sub');
// Published while no request is running: they wait in the worker's connection.
foreach (['m1', 'm2', 'bad', 'm4'] as $p) {
    mqtt_pub($q['topic'], $p, 1, [], $broker->port);
}
$run('loop');
// disconnect() closes the session's connection; reopening it brings back only what was not handled.
$run('resume');
echo 'one worker: ', count($pids) === 1 ? 'yes' : 'no (' . implode(',', array_keys($pids)) . ')', "\n";
?>
--EXPECT--
-- sub
granted 1
-- loop
handled m1
handled m2
exception: cannot handle bad
-- resume
redelivered bad dup=true
redelivered m4
one worker: yes
