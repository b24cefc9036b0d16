<?php
// Owns a mosquitto with persistence (TestBroker) for a test that must crash the broker while the
// test's own process is blocked in publish(): run as a child, it stops and restarts the broker
// on the same port when told, a random moment later, so the crash lands mid-publish.
//
//   php broker_runner.php [extra mosquitto.conf line ...]
// prints "ready <port> <pid>"; reads commands from stdin, one a line:
//   kill|term <max delay ms> <down ms>  stop (SIGKILL / SIGTERM) after 0..delay ms, stay down
//                                       for <down ms>, start again; prints "restarted <pid>"
// At the end of stdin it stops the broker (TestBroker's destructor) and exits.
require __DIR__ . '/helpers.php';

$broker = new TestBroker(array_slice($argv, 1), null, null, true);
echo "ready {$broker->port} {$broker->pid}\n";
while (($line = fgets(STDIN)) !== false) {
    [$how, $delay, $down] = explode(' ', trim($line)) + ['', '0', '0'];
    usleep(random_int(0, (int)$delay) * 1000);
    $broker->stop($how === 'term');
    usleep((int)$down * 1000);
    $broker->start();
    echo "restarted {$broker->pid}\n";
}
