//! mqtt: an MQTT client for PHP with real QoS 1/2 guarantees.
//!
//! `engine` knows nothing of PHP; `php` is the extension's classes and hooks over it.

pub mod engine;
pub mod php;

use std::panic::catch_unwind;

use ext_php_rs::prelude::*;
use ext_php_rs::zend::{IniEntryDef, ModuleEntry};
use ext_php_rs::{info_table_end, info_table_row, info_table_start};

extern "C" {
    fn zend_unregister_ini_entries(module_number: i32);
    fn display_ini_entries(module: *mut ModuleEntry);
}

/// MINIT: php.ini entries, object handlers and exception classes. No thread, no runtime: PHP-FPM forks after this.
fn startup(ty: i32, module_number: i32) -> i32 {
    let ok = catch_unwind(|| {
        IniEntryDef::register(php::ini::ENTRIES.as_slice(), module_number);
        // Where it cannot, the classes keep ext-php-rs's handlers: they work, but the cycle
        // collector cannot free a client its callbacks capture.
        let _ = php::handlers::install();
        // The phpMQTT alias and #[\SensitiveParameter] need the classes registered first.
        php::post_startup::install();
        // The Mosquitto-PHP classes, unless switched off or the original extension is loaded
        // (then it keeps its names, and this extension stays out of its way).
        let compat = php::ini::mosquitto_compat() && !php::compat::mosquitto::original_loaded();
        php::exceptions::register().is_ok()
            && (!compat || php::compat::mosquitto::register(ty, module_number).is_ok())
    });
    if matches!(ok, Ok(true)) {
        0
    } else {
        1
    }
}

/// MSHUTDOWN (also a PHP-FPM worker's exit): close persistent connections with DISCONNECT.
extern "C" fn shutdown(_ty: i32, module_number: i32) -> i32 {
    let _ = catch_unwind(|| {
        php::persistent::close_all();
        engine::runtime::shutdown();
    });
    // SAFETY: the module number PHP gave this module; its entries were registered in startup().
    unsafe { zend_unregister_ini_entries(module_number) };
    0
}

extern "C" fn info(module: *mut ModuleEntry) {
    let _ = catch_unwind(|| {
        info_table_start!();
        info_table_row!("mqtt support", "enabled");
        info_table_row!("version", env!("CARGO_PKG_VERSION"));
        info_table_row!("rumqttc version", env!("MQTT_RUMQTTC_VERSION"));
        info_table_row!("MQTT protocols", engine::features::protocols());
        for feature in [engine::features::TLS, engine::features::WEBSOCKETS] {
            info_table_row!(feature.name, feature.yes_no());
        }
        let open = php::persistent::list();
        info_table_row!("persistent connections open", open.len().to_string());
        for (id, addr, up) in open {
            let state = if up { "connected" } else { "reconnecting" };
            info_table_row!("persistent connection", format!("{id} @ {addr} ({state})"));
        }
        info_table_end!();
    });
    // SAFETY: the module entry PHP passed to this phpinfo() hook.
    unsafe { display_ini_entries(module) };
}

#[php_module]
#[php(startup = startup)]
pub fn get_module(module: ModuleBuilder) -> ModuleBuilder {
    module
        .shutdown_function(shutdown)
        .info_function(info)
        .class::<php::message::Message>()
        .class::<php::client::Client>()
        .class::<php::compat::phpmqtt::PhpMqtt>()
}
