//! Classes that let scripts written for other PHP MQTT clients run unchanged on this engine.

pub mod phpmqtt;
