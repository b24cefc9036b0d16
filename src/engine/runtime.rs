//! The one background tokio runtime of this process.
//!
//! A current-thread runtime driven by one dedicated thread: the lightest scheduler for the few
//! tasks a PHP process has (its connections' drivers). Created on first use, never at module
//! startup, and tagged with the pid that built it: a runtime inherited through `fork()` has no
//! thread in the child, so the child builds its own and leaks (never drops) the inherited one,
//! whose drop would wait for a thread that does not exist.

use std::thread::JoinHandle;

use parking_lot::Mutex;
use tokio::runtime::Handle;
use tokio::sync::oneshot;

use super::error::{Error, Result};

struct Owned {
    pid: u32,
    handle: Handle,
    stop: oneshot::Sender<()>,
    thread: JoinHandle<()>,
}

static RUNTIME: Mutex<Option<Owned>> = Mutex::new(None);

/// The runtime of the current process, built on first use (and again after a fork).
pub fn handle() -> Result<Handle> {
    let pid = std::process::id();
    let mut slot = RUNTIME.lock();
    if let Some(owned) = slot.as_ref() {
        if owned.pid == pid {
            return Ok(owned.handle.clone());
        }
    }
    if let Some(inherited) = slot.take() {
        std::mem::forget(inherited);
    }
    let cannot =
        |e: std::io::Error| Error::connection(format!("cannot start the MQTT runtime thread: {e}"));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(cannot)?;
    let handle = runtime.handle().clone();
    let (stop, stopped) = oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("mqtt-runtime".into())
        .spawn(move || {
            block_signals();
            // Drives every task and the I/O and timer drivers until shutdown.
            runtime.block_on(async {
                let _ = stopped.await;
            });
            runtime.shutdown_timeout(std::time::Duration::from_millis(500));
        })
        .map_err(cannot)?;
    *slot = Some(Owned {
        pid,
        handle: handle.clone(),
        stop,
        thread,
    });
    Ok(handle)
}

/// Signals are for the PHP thread (pcntl handlers, Ctrl-C): a signal delivered to this thread
/// while PHP has them blocked in a handler would be queued here and not run until the next one.
fn block_signals() {
    unsafe {
        let mut all: libc::sigset_t = std::mem::zeroed();
        libc::sigfillset(&mut all);
        libc::pthread_sigmask(libc::SIG_BLOCK, &all, std::ptr::null_mut());
    }
}

/// Stops the runtime of this process at module shutdown. An inherited one is leaked, never dropped.
pub fn shutdown() {
    let owned = RUNTIME.lock().take();
    if let Some(owned) = owned {
        if owned.pid == std::process::id() {
            let _ = owned.stop.send(());
            let _ = owned.thread.join();
        } else {
            std::mem::forget(owned);
        }
    }
}
