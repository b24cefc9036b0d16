#!/usr/bin/env bash
# Requests per second of a PHP-FPM endpoint that publishes one QoS 1 message per request over a
# persistent connection, against a plain PHP endpoint, under nginx + php-fpm (pm=static, $WORKERS
# workers, default 4)
# with wrk (8 connections). Checks that every acknowledged request's message reached the broker.
# Usage: bench/fpm.sh [seconds]
. "$(dirname "$0")/../scripts/lib.sh"
ensure_packages nginx-light wrk
build
SECS="${1:-10}"
WORK="$(mktemp -d /tmp/mqtt-bench.XXXXXX)"; chmod 755 "$WORK"
FPM_PID="" NGINX_PID="" SUB_PID=""
cleanup() {
    local p
    [ -n "$SUB_PID" ] && kill "$SUB_PID" 2>/dev/null
    [ -n "$NGINX_PID" ] && kill -QUIT "$NGINX_PID" 2>/dev/null
    [ -n "$FPM_PID" ] && kill -QUIT "$FPM_PID" 2>/dev/null
    for p in $SUB_PID $NGINX_PID $FPM_PID; do wait "$p" 2>/dev/null || true; done
    stop_broker
    rm -rf "$WORK"
}
trap cleanup EXIT
start_broker
FPM_PORT="$(free_port)"; HTTP_PORT="$(free_port)"
# Served from a copy: the workers (nobody) may not be able to read the checkout.
cp -r "$ROOT/bench/www" "$WORK/www"; chmod -R a+rX "$WORK/www"
user=""; [ "$(id -u)" -eq 0 ] && user=$'user = nobody\ngroup = nogroup'
cat > "$WORK/fpm.conf" <<CONF
[global]
error_log = $WORK/fpm.log
daemonize = no
process_control_timeout = 10s
[bench]
$user
listen = 127.0.0.1:$FPM_PORT
pm = static
pm.max_children = ${WORKERS:-4}
clear_env = no
CONF
php-fpm8.2 -n -F -y "$WORK/fpm.conf" -d "extension=$MQTT_SO" -d zend_extension=opcache.so -d opcache.enable=1 &
FPM_PID=$!
cat > "$WORK/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    server {
        listen 127.0.0.1:$HTTP_PORT;
        root $WORK/www;
        location ~ \.php\$ {
            fastcgi_pass 127.0.0.1:$FPM_PORT;
            fastcgi_keep_conn on;
            include /etc/nginx/fastcgi_params;
            fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
        }
    }
}
CONF
nginx -c "$WORK/nginx.conf" &
NGINX_PID=$!
sleep 1
# The broker's own counter of PUBLISH packets received, refreshed every second ($SYS): counting
# with a subscriber would put a second consumer on the 2 cores that the endpoints share.
broker_received() { # published (retained) only when it changes: wait past two intervals first
    sleep 2.5
    mosquitto_sub -h "$MQTT_HOST" -p "$MQTT_PORT" -C 1 -W 5 -t '$SYS/broker/publish/messages/received'
}

run() { # $1 = endpoint; prints requests/s and the number of 2xx responses
    local out
    out="$(wrk -t2 -c8 -d"${SECS}s" --latency "http://127.0.0.1:$HTTP_PORT/$1")"
    echo "$out" >&2
    local rps non2xx total
    rps="$(echo "$out" | sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p')"
    total="$(echo "$out" | sed -n 's/^ *\([0-9]*\) requests in.*/\1/p')"
    non2xx="$(echo "$out" | sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p')"
    echo "$rps $total ${non2xx:-0}"
}
curl -sf "http://127.0.0.1:$HTTP_PORT/publish.php" >/dev/null || { echo "publish endpoint failed"; cat "$WORK/fpm.log"; exit 1; }
read -r plain_rps plain_total plain_bad < <(run plain.php)
before="$(broker_received)"
read -r pub_rps pub_total pub_bad < <(run publish.php)
received=$(( $(broker_received) - before ))
ratio="$(php -r "printf('%.2f', $pub_rps / $plain_rps);")"
echo
echo "plain PHP endpoint:          $plain_rps req/s"
echo "QoS 1 publish (persistent):  $pub_rps req/s  (${ratio}x the plain endpoint)"
echo "publish requests: $pub_total ($pub_bad failed), PUBLISH packets the broker received: $received"
