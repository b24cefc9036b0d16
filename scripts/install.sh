#!/usr/bin/env bash
# Builds mqtt.so, copies it to `php-config --extension-dir` and enables it for the CLI and FPM
# SAPIs (Debian's phpenmod). Restart php-fpm afterwards.
. "$(dirname "$0")/lib.sh"
ensure_packages
build
dir="$(php-config --extension-dir)"
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo install -m 0644 "$MQTT_SO" "$dir/mqtt.so"
ver="$(php -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;')"
if [ -d "/etc/php/$ver/mods-available" ]; then
    printf '; priority=20\nextension=mqtt.so\n' | $sudo tee "/etc/php/$ver/mods-available/mqtt.ini" >/dev/null
    $sudo phpenmod -v "$ver" -s ALL mqtt
else
    echo "add 'extension=mqtt.so' to your php.ini" >&2
fi
php -m | grep -qx mqtt && log "installed: $(php -r 'echo phpversion("mqtt");') in $dir"
