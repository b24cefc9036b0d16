#!/usr/bin/env bash
# Runs the phpt suite (or the tests named in PHPT_FILTER) under valgrind's memcheck with PHP's
# own allocator off, as PHP extensions are checked: a test fails on an invalid read or write and
# is reported as LEAK on a definite leak. Slow (each test runs 10-50x slower): not part of
# ./scripts/test.sh. Prints "N passed, N failed" like it.
#   ./scripts/valgrind.sh                                  # the whole suite (about an hour)
#   PHPT_FILTER="tests-php/c_receive.phpt" ./scripts/valgrind.sh
. "$(dirname "$0")/lib.sh"
ensure_packages valgrind
build
use_built_module
trap 'stop_broker; rm -rf "$INI_DIR"' EXIT
trap 'exit 130' INT TERM
start_broker

RUN_TESTS="$(php-config --extension-dir)/build/run-tests.php"
[ -f "$RUN_TESTS" ] || RUN_TESTS="$(dirname "$(php-config --extension-dir)")/build/run-tests.php"
out="$(mktemp)"
set +e
# USE_ZEND_ALLOC=0: PHP allocates with malloc, so valgrind sees every block;
# ZEND_DONT_UNLOAD_MODULES=1: mqtt.so stays mapped at exit, so leak reports name its functions;
# pcre.jit=0: PCRE's JIT code reads past the end of strings on purpose (SIMD), which memcheck
# reports as invalid reads in PHP's own preg_* calls.
(cd "$ROOT" && USE_ZEND_ALLOC=0 ZEND_DONT_UNLOAD_MODULES=1 NO_INTERACTION=1 \
    TEST_PHP_EXECUTABLE="$(command -v php)" MQTT_SO="$MQTT_SO" \
    php -n "$RUN_TESTS" -q -m --show-diff --show-mem -p "$(command -v php)" -d "extension=$MQTT_SO" -d pcre.jit=0 \
    ${PHPT_FILTER:-tests-php} 2>&1) | tee "$out"
set -e
p=$(sed -n 's/^Tests passed *: *\([0-9]*\).*/\1/p' "$out" | tail -1)
f=$(sed -n 's/^Tests failed *: *\([0-9]*\).*/\1/p' "$out" | tail -1)
l=$(sed -n 's/^Tests leaked *: *\([0-9]*\).*/\1/p' "$out" | tail -1)
rm -f "$out"
stop_broker
l=${l:-0}
echo "${p:-0} passed, $(( ${f:-0} + l )) failed (of which ${l} leaked)"
[ $(( ${f:-0} + l )) -eq 0 ]
