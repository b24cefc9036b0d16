#!/usr/bin/env bash
# The main job: installs what is missing, builds, starts a local mosquitto on a free loopback
# port, runs examples/publish.php (QoS 0, 1 and 2, received by mosquitto_sub) and stops the broker.
. "$(dirname "$0")/lib.sh"
ensure_packages
build
use_built_module
trap 'kill $SUB_PID 2>/dev/null || true; stop_broker; rm -rf "$INI_DIR"' EXIT
start_broker
log "mosquitto_sub -v -t 'demo/#'"
mosquitto_sub -h "$MQTT_HOST" -p "$MQTT_PORT" -q 2 -v -t 'demo/#' -C 3 -W 10 &
SUB_PID=$!
sleep 0.3
log "php examples/publish.php"
php_with_ext "$ROOT/examples/publish.php" "mqtt://$MQTT_HOST:$MQTT_PORT"
wait "$SUB_PID" || true
