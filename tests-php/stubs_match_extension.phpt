--TEST--
php-stubs/mqtt.php, mosquitto.php and phpmqtt.php match the loaded extension (classes, constants, methods, parameters, properties)
--SKIPIF--
<?php require __DIR__ . '/lib/skipif.inc'; ?>
--FILE--
<?php
/*
 * The stubs declare the same class names that the extension registers, so they cannot be loaded
 * as they are. The test loads a copy whose namespace `Mqtt` is renamed `MqttStubs`, then compares
 * every class of the copy with the extension's class by reflection, mapping `MqttStubs\` back to
 * `Mqtt\` in every class and type name.
 *
 * Tolerated, because ext-php-rs cannot declare them the way a C extension would (the stub keeps
 * the stubs' form, which is what the extension does for every call the API allows):
 *  T1. A parameter the extension declares `mixed` (taken as a raw zval and converted by PHP's
 *      rules for the caller's typing mode, which ext-php-rs's typed parameters do not follow:
 *      every string, int, float, bool and array parameter, and callbacks): its type and
 *      nullability are not compared; its name and optionality are.
 *  T2. Such a `mixed` parameter that is optional has the default `null` in the extension
 *      (`Option<&Zval>` can only be omitted as null): its default is not compared.
 *  T3. An `array` parameter whose stub default is `[]` may be `?array $x = null` in the extension
 *      (`Option<&ZendHashTable>`: ext-php-rs has no `[]` default for a borrowed array).
 *  T4. A method for which the extension reports no return type: the return type is not compared.
 *  T5. A property the extension serves through a getter is declared untyped and not readonly; it
 *      is checked on an instance instead: it exists, its value has the stub's type, and, when the
 *      stub says `readonly`, writing it throws and leaves the value as it was.
 *
 * Real deviations of the extension from the stubs, known and reported, are listed in
 * KNOWN_DEVIATIONS with their exact description: a new or changed one fails the test, and so does
 * one that no longer occurs (then delete its line).
 */

const KNOWN_DEVIATIONS = [
];

/** How to build an instance of each class whose stub declares public properties (T5). */
function sample_instance(string $class): ?object
{
    return match ($class) {
        'Mqtt\Message' => new Mqtt\Message('stubs/check', 'payload', 1, true),
        'Mosquitto\Message' => new Mosquitto\Message(),
        'Bluerhinos\phpMQTT' => new Bluerhinos\phpMQTT('127.0.0.1', 1883, 'stubs-check'),
        default => null,
    };
}

$mismatches = [];
function mismatch(string $key, string $detail): void
{
    global $mismatches;
    $mismatches[$key] = $detail;
}

/** `MqttStubs\X` → `Mqtt\X`, wherever it appears in a class or type name. */
function norm(string $name): string
{
    $name = preg_replace('/(?<![A-Za-z0-9_\\\\])\\\\?MosquittoStubs\\\\/', 'Mosquitto\\', $name);
    $name = preg_replace('/(?<![A-Za-z0-9_\\\\])\\\\?BluerhinosStubs\\\\/', 'Bluerhinos\\', $name);
    return preg_replace('/(?<![A-Za-z0-9_\\\\])\\\\?MqttStubs\\\\/', 'Mqtt\\', $name);
}

function type_name(?ReflectionType $t): string
{
    if ($t === null) {
        return '(none)';
    }
    if ($t instanceof ReflectionNamedType) {
        return norm($t->getName());
    }
    $parts = array_map(fn ($p) => type_name($p), $t->getTypes());
    sort($parts);
    return implode($t instanceof ReflectionUnionType ? '|' : '&', $parts);
}

function show(mixed $v): string
{
    return match (true) {
        is_string($v) => "'" . addcslashes($v, "\0..\37") . "'",
        is_array($v) => json_encode($v, JSON_UNESCAPED_SLASHES),
        default => var_export($v, true),
    };
}

function same(string $key, mixed $stub, mixed $ext): void
{
    if ($stub !== $ext) {
        mismatch($key, 'stub ' . show($stub) . ', extension ' . show($ext));
    }
}

/** Non-private methods by name. */
function methods(ReflectionClass $c): array
{
    $out = [];
    foreach ($c->getMethods() as $m) {
        if (!$m->isPrivate()) {
            $out[$m->getName()] = $m;
        }
    }
    ksort($out);
    return $out;
}

function return_type(ReflectionMethod $m): ?ReflectionType
{
    return $m->getReturnType() ?? $m->getTentativeReturnType();
}

function compare_parameter(string $where, ReflectionParameter $s, ReflectionParameter $e): void
{
    $k = "$where \${$s->getName()}";
    same("$where #{$s->getPosition()}: name", $s->getName(), $e->getName());
    if ($s->isOptional() !== $e->isOptional()) {
        $word = fn (ReflectionParameter $p) => $p->isOptional() ? 'optional' : 'required';
        mismatch("$k: optional", "stub {$word($s)}, extension {$word($e)}");
    }
    same("$k: variadic", $s->isVariadic(), $e->isVariadic());
    same("$k: by reference", $s->isPassedByReference(), $e->isPassedByReference());

    $eType = $e->getType();
    $mixed = $eType === null || type_name($eType) === 'mixed';                          // T1
    $arrayAsNullable = $eType instanceof ReflectionNamedType && $eType->getName() === 'array'
        && $eType->allowsNull() && $e->isDefaultValueAvailable() && $e->getDefaultValue() === null
        && $s->getType() instanceof ReflectionNamedType && $s->getType()->getName() === 'array'
        && !$s->getType()->allowsNull() && $s->isDefaultValueAvailable() && $s->getDefaultValue() === []; // T3
    if (!$mixed) {
        same("$k: type", type_name($s->getType()), type_name($eType));
        if (!$arrayAsNullable) {
            same("$k: nullable", $s->allowsNull(), $e->allowsNull());
        }
    }
    $sHas = $s->isDefaultValueAvailable();
    $eHas = $e->isDefaultValueAvailable();
    if ($s->isOptional() && $e->isOptional() && !$s->isVariadic()) {
        if ($sHas !== $eHas) {
            mismatch("$k: default", ($sHas ? 'stub has one' : 'stub has none') . ', ' . ($eHas ? 'extension has one' : 'extension has none'));
        } elseif ($sHas && !$arrayAsNullable && !($mixed && $e->getDefaultValue() === null)) { // T2, T3
            same("$k: default", $s->getDefaultValue(), $e->getDefaultValue());
        }
    }
}

function compare_method(string $class, ReflectionMethod $s, ReflectionMethod $e): void
{
    $where = "$class::{$s->getName()}()";
    same("$where: declared in", norm($s->getDeclaringClass()->getName()), $e->getDeclaringClass()->getName());
    same("$where: static", $s->isStatic(), $e->isStatic());
    same("$where: final", $s->isFinal(), $e->isFinal());
    same("$where: abstract", $s->isAbstract(), $e->isAbstract());
    same("$where: visibility", Reflection::getModifierNames($s->getModifiers() & (ReflectionMethod::IS_PUBLIC | ReflectionMethod::IS_PROTECTED)),
        Reflection::getModifierNames($e->getModifiers() & (ReflectionMethod::IS_PUBLIC | ReflectionMethod::IS_PROTECTED)));
    same("$where: parameter count", $s->getNumberOfParameters(), $e->getNumberOfParameters());
    $sp = $s->getParameters();
    $ep = $e->getParameters();
    for ($i = 0; $i < min(count($sp), count($ep)); $i++) {
        compare_parameter($where, $sp[$i], $ep[$i]);
    }
    $eRet = return_type($e);
    if ($eRet !== null) {                                                               // T4
        same("$where: return type", type_name(return_type($s)) . (return_type($s)?->allowsNull() ? ' (nullable)' : ''),
            type_name($eRet) . ($eRet->allowsNull() ? ' (nullable)' : ''));
    }
}

function compare_properties(string $class, ReflectionClass $s, ReflectionClass $e): void
{
    $props = function (ReflectionClass $c): array {
        $out = [];
        foreach ($c->getProperties() as $p) {
            if (!$p->isPrivate()) {
                $out[$p->getName()] = ($p->isStatic() ? 'static ' : '') . ($p->isPublic() ? 'public' : 'protected');
            }
        }
        ksort($out);
        return $out;
    };
    $sp = $props($s);
    $ep = $props($e);
    foreach (array_diff_key($sp, $ep) as $name => $_) {
        mismatch("$class::\$$name", 'in the stub only');
    }
    foreach (array_diff_key($ep, $sp) as $name => $_) {
        mismatch("$class::\$$name", 'in the extension only');
    }
    foreach (array_intersect_key($sp, $ep) as $name => $vis) {
        same("$class::\$$name: modifiers", $vis, $ep[$name]);
    }

    // T5: check what the stub promises on an instance of the extension's class.
    $own = array_filter($s->getProperties(ReflectionProperty::IS_PUBLIC),
        fn ($p) => !$p->isStatic() && $p->getDeclaringClass()->getName() === $s->getName());
    if (!$own) {
        return;
    }
    $obj = sample_instance($class);
    if ($obj === null) {
        mismatch("$class: properties", 'no sample_instance() in this test to check them on');
        return;
    }
    $odd = [];
    foreach ($own as $p) {
        $name = $p->getName();
        $k = "$class::\$$name";
        if (!property_exists($obj, $name) || !array_key_exists($name, get_object_vars($obj))) {
            mismatch("$k: on an instance", 'missing');
            continue;
        }
        $value = $obj->$name;
        $type = $p->getType();
        if ($type instanceof ReflectionNamedType) {
            $want = norm($type->getName());
            $ok = ($value === null && $type->allowsNull()) || match ($want) {
                'int' => is_int($value), 'float' => is_float($value), 'string' => is_string($value),
                'bool' => is_bool($value), 'array' => is_array($value), 'mixed' => true,
                default => $value instanceof $want,
            };
            if (!$ok) {
                mismatch("$k: value type", "stub $want, extension gives " . get_debug_type($value));
            }
        }
        if ($p->isReadOnly()) {
            $thrown = null;
            try {
                $obj->$name = $value;
            } catch (Throwable $t) {
                $thrown = $t;
            }
            if ($thrown === null) {
                mismatch("$k: readonly", 'stub readonly, extension lets it be written');
            } elseif (!$thrown instanceof Error) {
                $odd[get_class($thrown) . '("' . $thrown->getMessage() . '")'][] = "\$$name";
            }
            same("$k: value after a write", show($value), show($obj->$name));
        } else {
            try {
                $obj->$name = $value;
            } catch (Throwable $t) {
                mismatch("$k: readonly", 'stub writable, extension throws ' . get_class($t) . '("' . $t->getMessage() . '") on a write');
            }
        }
    }
    foreach ($odd as $what => $names) {
        mismatch("$class: writing a readonly property", "throws $what for " . implode(', ', $names) . '; a readonly property throws Error');
    }
}

function compare_class(string $class, ReflectionClass $s, ReflectionClass $e): void
{
    $kind = fn (ReflectionClass $c) => $c->isInterface() ? 'interface' : ($c->isTrait() ? 'trait' : ($c->isEnum() ? 'enum' : 'class'));
    same("$class: kind", $kind($s), $kind($e));
    same("$class: final", $s->isFinal(), $e->isFinal());
    same("$class: abstract", $s->isAbstract(), $e->isAbstract());
    same("$class: parent", $s->getParentClass() ? norm($s->getParentClass()->getName()) : null,
        $e->getParentClass() ? $e->getParentClass()->getName() : null);
    $si = array_map('norm', $s->getInterfaceNames());
    $ei = $e->getInterfaceNames();
    sort($si);
    sort($ei);
    same("$class: interfaces", $si, $ei);

    $sc = [];
    foreach ($s->getReflectionConstants() as $c) {
        $sc[$c->getName()] = [implode(' ', Reflection::getModifierNames($c->getModifiers())), $c->getValue()];
    }
    $ec = [];
    foreach ($e->getReflectionConstants() as $c) {
        $ec[$c->getName()] = [implode(' ', Reflection::getModifierNames($c->getModifiers())), $c->getValue()];
    }
    foreach (array_diff_key($sc, $ec) as $name => $_) {
        mismatch("$class::$name", 'in the stub only');
    }
    foreach (array_diff_key($ec, $sc) as $name => $_) {
        mismatch("$class::$name", 'in the extension only');
    }
    foreach (array_intersect_key($sc, $ec) as $name => [$mod, $value]) {
        same("$class::$name: modifiers", $mod, $ec[$name][0]);
        same("$class::$name: value", $value, $ec[$name][1]);
    }

    $sm = methods($s);
    $em = methods($e);
    foreach (array_diff_key($sm, $em) as $name => $_) {
        mismatch("$class::$name()", 'in the stub only');
    }
    foreach (array_diff_key($em, $sm) as $name => $_) {
        mismatch("$class::$name()", 'in the extension only');
    }
    foreach (array_intersect_key($sm, $em) as $name => $m) {
        compare_method($class, $m, $em[$name]);
    }

    compare_properties($class, $s, $e);
}

// Load the stubs under the namespaces MqttStubs and MosquittoStubs.
$declared = fn () => array_merge(get_declared_classes(), get_declared_interfaces(), get_declared_traits());
$stubClasses = [];
foreach (['mqtt.php' => 'Mqtt', 'mosquitto.php' => 'Mosquitto'] as $file => $ns) {
    $stubFile = __DIR__ . '/../php-stubs/' . $file;
    $code = file_get_contents($stubFile);
    if ($code === false) {
        exit("cannot read $stubFile\n");
    }
    $renamed = preg_replace('/(?<![A-Za-z0-9_])' . $ns . '(?=\\\\|\s*[;{])/', $ns . 'Stubs', $code, -1, $n);
    if (!$n || !preg_match('/^namespace ' . $ns . 'Stubs\s*[;{]/m', $renamed)) {
        exit("could not rename the namespace of $stubFile\n");
    }
    $tmp = tempnam(sys_get_temp_dir(), 'mqtt-stubs-');
    file_put_contents($tmp, $renamed);
    $before = $declared();
    try {
        require $tmp;
    } finally {
        unlink($tmp);
    }
    foreach (array_diff($declared(), $before) as $name) {
        if (str_starts_with($name, $ns . 'Stubs\\')) {
            $stubClasses[norm($name)] = new ReflectionClass($name);
        } else {
            mismatch($name, 'the stub file declares something outside its namespace');
        }
    }
}
// The phpMQTT stubs: namespace Bluerhinos becomes BluerhinosStubs, the global alias phpMQTTStubs.
$phpmqttFile = __DIR__ . '/../php-stubs/phpmqtt.php';
$renamed = str_replace(['namespace Bluerhinos {', '\\Bluerhinos\\', "'phpMQTT'"],
    ['namespace BluerhinosStubs {', '\\BluerhinosStubs\\', "'phpMQTTStubs'"], file_get_contents($phpmqttFile), $n);
if ($n !== 3) {
    exit("could not rename the namespace of $phpmqttFile\n");
}
$tmp = tempnam(sys_get_temp_dir(), 'mqtt-stubs-');
file_put_contents($tmp, $renamed);
$before = $declared();
try {
    require $tmp;
} finally {
    unlink($tmp);
}
// The global name is the same class under a second name, in the stubs and in the extension.
same('phpMQTT: alias of', norm((new ReflectionClass('phpMQTTStubs'))->getName()), (new ReflectionClass('phpMQTT'))->getName());
foreach (array_diff($declared(), $before) as $name) {
    if (strcasecmp($name, 'phpMQTTStubs') === 0) {
        continue; // the alias, checked above
    }
    if (str_starts_with($name, 'BluerhinosStubs\\')) {
        $stubClasses[norm($name)] = new ReflectionClass($name);
    } else {
        mismatch($name, 'the stub file declares something outside its namespace');
    }
}
$extClasses = [];
foreach ((new ReflectionExtension('mqtt'))->getClassNames() as $name) {
    if (str_starts_with($name, 'Mqtt\\') || str_starts_with($name, 'Mosquitto\\')
        || str_starts_with($name, 'Bluerhinos\\')) {
        $extClasses[$name] = new ReflectionClass($name);
    }
}
ksort($stubClasses);
ksort($extClasses);
foreach (array_diff_key($stubClasses, $extClasses) as $name => $_) {
    mismatch($name, 'class in the stub only');
}
foreach (array_diff_key($extClasses, $stubClasses) as $name => $_) {
    mismatch($name, 'class in the extension only');
}
foreach (array_intersect_key($stubClasses, $extClasses) as $name => $s) {
    compare_class($name, $s, $extClasses[$name]);
}

// Report.
$bad = [];
foreach ($mismatches as $key => $detail) {
    if (!array_key_exists($key, KNOWN_DEVIATIONS)) {
        $bad[] = "MISMATCH  $key: $detail";
    } elseif (KNOWN_DEVIATIONS[$key] !== $detail) {
        $bad[] = "CHANGED   $key: $detail\n          (KNOWN_DEVIATIONS says: " . KNOWN_DEVIATIONS[$key] . ')';
    }
}
foreach (KNOWN_DEVIATIONS as $key => $detail) {
    if (!array_key_exists($key, $mismatches)) {
        $bad[] = "FIXED     $key: no longer occurs, delete it from KNOWN_DEVIATIONS";
    }
}
echo $bad ? implode("\n", $bad) . "\n" : "OK\n";
?>
--EXPECT--
OK
