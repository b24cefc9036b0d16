--TEST--
Mqtt\ConnectionException, TimeoutException and ProtocolException extend Mqtt\Exception, which extends \RuntimeException; scripts can create, throw and extend them
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
foreach (['Mqtt\Exception', 'Mqtt\ConnectionException', 'Mqtt\TimeoutException', 'Mqtt\ProtocolException'] as $class) {
    $r = new ReflectionClass($class);
    echo $class, ' extends ', $r->getParentClass()->getName(), "\n";
}
var_dump(is_subclass_of('Mqtt\ConnectionException', 'RuntimeException'));
var_dump(is_subclass_of('Mqtt\Exception', 'Exception'));

$e = new Mqtt\ProtocolException('rejected', 135);
var_dump($e->getMessage(), $e->getCode(), $e instanceof Mqtt\Exception, $e instanceof \RuntimeException);
try {
    throw new Mqtt\TimeoutException('took too long');
} catch (Mqtt\Exception $caught) {
    echo get_class($caught), ': ', $caught->getMessage(), "\n";
}
$prev = new Mqtt\ConnectionException('lost', 0, new \LogicException('why'));
var_dump(get_class($prev->getPrevious()));

class MyMqttError extends Mqtt\ConnectionException {}
try {
    throw new MyMqttError('mine', 7);
} catch (Mqtt\Exception $caught) {
    echo get_class($caught), ' ', $caught->getCode(), "\n";
}

// A real error from the extension is one of them.
$c = new Mqtt\Client('127.0.0.1', 1883, []);
try {
    $c->publish('a', 'b');
} catch (\RuntimeException $caught) {
    echo get_class($caught), "\n";
}
?>
--EXPECT--
Mqtt\Exception extends RuntimeException
Mqtt\ConnectionException extends Mqtt\Exception
Mqtt\TimeoutException extends Mqtt\Exception
Mqtt\ProtocolException extends Mqtt\Exception
bool(true)
bool(true)
string(8) "rejected"
int(135)
bool(true)
bool(true)
Mqtt\TimeoutException: took too long
string(14) "LogicException"
MyMqttError 7
Mqtt\ConnectionException
