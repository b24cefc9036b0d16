#!/usr/bin/env bash
# Publishing throughput and memory of one CLI process against a local mosquitto on a free port.
# Usage: bench/cli.sh [messages]
. "$(dirname "$0")/../scripts/lib.sh"
ensure_packages
build
use_built_module
trap 'stop_broker; rm -rf "$INI_DIR"' EXIT
start_broker
php_with_ext "$ROOT/bench/cli.php" "${1:-20000}"
