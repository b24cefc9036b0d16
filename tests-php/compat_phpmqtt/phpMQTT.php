<?php
/*
 * Put this file where your scripts expect bluerhinos/phpMQTT's phpMQTT.php.
 *
 * The phpMQTT class (Bluerhinos\phpMQTT, and phpMQTT without a namespace) is built into the mqtt
 * PHP extension (mqtt.so), with real QoS 1 and 2. This file declares nothing: with the extension
 * loaded, requiring it does nothing at all. Without the extension it stops the script with a
 * message saying what to install, instead of failing later with "Class not found".
 */

if (!class_exists('Bluerhinos\phpMQTT', false)) {
    $message = 'phpMQTT: the mqtt extension is not loaded. The phpMQTT class is now provided by the'
        . ' mqtt PHP extension: install mqtt.so and enable it with "extension=mqtt" in php.ini'
        . ' (php --ini shows which files are read), then check with: php -m | grep mqtt';
    throw new Error($message);
}
