#!/usr/bin/env bash
# Where the time goes: runs one PHP scenario of the benchmark suite under `perf record -g` against
# a mosquitto of its own and prints the top of `perf report --no-children` (self time per
# symbol, all threads of the PHP process: the PHP thread and the extension's runtime thread).
#
# Usage: bench/profile.sh SCENARIO [N]
#   SCENARIO  publish-q0 | publish-q1 | publish-q2      blocking publish()
#             async-q0 | async-q1 | async-q2            publishAsync() + flush(), default window
#             async-q1-w20 | async-q2-w20               the same with max_inflight 20
#             consume-q0 | consume-q1                   subscribe(callback) + loop(), fed by mosquitto_pub -l
#             rss                                       N publishAsync() QoS 0 (the memory check)
#   N         messages (default 200000: enough samples for a stable profile)
# Environment: TOP (report lines, default 40), PERF_CALLGRAPH (e.g. dwarf: call graphs through
# code built without frame pointers; the default -g uses frame pointers), PERF_FREQ (default 999).
# The recording stays in bench/results/perf-SCENARIO.data for `perf report -i ...`.
# Installs linux-perf with apt when missing; when perf cannot record here (no perf_event_open in
# a container, say) it runs the scenario without it, says so, and prints only its rate.
. "$(dirname "$0")/../scripts/lib.sh"
. "$ROOT/bench/lib.sh"

usage() { sed -n '2,20s/^# \{0,1\}//p' "$0"; }
SCENARIO="${1:-}"
N="${2:-200000}"
case "$N" in '' | *[!0-9]*) usage >&2; exit 2 ;; esac
window=()
case "$SCENARIO" in
    publish-q[012]) mode=publish qos="${SCENARIO#publish-q}" ;;
    async-q[012]) mode=async qos="${SCENARIO#async-q}" ;;
    async-q[12]-w20) mode=async qos="${SCENARIO:7:1}" window=(window=20) ;;
    consume-q[01]) mode=consume qos="${SCENARIO#consume-q}" ;;
    rss) mode=rss qos=0 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
esac

ensure_packages linux-perf
build
use_built_module
WORK="$(mktemp -d /tmp/mqtt-profile.XXXXXX)"
RESULTS="$ROOT/bench/results"
mkdir -p "$RESULTS"
: > "$WORK/errors.log"
LIMIT=$((120 + N / 200))
cleanup() {
    kill_background
    stop_bench_broker
    rm -rf "$WORK" "${INI_DIR:-}"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
start_bench_broker "$N"

PERF_DATA="$RESULTS/perf-$SCENARIO.data"
perf_ok=1
if ! command -v perf >/dev/null; then
    perf_ok=0 why="perf is not installed"
elif ! perf record -q -o "$WORK/probe.data" -- true > "$WORK/probe.log" 2>&1; then
    perf_ok=0 why="perf cannot record here: $(grep -v '^$' "$WORK/probe.log" | head -n 3 | tr '\n' ' ')"
fi
PERF=()
if [ "$perf_ok" = 1 ]; then
    callgraph=(-g)
    [ -n "${PERF_CALLGRAPH:-}" ] && callgraph=(--call-graph "$PERF_CALLGRAPH")
    PERF=(perf record -q "${callgraph[@]}" -F "${PERF_FREQ:-999}" -o "$PERF_DATA" --)
    log "profiling $SCENARIO (N=$N) with: ${PERF[*]}"
else
    log "NOT PROFILING: $why; running $SCENARIO without perf"
fi

php_scenario=(php -d "extension=$MQTT_SO" "$ROOT/bench/scenario.php" "$mode" "$qos" "$N" "topic=bench/profile" "${window[@]}")
out="$WORK/out"
if [ "$mode" = consume ]; then
    php_scenario+=(client_id=bench-profile)
    timeout -k 5 "$LIMIT" "${PERF[@]}" "${php_scenario[@]}" > "$out" 2>> "$WORK/errors.log" &
    pid=$!
    BG_PIDS+=("$pid")
    wait_subscribed bench-profile bench/profile
    php -r 'echo str_repeat(str_repeat("x", 64) . "\n", (int)$argv[1]);' "$N" > "$WORK/lines"
    BG_MOSQ_PUB=1 mosquitto_pub_timed bench-profile-feed "$qos" 1000 bench/profile
    rc=0
    wait "$pid" || rc=$?
    forget_pid "$pid"
    wait "$MOSQ_PUB_PID" 2>/dev/null || true
    forget_pid "$MOSQ_PUB_PID"
else
    rc=0
    run_bg /dev/null "$out" "${PERF[@]}" "${php_scenario[@]}" || rc=$?
fi
if [ "$rc" != 0 ] || ! line="$(grep -m1 '^RESULT ' "$out")"; then
    echo "the scenario failed (status $rc):" >&2
    cat "$WORK/errors.log" >&2
    exit 1
fi
printf '%s: %s messages in %.3f s = %.0f msg/s%s\n' "$SCENARIO" "$N" "$(field secs "$line")" \
    "$(calc "$(field n "$line") / $(field secs "$line")")" "$([ "$perf_ok" = 1 ] && echo ' (slowed down by perf)')"
if [ "$perf_ok" = 1 ]; then
    report() { # SORT_KEYS LIMIT_PERCENT LINES
        perf report -i "$PERF_DATA" --no-children --stdio -g none --percent-limit "$2" --sort "$1" 2>/dev/null |
            grep -v '^#' | grep -v '^$' | sed -e 's/[[:space:]]*-[[:space:]]*-[[:space:]]*$//' -e 's/[[:space:]]*$//' |
            head -n "$3"
    }
    echo
    echo "== CPU samples by thread (tid:command; the PHP thread is $(field pid "$line")) =="
    report pid 1 10
    echo
    echo "== by shared object =="
    report dso 1 12
    echo
    echo "== perf report --no-children (self time), top ${TOP:-40} =="
    report pid,dso,symbol 0.3 "${TOP:-40}"
    echo
    echo "(recording kept in $PERF_DATA: perf report -i $PERF_DATA --no-children)"
else
    echo "perf was not available ($why): no profile."
fi
