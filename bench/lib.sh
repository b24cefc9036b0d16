# Shared steps of bench/run.sh and bench/profile.sh, on top of scripts/lib.sh (sourced first:
# ensure_packages, build, free_port, use_built_module, log).
# Each script sets WORK (a scratch directory) before calling these.

export LC_ALL=C # $EPOCHREALTIME and printf must use a decimal point

NATIVE_BIN="$ROOT/target/bench-native/release/mqtt-bench-native"

# build_native: the rumqttc reference program of bench/native (its own Cargo package). Its
# Cargo.lock pins the extension's versions, so after `build` every crate is already in the
# registry cache and --offline works; fall back to a normal build on a machine where not.
build_native() {
    log "building the native rumqttc reference (bench/native)"
    local args=(build --release --quiet --manifest-path "$ROOT/bench/native/Cargo.toml"
        --target-dir "$ROOT/target/bench-native")
    cargo "${args[@]}" --offline 2>/dev/null || cargo "${args[@]}"
}

# start_bench_broker N: a mosquitto of our own on a free loopback port, sized so that the broker
# is not what drops or throttles a subscriber: max_queued_messages well above N (QoS 0 messages
# beyond it are dropped for a subscriber that reads slower than the publisher writes) and a wide
# outgoing window (max_inflight_messages) towards subscribers. Publishers are limited by their
# own windows (mosquitto_pub -M 20, max_inflight 20). queue_qos0_messages: the backlog rows queue
# QoS 0 messages for an offline session too. Logs subscriptions, so wait_subscribed can tell when
# a subscriber is ready. Sets MQTT_HOST, MQTT_PORT, BROKER_PID, BROKER_LOG.
start_bench_broker() {
    local n="$1" i
    MQTT_HOST=127.0.0.1
    MQTT_PORT="$(free_port)"
    BROKER_QUEUE=$((n * 2 + 10000))
    BROKER_INFLIGHT=1000
    BROKER_LOG="$WORK/mosquitto.log"
    cat > "$WORK/mosquitto.conf" <<CONF
listener $MQTT_PORT 127.0.0.1
allow_anonymous true
persistence false
max_queued_messages $BROKER_QUEUE
max_inflight_messages $BROKER_INFLIGHT
queue_qos0_messages true
log_dest file $BROKER_LOG
log_type error
log_type warning
log_type notice
log_type information
log_type subscribe
CONF
    # mosquitto started as root drops to its own user, which may not create files here: give it
    # a log file it may write (written line by line, unlike its stdout into a file).
    chmod 755 "$WORK"; chmod 644 "$WORK/mosquitto.conf"
    : > "$BROKER_LOG"; chmod 666 "$BROKER_LOG"
    mosquitto -c "$WORK/mosquitto.conf" >> "$WORK/errors.log" 2>&1 &
    BROKER_PID=$!
    export MQTT_HOST MQTT_PORT
    for i in $(seq 1 100); do
        grep -q ' running$' "$BROKER_LOG" 2>/dev/null && { log "mosquitto (pid $BROKER_PID) on $MQTT_HOST:$MQTT_PORT"; return 0; }
        kill -0 "$BROKER_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "mosquitto did not start:" >&2; cat "$BROKER_LOG" >&2
    return 1
}

stop_bench_broker() {
    if [ -n "${BROKER_PID:-}" ]; then
        kill "$BROKER_PID" 2>/dev/null || true
        wait "$BROKER_PID" 2>/dev/null || true
        BROKER_PID=""
    fi
}

# wait_subscribed CLIENT_ID TOPIC: until the broker logged that subscription (10 s at most).
wait_subscribed() {
    local i
    for i in $(seq 1 200); do
        grep -q -F " $1 " "$BROKER_LOG" && grep -F " $1 " "$BROKER_LOG" | grep -q -E " [0-2] $2\$" && return 0
        sleep 0.05
    done
    echo "subscriber $1 never subscribed to $2" >&2
    return 1
}

# PIDs of what runs in the background, so cleanup can stop exactly those.
BG_PIDS=()
kill_background() {
    local p
    for p in "${BG_PIDS[@]}"; do
        kill "$p" 2>/dev/null || true
    done
    for p in "${BG_PIDS[@]}"; do
        wait "$p" 2>/dev/null || true
    done
    BG_PIDS=()
}

# start_counter ID QOS TOPIC N SECS: a mosquitto_sub that exits after N messages (or after SECS
# seconds) and then writes "<unix time> <exit code>" to $WORK/ID.end. Returns once subscribed.
start_counter() {
    local id="$1" qos="$2" topic="$3" n="$4" secs="$5"
    rm -f "$WORK/$id.end" "$WORK/$id.pid"
    (
        mosquitto_sub -h "$MQTT_HOST" -p "$MQTT_PORT" -i "$id" -q "$qos" -t "$topic" -C "$n" -W "$secs" \
            > /dev/null 2>> "$WORK/errors.log" &
        echo "$!" > "$WORK/$id.pid"
        rc=0
        wait "$!" || rc=$?
        echo "$EPOCHREALTIME $rc" > "$WORK/$id.end"
    ) &
    BG_PIDS+=("$!")
    echo "$!" > "$WORK/$id.shell"
    while [ ! -s "$WORK/$id.pid" ]; do sleep 0.01; done
    BG_PIDS+=("$(cat "$WORK/$id.pid")")
    wait_subscribed "$id" "$topic"
}

# stop_counter ID: stops the counter ID if it still runs, and forgets its PIDs.
stop_counter() {
    local p
    [ -s "$WORK/$1.pid" ] || return 0
    p="$(cat "$WORK/$1.pid")"
    [ -s "$WORK/$1.end" ] || kill "$p" 2>/dev/null || true
    forget_pid "$p"
    wait "$(cat "$WORK/$1.shell")" 2>/dev/null || true
    forget_pid "$(cat "$WORK/$1.shell")"
    rm -f "$WORK/$1.pid" "$WORK/$1.shell"
}

# counter_end ID: waits for the counter ID; sets COUNTER_T to its exit time, or fails when it did
# not get all its messages. (Sets a variable rather than printing: in a $(...) subshell the PID
# bookkeeping would be lost.)
counter_end() {
    local id="$1" i t rc
    for i in $(seq 1 6000); do
        [ -s "$WORK/$id.end" ] && break
        sleep 0.01
    done
    [ -s "$WORK/$id.end" ] || return 1
    read -r t rc < "$WORK/$id.end"
    stop_counter "$id"
    [ "$rc" = 0 ] || return 1
    COUNTER_T="$t"
}

# field KEY LINE: the value of KEY=... in a RESULT line.
field() {
    local kv
    for kv in $2; do
        case "$kv" in "$1="*) echo "${kv#*=}"; return 0 ;; esac
    done
    return 1
}

# calc EXPR: floating point arithmetic (awk).
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }

# run_bg IN OUT CMD...: runs CMD (time-limited by $LIMIT) in the background with stdin IN and
# stdout OUT, waits for it and returns its status. In the background so that INT/TERM reach our
# trap at once; listed in BG_PIDS meanwhile so that the trap can stop it.
run_bg() {
    local in="$1" out="$2" pid rc=0
    shift 2
    timeout -k 5 "$LIMIT" "$@" < "$in" > "$out" 2> "$WORK/stderr" &
    pid=$!
    BG_PIDS+=("$pid")
    wait "$pid" || rc=$?
    forget_pid "$pid"
    [ "$rc" = 124 ] && echo "stopped after $LIMIT s" >> "$WORK/stderr"
    if [ -s "$WORK/stderr" ]; then
        { echo "== ${CURRENT_ROW:-} (status $rc): $*"; cat "$WORK/stderr"; } >> "$WORK/errors.log"
    fi
    return "$rc"
}

# last_error: the last line a failed command wrote to stderr (for the table's notes).
last_error() {
    [ -s "$WORK/stderr" ] && tail -n 1 "$WORK/stderr" | cut -c1-100
}

# forget_pid PID: it has been waited for; never signal that number again.
forget_pid() {
    local p keep=()
    for p in "${BG_PIDS[@]}"; do
        [ "$p" = "$1" ] || keep+=("$p")
    done
    BG_PIDS=("${keep[@]}")
}

# wait_log TEXT: until the broker log has a line containing TEXT (10 s at most).
wait_log() {
    local i
    for i in $(seq 1 200); do
        grep -q -F "$1" "$BROKER_LOG" && return 0
        sleep 0.05
    done
    echo "the broker never logged: $1" >&2
    return 1
}

# wait_connected CLIENT_ID: until the broker logged that client's connection (10 s at most).
wait_connected() {
    local i
    for i in $(seq 1 200); do
        grep -q -F " as $1 (" "$BROKER_LOG" && return 0
        sleep 0.05
    done
    echo "client $1 never connected" >&2
    return 1
}

# mosquitto_pub_timed ID QOS WINDOW TOPIC: publishes the N lines of $WORK/lines with
# `mosquitto_pub -l` and sets RESULT_LINE to "RESULT n= secs= start= end=" like the PHP scenarios.
# mosquitto_pub -l sleeps 100 ms while it connects and 100 ms after the end of its input, so the
# wall time of the process says little: it reads from a FIFO instead, the clock starts when the
# lines are written into it (it is connected and waiting by then) and stops when it exits, which
# it does right after the last acknowledgement unless that came within 100 ms of the end of input
# (then secs is that floor: use a larger N). BG_MOSQ_PUB=1: return at once instead, leaving the
# publisher running with its PID in MOSQ_PUB_PID and the start time in MOSQ_PUB_T0.
mosquitto_pub_timed() {
    local id="$1" qos="$2" window="$3" topic="$4" fifo="$WORK/$1.fifo" fd pid rc=0 t0 t1
    rm -f "$fifo"; mkfifo "$fifo"
    exec {fd}<>"$fifo" # a writer, so that opening the read end does not block
    timeout -k 5 "$LIMIT" mosquitto_pub -h "$MQTT_HOST" -p "$MQTT_PORT" -i "$id" -q "$qos" -M "$window" \
        -t "$topic" -l < "$fifo" > /dev/null 2>> "$WORK/stderr" {fd}>&- &
    pid=$!
    BG_PIDS+=("$pid")
    if ! wait_connected "$id"; then
        exec {fd}>&-
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        forget_pid "$pid"
        return 1
    fi
    sleep 0.25 # past its 100 ms connect sleep, blocked reading the FIFO
    t0=$EPOCHREALTIME
    cat "$WORK/lines" >&"$fd"
    exec {fd}>&- # end of input
    if [ "${BG_MOSQ_PUB:-0}" = 1 ]; then
        MOSQ_PUB_PID=$pid MOSQ_PUB_T0=$t0
        return 0
    fi
    wait "$pid" || rc=$?
    t1=$EPOCHREALTIME
    forget_pid "$pid"
    rm -f "$fifo"
    if [ "$rc" != 0 ]; then
        { echo "== ${CURRENT_ROW:-} (status $rc): mosquitto_pub -i $id -q $qos -M $window -t $topic -l"
          cat "$WORK/stderr" 2>/dev/null; } >> "$WORK/errors.log"
        return 1
    fi
    RESULT_LINE="RESULT n=$N secs=$(calc "$t1 - $t0") start=$t0 end=$t1"
}
