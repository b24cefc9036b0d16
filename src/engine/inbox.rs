//! What the runtime thread hands to the PHP thread: received messages and connection events,
//! bounded so that a slow PHP consumer throttles the broker instead of growing the process.

use std::collections::VecDeque;

use bytes::Bytes;

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

use super::error::Error;
use super::tracker::Outcome;

/// A message received from the broker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub topic: String,
    pub payload: Bytes,
    pub qos: u8,
    pub retain: bool,
    pub dup: bool,
    /// The packet id (0 for QoS 0).
    pub pkid: u16,
    /// Position in the acknowledgement order; 0 when no acknowledgement is owed.
    pub ack_seq: u64,
    /// MQTT 5 properties that came with it; None when there were none (always under 3.1.1).
    pub properties: Option<Box<crate::engine::properties::PublishProperties>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Message(Message),
    /// CONNACK accepted (also after an automatic reconnect).
    Connected {
        session_present: bool,
    },
    /// The connection ended; `None` when asked for, else why it was lost.
    Disconnected {
        error: Option<Error>,
    },
    /// A publish completed (written for QoS 0, acknowledged for QoS 1/2).
    Published {
        pkid: u16,
    },
    /// A request queued with a notice (`Reply::Notice`) completed or failed.
    Done {
        tag: u64,
        result: Result<Outcome, Error>,
    },
    /// A line for a client's log (only while logging is on).
    Log {
        level: LogLevel,
        message: String,
    },
}

/// How much a log line matters (the levels of libmosquitto, which PSR-3 levels map onto).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LogLevel {
    Debug,
    Info,
    Notice,
    Warning,
    Error,
}

/// Limits of the inbox: the driver stops reading from the broker while either is reached.
pub const MAX_MESSAGES: usize = 1000;
pub const MAX_BYTES: usize = 16 * 1024 * 1024;

/// Past the limits the driver still reads while a request waits for its acknowledgement or a
/// PINGREQ for its answer (they may sit behind the messages); up to these, never further: a
/// broker that floods and never acknowledges must not grow the process without bound.
pub const HARD_MAX_MESSAGES: usize = 8 * MAX_MESSAGES;
pub const HARD_MAX_BYTES: usize = 4 * MAX_BYTES;

/// Log lines kept while nobody takes them; later ones are dropped.
pub const MAX_LOGS: usize = 10_000;

#[derive(Default)]
pub struct Inbox {
    events: VecDeque<Event>,
    messages: usize,
    bytes: usize,
    /// Log lines among the events.
    logs: usize,
    /// Readable while events wait, for event loops that watch a descriptor (`wake_fd()`).
    signal: Option<Signal>,
}

/// An eventfd that is readable exactly while the inbox has events.
struct Signal {
    fd: OwnedFd,
    raised: bool,
}

impl Signal {
    fn raise(&mut self) {
        if !self.raised {
            // SAFETY: writes 8 bytes from a live u64 to an eventfd this struct owns.
            let n = unsafe { libc::write(self.fd.as_raw_fd(), (&1u64 as *const u64).cast(), 8) };
            self.raised = n == 8;
        }
    }

    fn lower(&mut self) {
        if self.raised {
            let mut v = 0u64;
            // SAFETY: reads 8 bytes into a live u64 from a non-blocking eventfd this struct owns.
            unsafe { libc::read(self.fd.as_raw_fd(), (&mut v as *mut u64).cast(), 8) };
            self.raised = false;
        }
    }
}

impl Inbox {
    pub fn push(&mut self, event: Event) {
        match &event {
            Event::Message(m) => {
                self.messages += 1;
                self.bytes += m.payload.len() + m.topic.len();
            }
            Event::Log { .. } if self.logs >= MAX_LOGS => return,
            Event::Log { .. } => self.logs += 1,
            _ => {}
        }
        self.events.push_back(event);
        if let Some(s) = &mut self.signal {
            s.raise();
        }
    }

    /// A descriptor that is readable while events wait (created on first use).
    pub fn wake_fd(&mut self) -> std::io::Result<RawFd> {
        if self.signal.is_none() {
            // SAFETY: eventfd() returns a new descriptor or -1; a new one is owned from here on.
            let fd = unsafe { libc::eventfd(0, libc::EFD_NONBLOCK | libc::EFD_CLOEXEC) };
            if fd < 0 {
                return Err(std::io::Error::last_os_error());
            }
            // SAFETY: `fd` is a fresh descriptor nobody else owns.
            let fd = unsafe { OwnedFd::from_raw_fd(fd) };
            self.signal = Some(Signal { fd, raised: false });
            if !self.events.is_empty() {
                self.signal.as_mut().map(Signal::raise);
            }
        }
        Ok(self.signal.as_ref().map(|s| s.fd.as_raw_fd()).unwrap_or(-1))
    }

    fn lower_if_empty(&mut self) {
        if self.events.is_empty() {
            if let Some(s) = &mut self.signal {
                s.lower();
            }
        }
    }

    pub fn pop(&mut self) -> Option<Event> {
        let event = self.events.pop_front()?;
        match &event {
            Event::Message(m) => {
                self.messages -= 1;
                self.bytes -= m.payload.len() + m.topic.len();
            }
            Event::Log { .. } => self.logs -= 1,
            _ => {}
        }
        self.lower_if_empty();
        Some(event)
    }

    /// Takes the first message, leaving other events where they are (for `receive()`).
    pub fn pop_message(&mut self) -> Option<Message> {
        let at = self
            .events
            .iter()
            .position(|e| matches!(e, Event::Message(_)))?;
        match self.events.remove(at) {
            Some(Event::Message(m)) => {
                self.messages -= 1;
                self.bytes -= m.payload.len() + m.topic.len();
                self.lower_if_empty();
                Some(m)
            }
            _ => None,
        }
    }

    pub fn is_full(&self) -> bool {
        self.messages >= MAX_MESSAGES || self.bytes >= MAX_BYTES
    }

    /// Past the hard limits: the driver reads nothing more, whatever waits.
    pub fn is_overfull(&self) -> bool {
        self.messages >= HARD_MAX_MESSAGES || self.bytes >= HARD_MAX_BYTES
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn messages(&self) -> usize {
        self.messages
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// Takes the log lines out, leaving the other events in order.
    pub fn take_logs(&mut self) -> Vec<(LogLevel, String)> {
        if self.logs == 0 {
            return Vec::new();
        }
        let mut logs = Vec::with_capacity(self.logs);
        self.events.retain_mut(|e| match e {
            Event::Log { level, message } => {
                logs.push((*level, std::mem::take(message)));
                false
            }
            _ => true,
        });
        self.logs = 0;
        self.lower_if_empty();
        logs
    }

    /// Drops the events of a finished request (persistent connections keep only messages).
    pub fn retain_messages(&mut self) {
        self.events.retain(|e| matches!(e, Event::Message(_)));
        self.logs = 0;
        self.lower_if_empty();
    }
}

/// MQTT requires PUBACK/PUBREC in the order the messages arrived. Messages are acknowledged when
/// PHP has handled them, possibly out of order: this releases acknowledgements in arrival order.
/// A message whose handler failed is given up (never acknowledged on this connection, so the
/// broker redelivers it after a reconnect) without holding back the ones after it.
#[derive(Default)]
pub struct AckBook {
    next_seq: u64,
    /// (seq, qos, pkid, state) oldest first.
    open: VecDeque<(u64, u8, u16, AckState)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AckState {
    Waiting,
    Done,
    GivenUp,
}

impl AckBook {
    /// Records an arriving QoS 1/2 message; returns its sequence number.
    pub fn arrived(&mut self, qos: u8, pkid: u16) -> u64 {
        self.next_seq += 1;
        self.open
            .push_back((self.next_seq, qos, pkid, AckState::Waiting));
        self.next_seq
    }

    fn mark(&mut self, seq: u64, state: AckState) -> Vec<(u8, u16)> {
        if let Some(e) = self
            .open
            .iter_mut()
            .find(|e| e.0 == seq && e.3 == AckState::Waiting)
        {
            e.3 = state;
        }
        let mut release = Vec::new();
        while let Some(&(_, qos, pkid, st)) = self.open.front() {
            match st {
                AckState::Waiting => break,
                AckState::Done => release.push((qos, pkid)),
                AckState::GivenUp => {}
            }
            self.open.pop_front();
        }
        release
    }

    /// The message was handled: returns the (qos, pkid) acknowledgements now due, in order.
    pub fn done(&mut self, seq: u64) -> Vec<(u8, u16)> {
        self.mark(seq, AckState::Done)
    }

    /// The message's handler failed: it stays unacknowledged.
    pub fn give_up(&mut self, seq: u64) -> Vec<(u8, u16)> {
        self.mark(seq, AckState::GivenUp)
    }

    /// Whether a message with this packet id was delivered and awaits its acknowledgement.
    pub fn holds(&self, pkid: u16) -> bool {
        self.open
            .iter()
            .any(|e| e.2 == pkid && e.3 == AckState::Waiting)
    }

    /// A new connection without session: owed acknowledgements are void.
    pub fn clear(&mut self) {
        self.open.clear();
    }

    pub fn waiting(&self) -> usize {
        self.open.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acks_are_released_in_arrival_order() {
        let mut b = AckBook::default();
        let a = b.arrived(1, 10);
        let c = b.arrived(2, 11);
        let d = b.arrived(1, 12);
        assert!(b.done(c).is_empty());
        assert_eq!(b.give_up(a), vec![(2, 11)]);
        assert_eq!(b.done(d), vec![(1, 12)]);
        assert_eq!(b.waiting(), 0);
    }

    #[test]
    fn inbox_counts_messages_and_bytes() {
        let mut i = Inbox::default();
        let m = Message {
            topic: "t".into(),
            payload: Bytes::from(vec![0; 10]),
            qos: 0,
            retain: false,
            dup: false,
            pkid: 0,
            ack_seq: 0,
            properties: None,
        };
        i.push(Event::Connected {
            session_present: false,
        });
        i.push(Event::Message(m.clone()));
        assert_eq!(i.messages(), 1);
        assert_eq!(i.pop_message(), Some(m));
        assert_eq!(i.messages(), 0);
        assert_eq!(i.len(), 1);
    }
}
