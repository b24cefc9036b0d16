//! Outcomes of queued publishes (`publishAsync()`), counted rather than sent one by one: a
//! producer queuing hundreds of thousands of messages needs totals, not a channel per message.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::SeqCst};

use parking_lot::Mutex;

use super::error::Error;

#[derive(Default)]
pub struct Batch {
    open: AtomicUsize,
    done: AtomicU64,
    lost: AtomicU64,
    first_error: Mutex<Option<Error>>,
}

/// What completed since the last `take()`.
#[derive(Debug, Default, PartialEq)]
pub struct Totals {
    pub done: u64,
    pub lost: u64,
    pub first_error: Option<Error>,
}

impl Batch {
    pub(crate) fn opened(&self) {
        self.open.fetch_add(1, SeqCst);
    }

    /// A publish of the batch completed (`Ok`) or can never complete (`Err`).
    pub(crate) fn record(&self, outcome: Result<(), Error>) {
        match outcome {
            Ok(()) => {
                self.done.fetch_add(1, SeqCst);
            }
            Err(e) => {
                self.lost.fetch_add(1, SeqCst);
                self.first_error.lock().get_or_insert(e);
            }
        }
        self.open.fetch_sub(1, SeqCst);
    }

    /// Publishes queued and not completed yet.
    pub fn open(&self) -> usize {
        self.open.load(SeqCst)
    }

    /// The totals so far, counting from zero again.
    pub fn take(&self) -> Totals {
        Totals {
            done: self.done.swap(0, SeqCst),
            lost: self.lost.swap(0, SeqCst),
            first_error: self.first_error.lock().take(),
        }
    }
}
