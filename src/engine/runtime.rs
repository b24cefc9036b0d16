//! The one tokio runtime of this process.
//!
//! A current-thread runtime that whoever waits drives: the PHP thread runs it inside every
//! blocking call (so a publish and its acknowledgement need no hand-off between threads), and a
//! background thread turns it while PHP is busy elsewhere, so keep-alive pings go out and
//! messages are read between calls and between requests: every 5 ms while connections are
//! active, backing off to every 100 ms while they are idle.
//!
//! Created on first use, never at module startup, and tagged with the pid that built it: a
//! runtime inherited through `fork()` has no background thread in the child, so the child builds
//! its own and leaks (never drops) the inherited one.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use parking_lot::{Condvar, Mutex};
use tokio::runtime::Runtime;

use super::error::{Error, Result};

/// How long the background thread sleeps between two turns of the runtime: short while the
/// connections are busy, longer while they are idle (an idle PHP-FPM worker costs next to nothing).
const BUSY_INTERVAL: Duration = Duration::from_millis(5);
const IDLE_INTERVAL: Duration = Duration::from_millis(100);

/// Set by the connection drivers whenever they handle something.
static ACTIVITY: AtomicBool = AtomicBool::new(false);

/// A connection did something: keep the background turns frequent for a while.
pub fn note_activity() {
    ACTIVITY.store(true, Ordering::Relaxed);
}

struct Owned {
    pid: u32,
    runtime: Arc<Runtime>,
    stop: Arc<(Mutex<bool>, Condvar)>,
    thread: JoinHandle<()>,
}

static RUNTIME: Mutex<Option<Owned>> = Mutex::new(None);

/// This process's id, cached: it is checked on every call (a connection inherited through fork()
/// must not be used) and getpid() would be a system call each time.
static PID: AtomicU32 = AtomicU32::new(0);

extern "C" fn forget_pid_in_child() {
    PID.store(0, Ordering::Relaxed);
}

pub fn current_pid() -> u32 {
    match PID.load(Ordering::Relaxed) {
        0 => {
            static REGISTER: std::sync::Once = std::sync::Once::new();
            REGISTER.call_once(|| {
                // SAFETY: registers a handler that only stores to an atomic, which is
                // async-signal-safe as a fork child handler must be.
                unsafe { libc::pthread_atfork(None, None, Some(forget_pid_in_child)) };
            });
            let pid = std::process::id();
            PID.store(pid, Ordering::Relaxed);
            pid
        }
        pid => pid,
    }
}

/// The runtime of the current process, built on first use (and again after a fork).
pub fn get() -> Result<Arc<Runtime>> {
    let pid = current_pid();
    let mut slot = RUNTIME.lock();
    if let Some(owned) = slot.as_ref() {
        if owned.pid == pid {
            return Ok(owned.runtime.clone());
        }
    }
    if let Some(inherited) = slot.take() {
        std::mem::forget(inherited);
    }
    let cannot =
        |e: std::io::Error| Error::connection(format!("cannot start the MQTT runtime: {e}"));
    let runtime = Arc::new(
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(cannot)?,
    );
    let stop = Arc::new((Mutex::new(false), Condvar::new()));
    let thread = {
        let (runtime, stop) = (runtime.clone(), stop.clone());
        std::thread::Builder::new()
            .name("mqtt-runtime".into())
            .spawn(move || background(&runtime, &stop))
            .map_err(cannot)?
    };
    *slot = Some(Owned {
        pid,
        runtime: runtime.clone(),
        stop,
        thread,
    });
    Ok(runtime)
}

/// Turns the runtime now and then: runs the tasks that are ready and the I/O that arrived.
fn background(runtime: &Runtime, stop: &(Mutex<bool>, Condvar)) {
    block_signals();
    let mut interval = BUSY_INTERVAL;
    loop {
        {
            let mut stopped = stop.0.lock();
            if !*stopped {
                stop.1.wait_for(&mut stopped, interval);
            }
            if *stopped {
                return;
            }
        }
        // A few scheduler turns, each polling the I/O driver without blocking. If the PHP thread
        // is driving the runtime right now, this waits for it and returns at once.
        runtime.block_on(async {
            for _ in 0..4 {
                tokio::task::yield_now().await;
            }
        });
        interval = if ACTIVITY.swap(false, Ordering::Relaxed) {
            BUSY_INTERVAL
        } else {
            (interval * 2).min(IDLE_INTERVAL)
        };
    }
}

/// Signals are for the PHP thread (pcntl handlers, Ctrl-C): a signal delivered to this thread
/// while PHP has them blocked in a handler would be queued here and not run until the next one.
fn block_signals() {
    // SAFETY: plain libc calls on a zero-initialised, then filled, sigset owned by this frame.
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
        if owned.pid == current_pid() {
            *owned.stop.0.lock() = true;
            owned.stop.1.notify_all();
            let _ = owned.thread.join();
            if let Ok(runtime) = Arc::try_unwrap(owned.runtime) {
                runtime.shutdown_timeout(Duration::from_millis(500));
            }
        } else {
            std::mem::forget(owned);
        }
    }
}
