<?php
// Baseline: a PHP endpoint that does no MQTT.
echo "ok\n";
