//! Classes that let scripts written for other PHP MQTT extensions run on this engine.

pub mod mosquitto;
