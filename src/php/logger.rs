//! The `logger` option: any object with a PSR-3 `log($level, $message, array $context)` method
//! (no Composer dependency needed). It receives the connection's events (connecting, connected,
//! lost, reconnecting, refused) on the PHP thread, at the start and end of the client's calls and
//! in order with the callbacks inside loop(). Log lines never carry a password.

use ext_php_rs::exception::PhpResult;
use ext_php_rs::types::{ZendHashTable, Zval};

use super::callback::Callback;
use super::convert;
use super::exceptions::value_error;
use crate::engine::inbox::LogLevel;

/// `[$logger, 'log']` for a `logger` option value; None for null or no option.
pub fn from_option(value: Option<&Zval>) -> PhpResult<Option<Callback>> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    let not_a_logger = || {
        value_error(format!(
            "option \"logger\" must be an object with a public log($level, $message, array \
             $context) method, {} given",
            convert::type_name(value)
        ))
    };
    if !value.is_object() {
        return Err(not_a_logger());
    }
    let mut pair = ZendHashTable::new();
    pair.push(value.shallow_clone())?;
    pair.push("log")?;
    let mut callable = Zval::new();
    callable.set_hashtable(pair);
    Callback::new(&callable).map(Some).ok_or_else(not_a_logger)
}

/// PSR-3's name for a level.
pub fn psr_level(level: LogLevel) -> &'static str {
    match level {
        LogLevel::Debug => "debug",
        LogLevel::Info => "info",
        LogLevel::Notice => "notice",
        LogLevel::Warning => "warning",
        LogLevel::Error => "error",
    }
}

/// Hands each line to the logger, in order; stops at the first exception it throws.
pub fn emit(logger: &Callback, lines: Vec<(LogLevel, String)>) -> PhpResult<()> {
    for (level, message) in lines {
        let context = ZendHashTable::new();
        logger.try_call(vec![&psr_level(level), &message, &context])?;
    }
    Ok(())
}
