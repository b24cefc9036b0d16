//! The state of one connection that the PHP thread and the connection's driver share.

use std::collections::VecDeque;
use std::sync::mpsc;

use parking_lot::{Mutex, MutexGuard};
use std::sync::Arc;

use tokio::sync::{watch, Notify};

use super::error::{Error, Result};
use super::inbox::{Inbox, LogLevel};
use super::protocol::Request;
use super::runtime::Wake;
use super::session::Session;
use super::tracker::{EntryId, Outcome, Tracker};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Connecting,
    Up,
    Reconnecting,
    Closed,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub published: u64,
    pub received: u64,
    pub reconnects: u64,
}

pub struct State {
    pub link: Link,
    /// Why the connection closed, for the errors of later calls.
    pub closed_reason: Option<Error>,
    /// Result of the first CONNACK (session present), or why connecting failed.
    pub first: Option<Result<bool>>,
    /// `disconnect()` was asked for: no reconnect, no "lost" event.
    pub closing: bool,
    /// Requests waiting for the driver, in the order the tracker registered them.
    pub outbox: VecDeque<(EntryId, Request)>,
    /// Acknowledgements of received messages (`ack` = manual), in the order MQTT requires; they
    /// go out before the outbox and are not held back by the publish window.
    pub acks_out: VecDeque<Request>,
    pub tracker: Tracker,
    pub inbox: Inbox,
    pub session: Session,
    pub report_published: bool,
    /// The least important log lines the driver writes into the inbox (`Event::Log`).
    pub log_level: Option<LogLevel>,
    pub stats: Stats,
    /// After a reconnect: the session flag to report, once the subscriptions are restored.
    pub resubscribing: Option<(bool, mpsc::Receiver<Result<Outcome>>)>,
    /// What the broker's last CONNACK allows (MQTT 5), checked before a publish is queued.
    pub limits: crate::engine::properties::ServerLimits,
}

pub struct Shared {
    pub state: Mutex<State>,
    /// Wakes a PHP thread waiting for the state to change.
    pub changed: Notify,
    /// Wakes the driver: requests or acknowledgements queued, room in the inbox.
    pub work: Arc<Wake>,
    pub stop: watch::Sender<bool>,
}

impl Shared {
    pub fn new() -> Shared {
        Shared {
            state: Mutex::new(State {
                link: Link::Connecting,
                closed_reason: None,
                first: None,
                closing: false,
                outbox: VecDeque::new(),
                acks_out: VecDeque::new(),
                tracker: Tracker::new(),
                inbox: Inbox::default(),
                session: Session::default(),
                report_published: false,
                log_level: None,
                stats: Stats::default(),
                resubscribing: None,
                limits: Default::default(),
            }),
            changed: Notify::new(),
            work: Wake::new(),
            stop: watch::channel(false).0,
        }
    }

    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock()
    }

    pub fn notify_changed(&self) {
        self.changed.notify_waiters();
    }
}

impl State {
    /// Queues a log line when logging is on.
    pub fn log(&mut self, level: LogLevel, message: impl FnOnce() -> String) {
        if self.log_level.is_some_and(|min| level >= min) {
            let message = message();
            self.inbox.push(super::inbox::Event::Log { level, message });
        }
    }

    /// The error of a request made after the connection closed: a `Connection` error whatever
    /// closed it (a protocol error ends the connection; later calls only find it gone).
    pub fn closed_error(&self) -> Error {
        let mut e = self
            .closed_reason
            .clone()
            .unwrap_or_else(Error::not_connected);
        e.kind = super::error::ErrorKind::Connection;
        e
    }
}
