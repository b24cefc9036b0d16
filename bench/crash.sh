#!/usr/bin/env bash
# The suite's reliability tests at the issue's size (not part of scripts/test.sh):
#   tests-php/g_broker_crash_loses_nothing.phpt  20,000 QoS 1 (broker SIGKILLed twice) and
#                                                20,000 QoS 2 (SIGTERMed twice) blocking publishes
#   tests-php/g_fault_proxy_loses_nothing.phpt   the same scenario through the fault proxy
# Each prints lost and duplicated counts; the exit status is non-zero when one of them fails.
# Usage: bench/crash.sh [messages for the crash test, default 20000] [for the proxy, default 5000]
# (the proxy cuts every connection every few hundred ms: about 100-200 blocking publishes/s).
. "$(dirname "$0")/../scripts/lib.sh"
export LC_ALL=C # $EPOCHREALTIME with a decimal point
ensure_packages
build
use_built_module
RUN="$ROOT/tests-php/.bench-crash-$$.php" # next to the test, for its __DIR__
trap 'rm -rf "$INI_DIR" "$RUN"' EXIT
export CRASH_MESSAGES="${1:-20000}" FAULT_MESSAGES="${2:-5000}"
rc=0
for t in g_broker_crash_loses_nothing g_fault_proxy_loses_nothing; do
    log "$t"
    awk '/^--FILE--/{p=1;next} /^--[A-Z]+--/{p=0} p' "$ROOT/tests-php/$t.phpt" > "$RUN"
    start=$EPOCHREALTIME
    out="$(php_with_ext "$RUN" 2>&1)" || rc=1
    echo "$out"
    expected="$(awk '/^--EXPECTF--/{p=1;next} /^--[A-Z]+--/{p=0} p' "$ROOT/tests-php/$t.phpt" | sed 's/^%A//' | grep -E '^(lost|duplicates|subscriber errors):')"
    [ "$(echo "$out" | grep -E '^(lost|duplicates|subscriber errors):')" = "$expected" ] || { log "$t: FAILED"; rc=1; }
    log "$t: $(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }') s"
done
exit $rc
