//! The one blocking primitive: every blocking call of the PHP thread waits here.
//!
//! The PHP thread drives the process runtime itself while it waits, so the connection's driver
//! runs on this thread and a reply crosses no thread boundary. The wait ends when `check` yields a
//! value, at the deadline, or when `tick` (run every `SLICE`: PHP signals, time limits) fails.
//! An acknowledgement on loopback comes back faster than a sleeping thread wakes, so a wait may
//! first poll the network for a moment; `SpinPolicy` decides when that pays.

use std::sync::atomic::{AtomicU32, Ordering::Relaxed};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use super::error::Result;
use super::runtime::Handle;

/// How often every blocking wait wakes to run the caller's tick.
pub const SLICE: Duration = Duration::from_millis(50);

/// How long a wait for an acknowledgement keeps polling before it lets the thread sleep.
const SPIN: Duration = Duration::from_micros(100);

/// Called between slices of a blocking wait; an error ends the wait with that error.
pub type Tick<'a> = &'a mut dyn FnMut() -> Result<()>;

/// Whether a wait should start by polling: on while that catches the reply on an otherwise idle
/// machine; off for a long while after it missed a few times or found the machine busy, where the
/// CPU is better left to others (the broker, other PHP workers).
#[derive(Default)]
pub struct SpinPolicy {
    misses: AtomicU32,
    skip: AtomicU32,
}

impl SpinPolicy {
    fn should_spin(&self) -> bool {
        let skip = self.skip.load(Relaxed);
        if skip > 0 {
            self.skip.store(skip - 1, Relaxed);
            return false;
        }
        true
    }

    fn record(&self, hit: bool) {
        if hit {
            self.misses.store(0, Relaxed);
        } else if self.misses.fetch_add(1, Relaxed) + 1 >= 4 {
            self.misses.store(0, Relaxed);
            self.skip.store(4096, Relaxed);
        }
    }
}

/// Waits until `check` yields a value (`Ok(Some)`), the deadline passes (`Ok(None)`, after one
/// last look) or `tick` fails. `changed` is notified whenever what `check` looks at may have
/// changed. With `spin`, polls the network for a moment first (see `SpinPolicy`).
pub fn until<T>(
    runtime: &Handle,
    changed: &Notify,
    deadline: Option<Instant>,
    tick: Tick,
    spin: Option<&SpinPolicy>,
    mut check: impl FnMut() -> Option<T>,
) -> Result<Option<T>> {
    if let Some(v) = check() {
        return Ok(Some(v));
    }
    if let Some(policy) = spin.filter(|p| p.should_spin()) {
        let until = Instant::now() + SPIN;
        let (got, busy) = runtime.block_on(async {
            loop {
                if let Some(v) = check() {
                    return (Some(v), false);
                }
                if Instant::now() >= until {
                    return (None, false);
                }
                // Lets the driver run and the runtime poll the network without blocking.
                tokio::task::yield_now().await;
                if let Some(v) = check() {
                    return (Some(v), false);
                }
                // Offers the CPU to the machine's other threads: when one takes it, the machine
                // is busy and polling would only steal time from it.
                let offered = Instant::now();
                std::thread::yield_now();
                if offered.elapsed() > Duration::from_micros(5) {
                    return (None, true);
                }
            }
        });
        policy.record(got.is_some() && !busy);
        if got.is_some() {
            return Ok(got);
        }
    }
    loop {
        let slice = match deadline {
            Some(d) => {
                let now = Instant::now();
                if now >= d {
                    return Ok(check());
                }
                SLICE.min(d - now)
            }
            None => SLICE,
        };
        let found = runtime.block_on(async {
            let notified = changed.notified();
            tokio::pin!(notified);
            let give_up = tokio::time::sleep(slice);
            tokio::pin!(give_up);
            loop {
                notified.as_mut().enable();
                if let Some(v) = check() {
                    return Some(v);
                }
                tokio::select! {
                    _ = notified.as_mut() => notified.set(changed.notified()),
                    _ = give_up.as_mut() => return None,
                }
            }
        });
        if found.is_some() {
            return Ok(found);
        }
        tick()?;
    }
}

/// A deadline `d` from now, saturating instead of overflowing for huge durations.
pub fn deadline_in(d: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(d)
        .unwrap_or_else(|| now + Duration::from_secs(100 * 365 * 24 * 3600))
}
