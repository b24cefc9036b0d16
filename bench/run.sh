#!/usr/bin/env bash
# The benchmark suite: publishing and consuming rates of mqtt.so against mosquitto_pub /
# mosquitto_sub, a native rumqttc program and (when given) other PHP clients, plus peak memory,
# on a mosquitto of its own; prints one table and writes it to bench/results/latest.md.
# Never part of the test run. See bench/README.md for what each row means.
#
# Usage: bench/run.sh [N] [--million]
#   N          messages per scenario (default 20000)
#   --million  the memory check publishes 1,000,000 messages (default: 10 x N)
# Environment: REPEAT (runs of every scenario, median shown; default 3), RSS_COUNT (messages of
# the memory check), MOSQUITTO_PHP_SO, PHPMQTT_PHP, PHP_MQTT_CLIENT_AUTOLOAD (optional peers).
. "$(dirname "$0")/../scripts/lib.sh"
. "$ROOT/bench/lib.sh"

usage() { sed -n '2,12s/^# \{0,1\}//p' "$0"; }
N=20000
MILLION=0
for arg in "$@"; do
    case "$arg" in
        --million) MILLION=1 ;;
        -h | --help) usage; exit 0 ;;
        '' | *[!0-9]*) usage >&2; exit 2 ;;
        *) N="$arg" ;;
    esac
done
[ "$N" -ge 1 ] || { usage >&2; exit 2; }
REPEAT="${REPEAT:-3}"
case "$REPEAT" in '' | 0 | *[!0-9]*) echo "REPEAT must be a positive number" >&2; exit 2 ;; esac
if [ -z "${RSS_COUNT:-}" ]; then
    if [ "$MILLION" = 1 ]; then RSS_COUNT=1000000; else RSS_COUNT=$((N * 10)); fi
fi
# Every scenario process is stopped after this many seconds (then the row says "failed").
LIMIT=$((60 + N / 500))

ensure_packages
build
build_native
use_built_module

WORK="$(mktemp -d /tmp/mqtt-bench.XXXXXX)"
RESULTS="$ROOT/bench/results"
mkdir -p "$RESULTS"
RAW="$WORK/raw.tsv"
: > "$RAW"
: > "$WORK/errors.log"
cleanup() {
    kill_background
    stop_bench_broker
    [ -f "$WORK/errors.log" ] && cp "$WORK/errors.log" "$RESULTS/latest.log"
    [ -f "$RAW" ] && cp "$RAW" "$RESULTS/latest.raw.tsv"
    rm -rf "$WORK" "${INI_DIR:-}"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
start_bench_broker "$N"
php -r 'echo str_repeat(str_repeat("x", 64) . "\n", (int)$argv[1]);' "$N" > "$WORK/lines"

# ---- recording ---------------------------------------------------------------------------------

record() { # ROW RATE|skipped|failed [SUBSCRIBER_RATE] [NOTE]
    printf '%s\t%s\t%s\t%s\n' "$1" "$2" "${3:-}" "${4:-}" >> "$RAW"
}
progress() { printf '    %-22s %s\n' "$1" "$2" >&2; }
fail() { # ROW REASON
    record "$1" failed "" "$2"
    progress "$1" "FAILED: $2 (see bench/results/latest.log)"
}
rate_of() { calc "$(field n "$1") / $(field secs "$1")"; }

# result_of CMD...: runs CMD, sets RESULT_LINE to its "RESULT ..." line; fails without one.
result_of() {
    local out="$WORK/out"
    RESULT_LINE=""
    : > "$WORK/stderr"
    run_bg /dev/null "$out" "$@" || return 1
    RESULT_LINE="$(grep -m1 '^RESULT ' "$out")" || { echo "no RESULT line" >> "$WORK/stderr"; return 1; }
}

# run_runner RUNNER ARGS...: sets RESULT_LINE from one run of RUNNER: ext (bench/scenario.php
# with the extension), native (bench/native), a peer (bench/peers/), or mospub (mosquitto_pub).
run_runner() {
    local runner="$1"
    shift
    case "$runner" in
        mospub) mosquitto_pub_timed "$@"; return ;;
        ext) result_of php -d "extension=$MQTT_SO" "$ROOT/bench/scenario.php" "$@" ;;
        native) result_of "$NATIVE_BIN" "$MQTT_HOST" "$MQTT_PORT" "$@" ;;
        peer_mosq) result_of php "${MOSQ_PHP_ARGS[@]}" "$ROOT/bench/peers/mosquitto_php.php" "$@" ;;
        peer_phpmqtt) result_of php "$ROOT/bench/peers/phpmqtt.php" "$@" ;;
        peer_pmc) result_of php "$ROOT/bench/peers/php_mqtt_client.php" "$@" ;;
        *) echo "unknown runner $runner" >&2; return 1 ;;
    esac
}

# publish ROW RUNNER ARGS...: one publishing run without a subscriber.
publish() {
    local row="$1" runner="$2" ok=0
    CURRENT_ROW="$row"
    : > "$WORK/stderr"
    shift 2
    run_runner "$runner" "$@" && ok=1
    [ "$ok" = 1 ] || { fail "$row" "$(last_error || echo 'did not complete')"; return 0; }
    local r
    r="$(rate_of "$RESULT_LINE")"
    record "$row" "$r" "" "$(floor_note "$runner")"
    progress "$row" "$(printf '%.0f msg/s' "$r")"
}

# floor_note RUNNER: for mosquitto_pub, whether the run was within its 100 ms exit sleep.
floor_note() {
    if [ "$1" = mospub ] && awk "BEGIN { exit !($(field secs "$RESULT_LINE") < 0.13) }"; then
        echo "publisher side within mosquitto_pub's 100 ms exit sleep: a lower bound (raise N)"
    fi
}

# counted ROW QOS TOPIC RUNNER ARGS...: a publishing run while a mosquitto_sub -C N (same QoS)
# counts the messages at a subscriber; records both rates.
counted() {
    local row="$1" qos="$2" topic="$3" runner="$4" id="bsub-$1-$RUN" ok=0
    CURRENT_ROW="$row"
    : > "$WORK/stderr"
    shift 4
    if ! start_counter "$id" "$qos" "$topic" "$N" "$LIMIT"; then
        stop_counter "$id"
        fail "$row" "the counting subscriber did not subscribe"
        return 0
    fi
    run_runner "$runner" "$@" && ok=1
    if [ "$ok" != 1 ]; then
        stop_counter "$id"
        fail "$row" "$(last_error || echo 'did not complete')"
        return 0
    fi
    local r s=""
    r="$(rate_of "$RESULT_LINE")"
    if counter_end "$id"; then
        s="$(calc "$N / ($COUNTER_T - $(field start "$RESULT_LINE"))")"
        record "$row" "$r" "$s" "$(floor_note "$runner")"
        progress "$row" "$(printf '%.0f msg/s, %.0f msg/s at the subscriber' "$r" "$s")"
    else
        record "$row" "$r" "" "the subscriber did not get all N messages"
        progress "$row" "$(printf '%.0f msg/s, subscriber did NOT get all N' "$r")"
    fi
}

# consume ROW QOS ext|sub: the consumer subscribes, then mosquitto_pub -l feeds the N lines
# (window 1000, so that the feed is not the bottleneck); rate = N / (Nth arrival - feed start).
consume() {
    local row="$1" qos="$2" kind="$3" topic="bench/$1/$RUN" id="bcons-$1-$RUN" pid="" end="" rc=0 line
    CURRENT_ROW="$row"
    : > "$WORK/stderr"
    if [ "$kind" = ext ]; then
        timeout -k 5 "$LIMIT" php -d "extension=$MQTT_SO" "$ROOT/bench/scenario.php" consume "$qos" "$N" \
            "topic=$topic" "client_id=$id" > "$WORK/$id.out" 2>> "$WORK/errors.log" &
        pid=$!
        BG_PIDS+=("$pid")
        if ! wait_subscribed "$id" "$topic"; then
            kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; forget_pid "$pid"
            fail "$row" "the consumer did not subscribe"
            return 0
        fi
    elif ! start_counter "$id" "$qos" "$topic" "$N" "$LIMIT"; then
        stop_counter "$id"
        fail "$row" "mosquitto_sub did not subscribe"
        return 0
    fi
    if ! BG_MOSQ_PUB=1 mosquitto_pub_timed "bfeed-$1-$RUN" "$qos" 1000 "$topic"; then
        [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; forget_pid "$pid"; }
        [ -z "$pid" ] && stop_counter "$id"
        fail "$row" "the feed (mosquitto_pub) did not start"
        return 0
    fi
    local t0="$MOSQ_PUB_T0" feed_rc=0
    wait "$MOSQ_PUB_PID" || feed_rc=$?
    local t_feed=$EPOCHREALTIME
    forget_pid "$MOSQ_PUB_PID"
    rm -f "$WORK/bfeed-$1-$RUN.fifo"
    if [ "$kind" = ext ]; then
        wait "$pid" || rc=$?
        forget_pid "$pid"
        if [ "$rc" = 0 ] && line="$(grep -m1 '^RESULT ' "$WORK/$id.out")"; then
            end="$(field end "$line")"
        fi
    elif counter_end "$id"; then
        end="$COUNTER_T"
    fi
    if [ "$feed_rc" != 0 ] || [ -z "$end" ]; then
        fail "$row" "not all N messages arrived (feed status $feed_rc)"
        return 0
    fi
    local r f
    r="$(calc "$N / ($end - $t0)")"
    f="$(calc "$N / ($t_feed - $t0)")"
    record "$row" "$r"
    record "feed.$row" "$f"
    progress "$row" "$(printf '%.0f msg/s (feed %.0f msg/s)' "$r" "$f")"
}

# backlog ROW QOS ext|sub: the broker first queues the N lines for an offline session
# (clean_session false; mosquitto_pub -l feeds them), then the consumer connects and drains
# them: rate = N / (Nth arrival - connect). Unlike consume, the feed cannot be the bottleneck.
backlog() {
    local row="$1" qos="$2" kind="$3" topic="bench/$1/$RUN" id="bdrain-$1-$RUN" t0 t1
    CURRENT_ROW="$row"
    : > "$WORK/stderr"
    if ! run_bg /dev/null /dev/null mosquitto_sub -h "$MQTT_HOST" -p "$MQTT_PORT" -i "$id" -c -q "$qos" -t "$topic" -E; then
        fail "$row" "could not create the session"
        return 0
    fi
    if ! run_bg "$WORK/lines" /dev/null mosquitto_pub -h "$MQTT_HOST" -p "$MQTT_PORT" -i "bfill-$1-$RUN" \
            -q "$qos" -M 1000 -t "$topic" -l || ! wait_log "Client bfill-$1-$RUN disconnected"; then
        fail "$row" "could not queue the messages"
        return 0
    fi
    if [ "$kind" = ext ]; then
        if ! run_runner ext drain "$qos" "$N" "topic=$topic" "client_id=$id"; then
            fail "$row" "$(last_error || echo 'did not complete')"
            return 0
        fi
    else
        t0=$EPOCHREALTIME
        if ! run_bg /dev/null /dev/null mosquitto_sub -h "$MQTT_HOST" -p "$MQTT_PORT" -i "$id" -c -q "$qos" \
                -t "$topic" -C "$N" -W "$LIMIT"; then
            fail "$row" "mosquitto_sub did not get all N messages"
            return 0
        fi
        t1=$EPOCHREALTIME
        RESULT_LINE="RESULT n=$N secs=$(calc "$t1 - $t0")"
    fi
    local r
    r="$(rate_of "$RESULT_LINE")"
    record "$row" "$r"
    progress "$row" "$(printf '%.0f msg/s' "$r")"
}

# ---- optional PHP peers ------------------------------------------------------------------------

MOSQ_PHP_ARGS=()
if [ -n "${MOSQUITTO_PHP_SO:-}" ] && ! php -m | grep -qx mosquitto; then
    MOSQ_PHP_ARGS=(-d "extension=$MOSQUITTO_PHP_SO")
fi
export PHPMQTT_PHP PHP_MQTT_CLIENT_AUTOLOAD

# peer_available VAR ROWS...: records the rows as skipped when VAR is unset; fails when it names
# no file.
peer_available() {
    local var="$1" row
    shift
    if [ -z "${!var:-}" ]; then
        if [ "$RUN" = 1 ]; then
            for row in "$@"; do record "$row" skipped "" "set $var to run it"; done
            progress "$var" "unset: skipped"
        fi
        return 1
    fi
    if [ ! -f "${!var}" ]; then
        [ "$RUN" = 1 ] && for row in "$@"; do fail "$row" "$var=${!var} is not a file"; done
        return 1
    fi
}

# ---- the runs ----------------------------------------------------------------------------------

log "N=$N, $REPEAT runs of every scenario (interleaved), memory check with $RSS_COUNT messages"
for RUN in $(seq 1 "$REPEAT"); do
    log "run $RUN of $REPEAT"
    for q in 0 1 2; do
        publish "ext.pub.q$q" ext publish "$q" "$N" "topic=bench/ext.pub.q$q"
    done
    for q in 0 1 2; do
        publish "ext.async.q$q" ext async "$q" "$N" "topic=bench/ext.async.q$q"
    done
    for q in 1 2; do
        counted "ext.async.q$q.w20" "$q" "bench/ext.w20.q$q/$RUN" ext async "$q" "$N" window=20 "topic=bench/ext.w20.q$q/$RUN"
    done
    # QoS 0 has no acknowledgement, and mosquitto_pub lives 100 ms past the end of its input:
    # a subscriber tells when the last message actually came through.
    counted mospub.q0 0 "bench/mospub.q0/$RUN" mospub "bpub-q0-$RUN" 0 20 "bench/mospub.q0/$RUN"
    for q in 1 2; do
        counted "mospub.q$q.w20" "$q" "bench/mospub.q$q/$RUN" mospub "bpub-q$q-$RUN" "$q" 20 "bench/mospub.q$q/$RUN"
    done
    publish native.async.q0 native async 0 "$N" 64 20 bench/native.q0
    for q in 1 2; do
        counted "native.async.q$q.w20" "$q" "bench/native.q$q/$RUN" native async "$q" "$N" 64 20 "bench/native.q$q/$RUN"
    done
    publish native.block.q1 native blocking 1 "$N" 64 20 bench/native.block.q1
    publish native.block.q2 native blocking 2 "$N" 64 20 bench/native.block.q2

    if peer_available MOSQUITTO_PHP_SO peer.mosqphp.q0 peer.mosqphp.q1.w20 peer.mosqphp.q1.block; then
        publish peer.mosqphp.q0 peer_mosq q0 "$N" bench/mosqphp.q0
        counted peer.mosqphp.q1.w20 1 "bench/mosqphp.q1/$RUN" peer_mosq q1-pipelined "$N" "bench/mosqphp.q1/$RUN"
        publish peer.mosqphp.q1.block peer_mosq q1-blocking "$N" bench/mosqphp.block
    fi
    if peer_available PHPMQTT_PHP peer.phpmqtt.q0; then
        publish peer.phpmqtt.q0 peer_phpmqtt q0 "$N" bench/phpmqtt.q0
    fi
    if peer_available PHP_MQTT_CLIENT_AUTOLOAD peer.pmc.q0 peer.pmc.q1.pipe peer.pmc.q1.block; then
        publish peer.pmc.q0 peer_pmc q0 "$N" bench/pmc.q0
        counted peer.pmc.q1.pipe 1 "bench/pmc.q1/$RUN" peer_pmc q1-pipelined "$N" "bench/pmc.q1/$RUN"
        publish peer.pmc.q1.block peer_pmc q1-blocking "$N" bench/pmc.block
    fi

    for q in 0 1; do
        consume "cons.ext.q$q" "$q" ext
        consume "cons.sub.q$q" "$q" sub
        backlog "cons.ext.q$q.backlog" "$q" ext
        backlog "cons.sub.q$q.backlog" "$q" sub
    done
done

# Memory, once: peak RSS with the extension against the same loop in plain PHP without MQTT.
log "memory: $RSS_COUNT x publishAsync() QoS 0 against plain PHP"
LIMIT=$((60 + RSS_COUNT / 2000))
if run_runner ext rss 0 "$RSS_COUNT" topic=bench/rss; then
    record rss.ext "$(field hwm_kib "$RESULT_LINE")" "$(field samples_kib "$RESULT_LINE")" "$RSS_COUNT"
    progress rss.ext "peak $(field hwm_kib "$RESULT_LINE") KiB"
else
    record rss.ext 0 "" "$RSS_COUNT"
    progress rss.ext "FAILED (see bench/results/latest.log)"
fi
PLAIN='$n = (int)$argv[1];
function publishAsync(string $topic, string $payload, int $qos): void {}
$kib = function (string $f): int {
    preg_match("/^$f:\s+(\d+)/m", file_get_contents("/proc/self/status"), $m);
    return (int)$m[1];
};
$topic = "bench/rss"; $payload = str_repeat("x", 64);
$every = max(1, intdiv($n, 10)); $samples = [];
for ($i = 0; $i < $n; $i++) {
    publishAsync($topic, $payload, 0);
    if (($i + 1) % $every === 0) { $samples[] = $kib("VmRSS"); }
}
printf("RESULT n=%d secs=0 hwm_kib=%d samples_kib=%s\n", $n, $kib("VmHWM"), implode(",", $samples));'
if result_of php -r "$PLAIN" "$RSS_COUNT"; then
    record rss.plain "$(field hwm_kib "$RESULT_LINE")" "$(field samples_kib "$RESULT_LINE")" "$RSS_COUNT"
    progress rss.plain "peak $(field hwm_kib "$RESULT_LINE") KiB"
else
    record rss.plain 0 "" "$RSS_COUNT"
fi

# ---- the table ---------------------------------------------------------------------------------

{
    echo "date=$(date '+%Y-%m-%d %H:%M:%S %Z')"
    echo "nproc=$(nproc)"
    echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
    echo "php=$(php -r 'echo PHP_VERSION;')"
    echo "mosquitto=$(mosquitto -h 2>/dev/null | sed -n 's/^mosquitto version \([^ ]*\).*/\1/p' | head -n 1)"
    echo "rumqttc=$(sed -n '/^name = "rumqttc"/{n;s/version = "\(.*\)"/\1/p;}' "$ROOT/Cargo.lock")"
    echo "ext=$(php -d "extension=$MQTT_SO" -r 'echo phpversion("mqtt");') ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD -- src Cargo.toml Cargo.lock 2>/dev/null || echo ', modified'))"
    echo "n=$N"
    echo "repeat=$REPEAT"
    echo "broker=persistence false, max_inflight_messages $BROKER_INFLIGHT, max_queued_messages $BROKER_QUEUE"
    echo "load_start=$LOAD_START"
    echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)"
} > "$WORK/meta"
php "$ROOT/bench/report.php" "$WORK/meta" "$RAW" | tee "$RESULTS/latest.md"
