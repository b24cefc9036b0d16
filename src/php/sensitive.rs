//! `#[\SensitiveParameter]` on every parameter that can carry a password, as PHP's own functions
//! have it (password_hash(), PDO::__construct()): with zend.exception_ignore_args = Off, a trace
//! then shows `Object(SensitiveParameterValue)` there, and getTrace() keeps no copy of it.
//! ext-php-rs has no way to declare a parameter attribute, so it is added to the registered
//! methods once every module has started (the compatibility classes are registered last).

use std::ptr;

use ext_php_rs::ffi::{self, zend_function, zend_string, HashTable};

use super::exceptions::find_class;

/// (class, method, zero-based parameter).
const SENSITIVE: &[(&str, &str, u32)] = &[
    // A host URI may carry "user:password@".
    ("Mqtt\\Client", "__construct", 0),
    // The options: password, tls.key_password.
    ("Mqtt\\Client", "__construct", 2),
    ("Mosquitto\\Client", "setCredentials", 1),
    ("Mosquitto\\Client", "setTlsCertificates", 3),
    ("Bluerhinos\\phpMQTT", "connect", 3),
    ("Bluerhinos\\phpMQTT", "connect_auto", 3),
];

/// `ZEND_ATTRIBUTE_PERSISTENT` (Zend/zend_attributes.h): the attribute of an internal function.
const PERSISTENT: u32 = 1;

extern "C" {
    fn zend_add_attribute(
        attributes: *mut *mut HashTable,
        name: *mut zend_string,
        argc: u32,
        flags: u32,
        offset: u32,
        lineno: u32,
    ) -> *mut std::ffi::c_void;
}

/// The method `name` of `class`, if both are registered.
fn method(class: &str, name: &str) -> Option<*mut zend_function> {
    let ce = find_class(class)?;
    let lower = name.to_ascii_lowercase();
    // SAFETY: a registered class's method table lives as long as the module and is only read;
    // the key is lower case, as the table's keys are.
    let f = unsafe {
        ffi::zend_hash_str_find_ptr_lc(&ce.function_table, lower.as_ptr().cast(), lower.len())
    };
    (!f.is_null()).then_some(f.cast::<zend_function>())
}

/// Marks the parameters (once the classes are registered: see `post_startup.rs`).
pub fn mark() {
    // PHP 8.1 has no such attribute: nothing to mark.
    if find_class("SensitiveParameter").is_none() {
        return;
    }
    let attribute = b"SensitiveParameter";
    // SAFETY: still in startup, on PHP's one thread: the interned-string function is set, and an
    // interned, permanent string lives as long as the process. Each method found is an internal
    // function of a registered class; adding an attribute to it is what PHP's own generated
    // arginfo code does at startup (zend_add_parameter_attribute), and the engine frees it with
    // the class.
    unsafe {
        let Some(intern) = ffi::zend_string_init_interned else {
            return;
        };
        let name = intern(attribute.as_ptr().cast(), attribute.len(), true);
        if name.is_null() {
            return;
        }
        for &(class, name_of_method, param) in SENSITIVE {
            let Some(f) = method(class, name_of_method) else {
                continue;
            };
            if param >= (*f).common.num_args {
                continue;
            }
            zend_add_attribute(
                ptr::addr_of_mut!((*f).common.attributes),
                name,
                0,
                PERSISTENT,
                param + 1,
                0,
            );
        }
    }
}
