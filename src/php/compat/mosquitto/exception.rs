//! `Mosquitto\Exception extends \Exception`, and libmosquitto's error texts.

use std::sync::atomic::{AtomicPtr, Ordering};

use ext_php_rs::builders::ClassBuilder;
use ext_php_rs::exception::PhpException;
use ext_php_rs::zend::{ce, ClassEntry};

use crate::engine::{Error, ErrorKind};

static EXCEPTION: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());

pub const INVALID: &str = "Invalid function arguments provided.";
pub const NOT_CONNECTED: &str = "The client is not currently connected.";
pub const REFUSED: &str = "The connection was refused.";
pub const LOST: &str = "The connection was lost.";
pub const TOO_LARGE: &str = "Payload too large.";
pub const NOT_SUPPORTED: &str = "This feature is not supported.";
pub const LOOKUP: &str = "Lookup error.";
pub const MALFORMED_UTF8: &str = "Malformed UTF-8";

pub fn register() -> ext_php_rs::error::Result<()> {
    ClassBuilder::new("Mosquitto\\Exception")
        .extends((ce::exception, "\\Exception"))
        .registration(|ce, _| EXCEPTION.store(ce, Ordering::Release))
        .register()
}

pub fn class() -> &'static ClassEntry {
    // SAFETY: the pointer is null or the class entry stored at module startup, which lives as
    // long as the module.
    unsafe { EXCEPTION.load(Ordering::Acquire).as_ref() }.unwrap_or_else(ce::exception)
}

/// A `Mosquitto\Exception` with `message` and code 0, as the original throws them.
pub fn error(message: impl Into<String>) -> PhpException {
    PhpException::new(message.into(), 0, class())
}

/// An engine error in libmosquitto's words where a script may test them.
pub fn from_engine(e: Error) -> PhpException {
    match e.kind {
        ErrorKind::InvalidArgument if e.message.contains("UTF-8") => error(MALFORMED_UTF8),
        ErrorKind::InvalidArgument
            if e.message.contains("max_packet_size") || e.message.contains("does not fit") =>
        {
            error(TOO_LARGE)
        }
        ErrorKind::InvalidArgument => error(INVALID),
        // A pending signal handler's or time limit's exception, or the engine's own words.
        ErrorKind::Interrupted => crate::php::exceptions::to_php(e),
        _ => PhpException::new(e.message, e.code as i32, class()),
    }
}
