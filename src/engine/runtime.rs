//! The one tokio runtime of this process, and who drives it.
//!
//! A current-thread runtime. The PHP thread drives it inside every blocking call (`wait::until`),
//! so a publish and its acknowledgement need no hand-off between threads. When PHP has left the
//! extension for a moment (running other code, or a PHP-FPM worker between requests), a
//! background thread takes the runtime and holds it, parked on the network: messages reach the
//! inbox, keep-alive pings go out and queued publishes leave the moment they can. The next
//! blocking call asks for the runtime back (`enter()`). While PHP calls in quick succession the
//! background thread stays out of the way and only looks every few milliseconds, so a tight
//! publishing loop pays no thread hand-off per call.
//!
//! Created on first use, never at module startup, and tagged with the pid that built it: a
//! runtime inherited through `fork()` has no background thread in the child, so the child builds
//! its own and leaks (never drops) the inherited one.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::SeqCst};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use parking_lot::{Condvar, Mutex};
use tokio::runtime::Runtime;
use tokio::sync::Notify;

use super::error::{Error, Result};
use super::fork::current_pid;

/// How often the background thread looks whether PHP has left the extension.
const LOOK_INTERVAL: Duration = Duration::from_millis(5);
/// How long PHP must have been away before the background thread takes the runtime.
const AWAY_AFTER: Duration = Duration::from_millis(1);

/// Who drives the runtime: shared by the PHP thread and the background thread.
struct Handover {
    /// The PHP thread is inside a blocking call (it drives the runtime).
    inside: AtomicBool,
    /// When the PHP thread last left a blocking call, in µs since `epoch`.
    left_at: AtomicU64,
    /// The background thread holds the runtime.
    holding: AtomicBool,
    /// Asks the background thread to give the runtime back.
    release: Notify,
    /// Wakes deferred until the runtime next runs (see `Handle::wake_soon`).
    deferred: Mutex<Vec<Arc<Wake>>>,
    epoch: Instant,
}

/// Wakes one task of the runtime (a connection's driver) when there is work for it.
pub struct Wake {
    notify: Notify,
    deferred: AtomicBool,
}

impl Wake {
    pub fn new() -> Arc<Wake> {
        Arc::new(Wake {
            notify: Notify::new(),
            deferred: AtomicBool::new(false),
        })
    }

    /// Resolves at the next wake (or at once if one came since the last).
    pub async fn wait(&self) {
        self.notify.notified().await
    }

    /// Wakes the task now.
    pub fn now(&self) {
        self.notify.notify_one();
    }
}

impl Handover {
    fn now(&self) -> u64 {
        self.epoch.elapsed().as_micros() as u64
    }
}

struct Owned {
    pid: u32,
    runtime: Arc<Runtime>,
    handover: Arc<Handover>,
    stop: Arc<(Mutex<bool>, Condvar)>,
    thread: JoinHandle<()>,
}

static RUNTIME: Mutex<Option<Owned>> = Mutex::new(None);

/// The runtime of the current process and its hand-over, built on first use (and again after a
/// fork).
fn owned() -> Result<(Arc<Runtime>, Arc<Handover>)> {
    let pid = current_pid();
    let mut slot = RUNTIME.lock();
    if let Some(owned) = slot.as_ref() {
        if owned.pid == pid {
            return Ok((owned.runtime.clone(), owned.handover.clone()));
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
    let handover = Arc::new(Handover {
        inside: AtomicBool::new(false),
        left_at: AtomicU64::new(0),
        holding: AtomicBool::new(false),
        release: Notify::new(),
        deferred: Mutex::new(Vec::new()),
        epoch: Instant::now(),
    });
    let stop = Arc::new((Mutex::new(false), Condvar::new()));
    let thread = {
        let (runtime, handover, stop) = (runtime.clone(), handover.clone(), stop.clone());
        std::thread::Builder::new()
            .name("mqtt-runtime".into())
            .spawn(move || background(&runtime, &handover, &stop))
            .map_err(cannot)?
    };
    *slot = Some(Owned {
        pid,
        runtime: runtime.clone(),
        handover: handover.clone(),
        stop,
        thread,
    });
    Ok((runtime, handover))
}

/// The runtime of this process, and the means to drive it from the PHP thread.
#[derive(Clone)]
pub struct Handle {
    pub runtime: Arc<Runtime>,
    handover: Arc<Handover>,
}

impl Handle {
    /// Runs `f` to completion on the PHP thread, taking the runtime back from the background
    /// thread first if it holds it. Deferred wakes run first, inside the runtime, where waking a
    /// task costs no system call.
    pub fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        let h = &self.handover;
        h.inside.store(true, SeqCst);
        if h.holding.load(SeqCst) {
            h.release.notify_one();
        }
        let out = self.runtime.block_on(async {
            h.run_deferred();
            f.await
        });
        h.left_at.store(h.now(), SeqCst);
        h.inside.store(false, SeqCst);
        out
    }

    /// Wakes `wake` soon without a system call: when the PHP thread next drives the runtime, or at
    /// once if the background thread holds it (PHP is away, so nobody else would).
    pub fn wake_soon(&self, wake: &Arc<Wake>) {
        if wake.deferred.swap(true, SeqCst) {
            return; // already waiting for the next turn
        }
        let h = &self.handover;
        let mut deferred = h.deferred.lock();
        if h.holding.load(SeqCst) {
            drop(deferred);
            wake.deferred.store(false, SeqCst);
            wake.now();
        } else {
            deferred.push(wake.clone());
        }
    }

    /// The PHP thread is busy with the extension (queuing without waiting): the background
    /// thread should not take the runtime from under it.
    pub fn touch(&self) {
        self.handover.left_at.store(self.handover.now(), SeqCst);
    }

    /// Lets the runtime run what is ready (deferred wakes included) and returns.
    pub fn turn(&self) {
        self.block_on(tokio::task::yield_now());
    }
}

impl Handover {
    fn run_deferred(&self) {
        let wakes = std::mem::take(&mut *self.deferred.lock());
        for wake in wakes {
            wake.deferred.store(false, SeqCst);
            wake.now();
        }
    }
}

/// The runtime of the current process.
pub fn get() -> Result<Handle> {
    owned().map(|(runtime, handover)| Handle { runtime, handover })
}

/// Takes the runtime whenever PHP has been away for a moment, and holds it until PHP asks for it.
fn background(runtime: &Runtime, handover: &Handover, stop: &(Mutex<bool>, Condvar)) {
    block_signals();
    loop {
        {
            let mut stopped = stop.0.lock();
            if !*stopped {
                stop.1.wait_for(&mut stopped, LOOK_INTERVAL);
            }
            if *stopped {
                return;
            }
        }
        let away = !handover.inside.load(SeqCst)
            && handover.now().saturating_sub(handover.left_at.load(SeqCst))
                >= AWAY_AFTER.as_micros() as u64;
        if !away {
            continue;
        }
        // Under the lock of the deferred wakes, so that none is deferred to a turn that would
        // not come while the background thread holds the runtime.
        let deferred = handover.deferred.lock();
        handover.holding.store(true, SeqCst);
        drop(deferred);
        if !handover.inside.load(SeqCst) {
            // Parked on the network until PHP comes back (or the process ends).
            runtime.block_on(async {
                handover.run_deferred();
                handover.release.notified().await
            });
        }
        handover.holding.store(false, SeqCst);
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
            owned.handover.release.notify_one();
            let _ = owned.thread.join();
            if let Ok(runtime) = Arc::try_unwrap(owned.runtime) {
                runtime.shutdown_timeout(Duration::from_millis(500));
            }
        } else {
            std::mem::forget(owned);
        }
    }
}
