--TEST--
connect() with a wrong password throws Mqtt\ConnectionException with code 5 (mosquitto 2.0 answers "not authorized")
--DESCRIPTION--
mosquitto 2.0.11 refuses a bad MQTT 3.1.1 password with CONNACK return code 5 (not authorized),
not 4 (bad user name or password); the code of the exception is the broker's return code.
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
<?php if (!shell_exec('command -v mosquitto_passwd')) die('skip mosquitto_passwd missing'); ?>
--FILE--
<?php
require __DIR__ . '/lib/helpers.php';
require __DIR__ . '/f_auth_broker.inc';
$broker = f_auth_broker();
$opts = ['connect_timeout' => 2.0, 'timeout' => 2.0];
foreach ([
    'wrong password' => ['username' => 'alice', 'password' => 'not-' . f_auth_password()],
    'unknown user' => ['username' => 'mallory', 'password' => f_auth_password()],
    'anonymous' => [],
] as $case => $cred) {
    $c = new Mqtt\Client('127.0.0.1', $broker->port, $opts + $cred);
    $t = microtime(true);
    try {
        $c->connect();
        echo "$case: connected?!\n";
    } catch (Mqtt\ConnectionException $e) {
        printf("%s: %s code %d: %s\n", $case, get_class($e), $e->getCode(), $e->getMessage());
    }
    var_dump(microtime(true) - $t < 2.5, $c->isConnected());
}
?>
--EXPECTF--
wrong password: Mqtt\ConnectionException code 5: %Snot authorized%S
bool(true)
bool(false)
unknown user: Mqtt\ConnectionException code 5: %Snot authorized%S
bool(true)
bool(false)
anonymous: Mqtt\ConnectionException code 5: %Snot authorized%S
bool(true)
bool(false)
