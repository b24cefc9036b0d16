#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, starts a mosquitto on a free loopback port,
# runs `cargo test` and the .phpt suite against it, stops the broker, and ends with the line
# "N passed, N failed".
. "$(dirname "$0")/lib.sh"
ensure_packages
build
use_built_module
trap 'stop_broker; rm -rf "$INI_DIR"' EXIT
trap 'exit 130' INT TERM
start_broker

passed=0 failed=0
log "cargo test"
cargo_out="$(mktemp)"
set +e
(cd "$ROOT" && cargo test --release 2>&1) | tee "$cargo_out"
cargo_rc=${PIPESTATUS[0]}
set -e
while read -r p f; do
    passed=$((passed + p)); failed=$((failed + f))
done < <(sed -n 's/^test result: [a-zA-Z]*\. \([0-9]*\) passed; \([0-9]*\) failed.*/\1 \2/p' "$cargo_out")
if [ "$cargo_rc" -ne 0 ] && ! grep -q '^test result: FAILED' "$cargo_out"; then
    failed=$((failed + 1)) # did not build or crashed before reporting
fi
rm -f "$cargo_out"

log "phpt suite (tests-php/)"
phpt_out="$(mktemp)"
RUN_TESTS="$(php-config --extension-dir)/build/run-tests.php"
[ -f "$RUN_TESTS" ] || RUN_TESTS="$(dirname "$(php-config --extension-dir)")/build/run-tests.php"
set +e
(cd "$ROOT" && NO_INTERACTION=1 TEST_PHP_EXECUTABLE="$(command -v php)" MQTT_SO="$MQTT_SO" \
    php -n "$RUN_TESTS" -q --set-timeout 300 --show-diff -p "$(command -v php)" -d "extension=$MQTT_SO" \
    ${PHPT_FILTER:-tests-php} 2>&1) | tee "$phpt_out"
set -e
p=$(sed -n 's/^Tests passed *: *\([0-9]*\).*/\1/p' "$phpt_out" | tail -1)
f=$(sed -n 's/^Tests failed *: *\([0-9]*\).*/\1/p' "$phpt_out" | tail -1)
b=$(sed -n 's/^Tests borked *: *\([0-9]*\).*/\1/p' "$phpt_out" | tail -1)
s=$(sed -n 's/^Tests skipped *: *\([0-9]*\).*/\1/p' "$phpt_out" | tail -1)
# run-tests.php retries timing-sensitive tests once; one that passed on the retry is "warned".
w=$(sed -n 's/^Tests warned *: *\([0-9]*\).*/\1/p' "$phpt_out" | tail -1)
[ "${w:-0}" -eq 0 ] || log "phpt tests that passed only when retried: $w (see WARN above)"
if [ -z "$p$f" ]; then
    failed=$((failed + 1)) # the runner itself failed
fi
passed=$((passed + ${p:-0} + ${w:-0})); failed=$((failed + ${f:-0} + ${b:-0}))
rm -f "$phpt_out"

stop_broker
echo "${passed} passed, ${failed} failed, ${s:-0} skipped"
[ "$failed" -eq 0 ]
