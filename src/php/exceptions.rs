//! `Mqtt\Exception` (extends `\RuntimeException`) and its subclasses, and the mapping from engine
//! errors. Plain classes built with `ClassBuilder` at module startup, so that PHP code can also
//! create, throw and extend them (ext-php-rs classes cannot be instantiated from PHP).

use std::ffi::c_char;
use std::sync::atomic::{AtomicPtr, Ordering};

use ext_php_rs::builders::ClassBuilder;
use ext_php_rs::exception::PhpException;
use ext_php_rs::ffi;
use ext_php_rs::zend::{ce, ClassEntry};

use crate::engine::{Error, ErrorKind};

static EXCEPTION: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());
static CONNECTION: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());
static TIMEOUT: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());
static PROTOCOL: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());

/// Looks a class up in the compiler's class table: `ClassEntry::try_find` sees nothing yet during
/// module startup.
pub fn find_class(name: &str) -> Option<&'static ClassEntry> {
    // SAFETY: the compiler globals and their class table exist from module startup on, on this
    // (the PHP) thread; the lookup only reads them, and a class entry found lives as long as the
    // process.
    unsafe {
        let cg = ffi::ext_php_rs_compiler_globals();
        let p = ffi::zend_hash_str_find_ptr_lc(
            (*cg).class_table,
            name.as_ptr().cast::<c_char>(),
            name.len(),
        );
        (p as *const ClassEntry).as_ref()
    }
}

fn load(slot: &AtomicPtr<ClassEntry>) -> &'static ClassEntry {
    let p = slot.load(Ordering::Acquire);
    // SAFETY: null, or a class entry registered at module startup (before any method can run)
    // that lives as long as the process.
    unsafe { p.as_ref() }.unwrap_or_else(ce::exception)
}

fn runtime_exception() -> &'static ClassEntry {
    find_class("RuntimeException").unwrap_or_else(ce::exception)
}
pub fn exception() -> &'static ClassEntry {
    load(&EXCEPTION)
}
pub fn connection() -> &'static ClassEntry {
    load(&CONNECTION)
}
pub fn timeout() -> &'static ClassEntry {
    load(&TIMEOUT)
}
pub fn protocol() -> &'static ClassEntry {
    load(&PROTOCOL)
}

/// Registers `$name` extending `$parent`, keeping its class entry in `$slot`.
macro_rules! register_class {
    ($name:expr, $parent:expr, $slot:ident) => {
        ClassBuilder::new($name)
            .extends($parent)
            .registration(|ce, _| $slot.store(ce, Ordering::Release))
            .register()
    };
}

/// Called from module startup.
pub fn register() -> ext_php_rs::error::Result<()> {
    register_class!(
        "Mqtt\\Exception",
        (runtime_exception, "\\RuntimeException"),
        EXCEPTION
    )?;
    register_class!(
        "Mqtt\\ConnectionException",
        (exception, "\\Mqtt\\Exception"),
        CONNECTION
    )?;
    register_class!(
        "Mqtt\\TimeoutException",
        (exception, "\\Mqtt\\Exception"),
        TIMEOUT
    )?;
    register_class!(
        "Mqtt\\ProtocolException",
        (exception, "\\Mqtt\\Exception"),
        PROTOCOL
    )?;
    Ok(())
}

/// The PHP exception for an engine error.
pub fn to_php(e: Error) -> PhpException {
    let class = match e.kind {
        ErrorKind::InvalidArgument => ce::value_error(),
        ErrorKind::Connection => connection(),
        ErrorKind::Timeout => timeout(),
        ErrorKind::Protocol => protocol(),
        ErrorKind::Interrupted => exception(),
    };
    PhpException::new(e.message, e.code as i32, class)
}

pub fn value_error(message: impl Into<String>) -> PhpException {
    PhpException::new(message.into(), 0, ce::value_error())
}

pub fn type_error(message: impl Into<String>) -> PhpException {
    PhpException::new(message.into(), 0, ce::type_error())
}
