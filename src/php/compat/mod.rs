//! Classes that let scripts written for other PHP MQTT clients (the Mosquitto-PHP extension,
//! the phpMQTT class) run unchanged on this engine.

pub mod mosquitto;
pub mod phpmqtt;
