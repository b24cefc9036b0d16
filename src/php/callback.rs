//! A PHP callable that a client keeps (onMessage(), subscribe(), ...). It owns one reference to
//! the callable's zval, and lets the cycle collector see that zval (handlers.rs): a callback that
//! captures its own client (`function () use ($client) {...}`) is then a cycle PHP can free.

use ext_php_rs::convert::IntoZvalDyn;
use ext_php_rs::exception::PhpResult;
use ext_php_rs::types::{ZendCallable, Zval};

use super::exceptions::to_php;
use super::interrupt;
use crate::engine::Error;

pub struct Callback(Zval);

impl Callback {
    /// Keeps `zv` (a counted reference to it); None when it is not callable.
    pub fn new(zv: &Zval) -> Option<Callback> {
        zv.is_callable().then(|| Callback(zv.shallow_clone()))
    }

    pub fn try_call(&self, params: Vec<&dyn IntoZvalDyn>) -> ext_php_rs::error::Result<Zval> {
        ZendCallable::new(&self.0)?.try_call(params)
    }

    /// Calls it on behalf of a client: an exception the callable threw, or one left pending by a
    /// signal handler it ran into, ends the client's loop.
    pub fn call(&self, params: Vec<&dyn IntoZvalDyn>) -> PhpResult<()> {
        self.try_call(params)?;
        if interrupt::exception_pending() {
            return Err(to_php(Error::interrupted()));
        }
        Ok(())
    }

    /// The zval this callback owns a reference to.
    pub fn zval(&self) -> &Zval {
        &self.0
    }
}
