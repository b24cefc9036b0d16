# Shared steps of the project's commands: install what is missing, build, run a broker.
# Sourced by scripts/*.sh; every step is idempotent.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
APT_PACKAGES="php-cli php-dev clang libclang-dev libssl-dev pkg-config openssl mosquitto mosquitto-clients php-fpm libfcgi-bin"

log() { printf '==> %s\n' "$*" >&2; }

ensure_packages() {
    local missing=() p
    for p in $APT_PACKAGES "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing ${missing[*]}"
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
    if ! command -v cargo >/dev/null; then
        [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
    fi
    command -v cargo >/dev/null || { echo "cargo (Rust) is needed: https://rustup.rs" >&2; exit 1; }
}

build() {
    log "building the extension (cargo build --release)"
    (cd "$ROOT" && cargo build --release --quiet)
    MQTT_SO="$ROOT/target/release/libmqtt.so"
    export MQTT_SO
}

free_port() {
    php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); echo explode(":", stream_socket_get_name($s, false))[1];'
}

# start_broker: a mosquitto of our own on a free loopback port; sets MQTT_HOST, MQTT_PORT.
start_broker() {
    BROKER_DIR="$(mktemp -d /tmp/mqtt-broker.XXXXXX)"
    chmod 755 "$BROKER_DIR"
    MQTT_HOST=127.0.0.1
    MQTT_PORT="$(free_port)"
    cat > "$BROKER_DIR/mosquitto.conf" <<CONF
listener $MQTT_PORT 127.0.0.1
allow_anonymous true
persistence false
log_dest file $BROKER_DIR/mosquitto.log
sys_interval 1
CONF
    chmod 644 "$BROKER_DIR/mosquitto.conf"
    mosquitto -c "$BROKER_DIR/mosquitto.conf" >/dev/null 2>&1 &
    BROKER_PID=$!
    export MQTT_HOST MQTT_PORT
    local i
    for i in $(seq 1 100); do
        php -r 'exit(@fsockopen($argv[1], (int)$argv[2]) ? 0 : 1);' "$MQTT_HOST" "$MQTT_PORT" && { log "mosquitto (pid $BROKER_PID) on $MQTT_HOST:$MQTT_PORT"; return 0; }
        sleep 0.1
    done
    echo "mosquitto did not start" >&2
    return 1
}

stop_broker() {
    if [ -n "${BROKER_PID:-}" ]; then
        kill "$BROKER_PID" 2>/dev/null || true
        wait "$BROKER_PID" 2>/dev/null || true
        BROKER_PID=""
    fi
    [ -n "${BROKER_DIR:-}" ] && rm -rf "$BROKER_DIR"
    BROKER_DIR=""
}

# use_built_module: PHP commands from here on load only the module just built. An installed copy
# (scripts/install.sh puts an mqtt.ini in the scan directory) would be a second, maybe older,
# mqtt: run PHP with a scan directory that has every ini file but that one.
use_built_module() {
    local scan f
    scan="$(php -n -r 'echo PHP_CONFIG_FILE_SCAN_DIR;')"
    INI_DIR="$(mktemp -d /tmp/mqtt-ini.XXXXXX)"
    for f in "$scan"/*.ini; do
        case "$(basename "$f")" in *mqtt*) ;; *) ln -s "$f" "$INI_DIR/" ;; esac
    done
    export PHP_INI_SCAN_DIR="$INI_DIR"
}

php_with_ext() {
    php -d "extension=$MQTT_SO" "$@"
}
