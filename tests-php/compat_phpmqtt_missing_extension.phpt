--TEST--
compat/phpMQTT.php: loads nothing with the extension; without it, stops with a message saying to install and enable mqtt.so
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lib/phpmqtt.inc';
$file = __DIR__ . '/../compat/phpMQTT.php';
$before = get_declared_classes();
require $file;
var_dump(get_declared_classes() === $before, class_exists('phpMQTT'));

$script = tempnam(sys_get_temp_dir(), 'phpmqtt-missing-');
file_put_contents($script, "<?php require '$file'; echo 'not reached';");
[$rc, $out, $err] = phpmqtt_wait(phpmqtt_start($script, [], sys_get_temp_dir(), false));
unlink($script);
var_dump($rc !== 0);
echo $out, $err;
?>
--EXPECTF--
bool(true)
bool(true)
bool(true)
%AFatal error: Uncaught Error: phpMQTT: the mqtt extension is not loaded. The phpMQTT class is now provided by the mqtt PHP extension: install mqtt.so and enable it with "extension=mqtt" in php.ini (php --ini shows which files are read), then check with: php -m | grep mqtt in %s
%A
