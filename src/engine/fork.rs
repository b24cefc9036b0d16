//! What fork() changes for the engine: the process id.
//!
//! PHP-FPM forks its workers after module startup and scripts may call `pcntl_fork()`. A runtime
//! or connection made before the fork belongs to the parent (its threads do not exist in the
//! child), so everything is tagged with the pid that made it and compared against this one. The
//! pid is cached, since it is checked on every call, and forgotten in the child by an atfork
//! handler.

use std::sync::atomic::{AtomicU32, Ordering};

static PID: AtomicU32 = AtomicU32::new(0);

extern "C" fn forget_pid_in_child() {
    PID.store(0, Ordering::Relaxed);
}

/// This process's id, without a system call once known.
pub fn current_pid() -> u32 {
    match PID.load(Ordering::Relaxed) {
        0 => {
            static REGISTER: std::sync::Once = std::sync::Once::new();
            REGISTER.call_once(|| {
                // SAFETY: registers a child handler that only stores to an atomic, which is
                // async-signal-safe as a fork handler must be.
                unsafe { libc::pthread_atfork(None, None, Some(forget_pid_in_child)) };
            });
            let pid = std::process::id();
            PID.store(pid, Ordering::Relaxed);
            pid
        }
        pid => pid,
    }
}
