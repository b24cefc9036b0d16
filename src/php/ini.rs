//! php.ini settings of the extension.

use std::ffi::{c_char, CStr};
use std::time::Duration;

use ext_php_rs::flags::IniEntryPermission;
use ext_php_rs::zend::{IniEntryDef, IniEntryDefs};

use crate::engine::Defaults;

pub static ENTRIES: IniEntryDefs<5> = IniEntryDefs::new([
    IniEntryDef::new(c"mqtt.default_timeout", c"10", IniEntryPermission::All),
    IniEntryDef::new(
        c"mqtt.default_connect_timeout",
        c"10",
        IniEntryPermission::All,
    ),
    IniEntryDef::new(c"mqtt.persistent_max", c"16", IniEntryPermission::All),
    IniEntryDef::new(c"mqtt.mosquitto_compat", c"1", IniEntryPermission::System),
    IniEntryDef::end(),
]);

extern "C" {
    fn zend_ini_double(name: *const c_char, name_length: usize, orig: i32) -> f64;
    fn zend_ini_long(name: *const c_char, name_length: usize, orig: i32) -> i64;
    fn zend_ini_string_ex(
        name: *const c_char,
        name_length: usize,
        orig: i32,
        exists: *mut bool,
    ) -> *const c_char;
}

fn double(name: &CStr) -> f64 {
    // SAFETY: a NUL-terminated name with its length; the engine only reads it (an unknown entry
    // gives 0).
    unsafe { zend_ini_double(name.as_ptr(), name.to_bytes().len(), 0) }
}

pub fn long(name: &CStr) -> i64 {
    // SAFETY: as in double().
    unsafe { zend_ini_long(name.as_ptr(), name.to_bytes().len(), 0) }
}

fn seconds(name: &CStr, fallback: f64) -> Duration {
    let v = double(name);
    let v = if v.is_finite() && v > 0.0 && v < 1e9 {
        v
    } else {
        fallback
    };
    Duration::from_secs_f64(v)
}

/// Timeouts for options that do not set them.
pub fn defaults() -> Defaults {
    Defaults {
        timeout: seconds(c"mqtt.default_timeout", 10.0),
        connect_timeout: seconds(c"mqtt.default_connect_timeout", 10.0),
    }
}

pub fn persistent_max() -> usize {
    long(c"mqtt.persistent_max").max(0) as usize
}

/// `mqtt.mosquitto_compat`: whether the Mosquitto-PHP classes are registered (default On).
/// Read as PHP reads a boolean setting ("On", "yes", "true" or a non-zero number).
pub fn mosquitto_compat() -> bool {
    let name = c"mqtt.mosquitto_compat";
    // SAFETY: the name is a valid C string of the given length; the engine returns null or a
    // C string owned by the ini entry, which lives while the module is loaded and is only read
    // here, before anything can change it.
    let value = unsafe {
        let p = zend_ini_string_ex(
            name.as_ptr(),
            name.to_bytes().len(),
            0,
            std::ptr::null_mut(),
        );
        if p.is_null() {
            return true;
        }
        CStr::from_ptr(p)
            .to_string_lossy()
            .trim()
            .to_ascii_lowercase()
    };
    match value.as_str() {
        "on" | "yes" | "true" => true,
        v => v.parse::<i64>().map(|n| n != 0).unwrap_or(false),
    }
}
