//! The one background tokio runtime of this process.
//!
//! Created on first use, never at module startup, and tagged with the pid that built it: a runtime
//! inherited through `fork()` has no threads in the child, so the child builds its own and leaks
//! (never drops) the inherited one, whose drop would wait for threads that do not exist.

use parking_lot::Mutex;
use tokio::runtime::{Handle, Runtime};

use super::error::{Error, Result};

struct Owned {
    pid: u32,
    runtime: Runtime,
}

static RUNTIME: Mutex<Option<Owned>> = Mutex::new(None);

/// The runtime of the current process, built on first use (and again after a fork).
pub fn handle() -> Result<Handle> {
    let pid = std::process::id();
    let mut slot = RUNTIME.lock();
    if let Some(owned) = slot.as_ref() {
        if owned.pid == pid {
            return Ok(owned.runtime.handle().clone());
        }
    }
    if let Some(inherited) = slot.take() {
        std::mem::forget(inherited);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("mqtt-runtime")
        .enable_all()
        .build()
        .map_err(|e| Error::connection(format!("cannot start the MQTT runtime thread: {e}")))?;
    let handle = runtime.handle().clone();
    *slot = Some(Owned { pid, runtime });
    Ok(handle)
}

/// Whether this process has built its runtime (for phpinfo and tests).
pub fn is_running() -> bool {
    RUNTIME.lock().as_ref().is_some_and(|o| o.pid == std::process::id())
}

/// Stops the runtime of this process at module shutdown, giving tasks a moment to finish.
/// An inherited runtime is leaked, never dropped.
pub fn shutdown() {
    let owned = RUNTIME.lock().take();
    if let Some(owned) = owned {
        if owned.pid == std::process::id() {
            owned.runtime.shutdown_timeout(std::time::Duration::from_millis(500));
        } else {
            std::mem::forget(owned);
        }
    }
}
