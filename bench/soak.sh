#!/usr/bin/env bash
# Memory soak (not part of scripts/test.sh): 1,000,000 messages (or $1) through one client
# against a local mosquitto on a free port; prints resident memory every 100,000 messages.
# Usage: bench/soak.sh [messages]
. "$(dirname "$0")/../scripts/lib.sh"
. "$(dirname "$0")/lib.sh"
ensure_packages
build
use_built_module
WORK="$(mktemp -d /tmp/mqtt-soak.XXXXXX)"
trap 'stop_bench_broker; rm -rf "$INI_DIR" "$WORK"' EXIT
start_bench_broker 1000
php_with_ext "$ROOT/bench/soak.php" "$MQTT_PORT" "${1:-1000000}"
