//! Lets PHP's own interrupts through during long waits: pcntl async signal handlers run, and a
//! `max_execution_time` expiry ends the wait so that the engine reports it.

use std::sync::atomic::{AtomicBool, Ordering};

use ext_php_rs::ffi;

use crate::engine::{Error, Result};

/// Runs pending signal handlers. Returns an error (ending the wait) when the script's time limit
/// expired (PHP raises its fatal error as soon as control returns) or a handler threw.
pub fn check() -> Result<()> {
    // SAFETY: the executor globals are this (the PHP) thread's, checked for null; the two flags
    // are atomics the engine also sets from signal handlers, read and written here as atomics;
    // the interrupt function is the engine's, called as zend_interrupt_helper calls it.
    unsafe {
        let eg = ffi::ext_php_rs_executor_globals();
        if eg.is_null() {
            return Ok(());
        }
        let vm_interrupt = &*(std::ptr::addr_of!((*eg).vm_interrupt) as *const AtomicBool);
        if !vm_interrupt.load(Ordering::SeqCst) {
            return Ok(());
        }
        let timed_out = &*(std::ptr::addr_of!((*eg).timed_out) as *const AtomicBool);
        if timed_out.load(Ordering::SeqCst) {
            // Leave vm_interrupt set: the VM raises "Maximum execution time exceeded".
            return Err(Error::interrupted());
        }
        vm_interrupt.store(false, Ordering::SeqCst); // as zend_interrupt_helper does
        if let Some(f) = ffi::zend_interrupt_function {
            f((*eg).current_execute_data);
        }
        if !(*eg).exception.is_null() {
            return Err(Error::interrupted());
        }
    }
    Ok(())
}

/// The tick of ordinary blocking calls (`engine::wait`): lets PHP signals and time limits
/// through.
pub fn tick() -> impl FnMut() -> Result<()> {
    check
}

/// Whether a PHP exception is pending (thrown by a signal handler or a callback).
pub fn exception_pending() -> bool {
    // SAFETY: the executor globals are this thread's, checked for null, and only read.
    unsafe {
        let eg = ffi::ext_php_rs_executor_globals();
        !eg.is_null() && !(*eg).exception.is_null()
    }
}
