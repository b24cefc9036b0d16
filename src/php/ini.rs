//! php.ini settings of the extension.

use std::ffi::{c_char, c_int, c_void, CStr};
use std::time::Duration;

use ext_php_rs::ffi::{zend_ini_entry, zend_string};
use ext_php_rs::flags::IniEntryPermission;
use ext_php_rs::zend::{IniEntryDef, IniEntryDefs};

use crate::engine::Defaults;

pub static ENTRIES: IniEntryDefs<5> = IniEntryDefs::new([
    checked(
        c"mqtt.default_timeout",
        c"10",
        IniEntryPermission::All,
        check_seconds,
    ),
    checked(
        c"mqtt.default_connect_timeout",
        c"10",
        IniEntryPermission::All,
        check_seconds,
    ),
    checked(
        c"mqtt.persistent_max",
        c"16",
        IniEntryPermission::All,
        check_count,
    ),
    checked(
        c"mqtt.mosquitto_compat",
        c"1",
        IniEntryPermission::System,
        check_bool,
    ),
    IniEntryDef::end(),
]);

type OnModify = unsafe extern "C" fn(
    *mut zend_ini_entry,
    *mut zend_string,
    *mut c_void,
    *mut c_void,
    *mut c_void,
    c_int,
) -> c_int;

/// An entry whose values are checked when set: a value that makes no sense is refused with a
/// warning (php.ini, -d) and `ini_set()` returns false, rather than being read as 0 or replaced
/// by a default without a word.
const fn checked(
    name: &'static CStr,
    default: &'static CStr,
    permission: IniEntryPermission,
    on_modify: OnModify,
) -> IniEntryDef {
    let mut def = IniEntryDef::new(name, default, permission);
    def.on_modify = Some(on_modify);
    def
}

const SUCCESS: c_int = 0;
const FAILURE: c_int = -1;

/// Runs `valid` on the new value; warns and refuses it when it says why not.
///
/// # Safety
/// `entry` and `new_value` as the engine passes them to an on_modify handler (either may be null).
unsafe fn check(
    entry: *mut zend_ini_entry,
    new_value: *mut zend_string,
    valid: fn(&str) -> std::result::Result<(), &'static str>,
) -> c_int {
    // SAFETY: the engine passes a live entry and a live string (or null) for this call.
    let (name, value) = unsafe {
        let name = entry
            .as_ref()
            .and_then(|e| e.name.as_ref())
            .map(|n| String::from_utf8_lossy(n.as_bytes()).into_owned())
            .unwrap_or_default();
        let value = new_value
            .as_ref()
            .map(|v| v.as_bytes().to_vec())
            .unwrap_or_default();
        (name, value)
    };
    let text = String::from_utf8_lossy(&value);
    match valid(text.trim()) {
        Ok(()) => SUCCESS,
        Err(why) => {
            let shown: String = text.chars().take(64).collect();
            ext_php_rs::error::php_error(
                &ext_php_rs::flags::ErrorType::Warning,
                &format!(
                    "{name} must be {why}, \"{}\" given; the value is ignored",
                    shown.escape_default()
                ),
            );
            FAILURE
        }
    }
}

fn valid_seconds(v: &str) -> std::result::Result<(), &'static str> {
    match v.parse::<f64>() {
        Ok(s) if s.is_finite() && s > 0.0 => Ok(()),
        _ => Err("a finite number of seconds above 0"),
    }
}

fn valid_count(v: &str) -> std::result::Result<(), &'static str> {
    match v.parse::<i64>() {
        Ok(n) if (0..=i32::MAX as i64).contains(&n) => Ok(()),
        _ => Err("a whole number, 0 or more"),
    }
}

fn valid_bool(v: &str) -> std::result::Result<(), &'static str> {
    let v = v.to_ascii_lowercase();
    if matches!(
        v.as_str(),
        "" | "on" | "off" | "yes" | "no" | "true" | "false" | "none"
    ) || v.parse::<i64>().is_ok()
    {
        Ok(())
    } else {
        Err("On or Off")
    }
}

macro_rules! on_modify {
    ($name:ident, $valid:expr) => {
        unsafe extern "C" fn $name(
            entry: *mut zend_ini_entry,
            new_value: *mut zend_string,
            _: *mut c_void,
            _: *mut c_void,
            _: *mut c_void,
            _: c_int,
        ) -> c_int {
            // No unwinding into the engine: a panic refuses the value.
            std::panic::catch_unwind(|| {
                // SAFETY: called by the engine as an on_modify handler, with its arguments.
                unsafe { check(entry, new_value, $valid) }
            })
            .unwrap_or(FAILURE)
        }
    };
}

on_modify!(check_seconds, valid_seconds);
on_modify!(check_count, valid_count);
on_modify!(check_bool, valid_bool);

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
    // Refused values never get here (check_seconds); a huge one waits as long as it takes, as
    // the options do.
    let v = if v.is_finite() && v > 0.0 {
        v
    } else {
        fallback
    };
    Duration::from_secs_f64(v.min(crate::engine::options::MAX_SECONDS))
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
