//! The Mosquitto-PHP API (`Mosquitto\Client`, `Mosquitto\Message`, `Mosquitto\Exception`) over
//! the engine, so that scripts written for that extension run unchanged. Registered at module
//! startup when `mqtt.mosquitto_compat` is on and the original `mosquitto` extension is not
//! loaded.

pub mod client;
pub mod exception;
pub mod message;

use std::ffi::c_char;

use ext_php_rs::builders::ModuleBuilder;
use ext_php_rs::constant::IntoConst;
use ext_php_rs::ffi::{self, HashTable};
use ext_php_rs::zend::ModuleEntry;

pub const LOG_INFO: i64 = 1;
pub const LOG_NOTICE: i64 = 2;
pub const LOG_WARNING: i64 = 4;
pub const LOG_ERR: i64 = 8;
pub const LOG_DEBUG: i64 = 16;

extern "C" {
    /// Every loaded extension, filled before any MINIT runs (Zend/zend_API.c).
    static mut module_registry: HashTable;
}

/// Whether the original extension (module name "mosquitto") is loaded in this process.
pub fn original_loaded() -> bool {
    let name = "mosquitto";
    // SAFETY: module_registry is the engine's table of loaded modules, complete before any
    // module's MINIT runs and only read here, on the thread running MINIT; the lookup only reads
    // it (keys are lowercase module names).
    unsafe {
        let table = std::ptr::addr_of_mut!(module_registry);
        !ffi::zend_hash_str_find_ptr_lc(table, name.as_ptr().cast::<c_char>(), name.len()).is_null()
    }
}

/// Registers the classes and the global MOSQ_LOG_* constants; called from MINIT when wanted.
pub fn register(ty: i32, module_number: i32) -> ext_php_rs::error::Result<()> {
    exception::register()?;
    let builder = ModuleBuilder::new("mqtt-mosquitto-compat", env!("CARGO_PKG_VERSION"))
        .class::<message::Message>()
        .class::<client::Client>();
    let (_entry, startup, _alloc): (ModuleEntry, _, _) = builder.try_into()?;
    startup.startup(ty, module_number)?;
    for (name, value) in [
        ("MOSQ_LOG_INFO", LOG_INFO),
        ("MOSQ_LOG_NOTICE", LOG_NOTICE),
        ("MOSQ_LOG_WARNING", LOG_WARNING),
        ("MOSQ_LOG_ERR", LOG_ERR),
        ("MOSQ_LOG_DEBUG", LOG_DEBUG),
    ] {
        value.register_constant(name, module_number)?;
    }
    Ok(())
}
