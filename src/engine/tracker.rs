//! Acknowledgement tracking: which reply belongs to which broker acknowledgement.
//!
//! rumqttc 0.25 assigns packet ids inside its event loop and reports only `Outgoing::Publish(pkid)`
//! when it handles a request. The driver hands requests to rumqttc through a rendezvous channel, so
//! every request handed over is taken in hand-over order and announced by a "sent" event
//! (`Publish`, `Subscribe`, ...) or, when its packet id is still busy, by `AwaitAck` and later a
//! `Publish` for the same id. The oldest unbound entry is the one a first event is about; from then
//! on its packet id identifies it. Retransmissions reuse an id that is bound and awaiting its
//! PUBACK/PUBREC and are recognised as such; a QoS 2 publish past PUBREC waits for PUBCOMP apart,
//! because rumqttc may already give its id to a new publish. Pure bookkeeping, tested without a
//! broker.

use std::collections::{HashMap, VecDeque};
use std::sync::mpsc::Sender;
use std::sync::Arc;

use super::batch::Batch;

use super::error::{reason_text, Error, Result};
use super::protocol::Subscription;

pub type EntryId = u64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Publish { qos: u8 },
    Subscribe,
    Unsubscribe,
    Disconnect,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Written (QoS 0, packet id 0) or acknowledged (QoS 1/2) by the broker.
    Published {
        pkid: u16,
    },
    /// SUBACK return codes, one per filter: the granted QoS, or 0x80 and above for a refusal.
    Subscribed {
        codes: Vec<u8>,
    },
    Unsubscribed,
    Disconnected,
}

/// Where the outcome of a request goes: to its one waiter, into a batch's totals, or into the
/// inbox as an event that names the request by the caller's tag (the non-blocking calls of the
/// compatibility classes report completion that way).
pub enum Reply {
    One(Sender<Result<Outcome>>),
    Batch(Arc<Batch>),
    Notice(Notice),
}

/// A request whose completion is reported as an inbox event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The caller's name for the request (a message id).
    pub tag: u64,
    /// What the session must remember once the broker confirmed it.
    pub change: SessionChange,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionChange {
    None,
    Subscribed(Subscription),
    Unsubscribed(String),
}

impl From<Sender<Result<Outcome>>> for Reply {
    fn from(tx: Sender<Result<Outcome>>) -> Reply {
        Reply::One(tx)
    }
}

impl Reply {
    /// Delivers the outcome; a notice is handed back for the driver to queue.
    fn send(self, result: Result<Outcome>) -> Option<(Notice, Result<Outcome>)> {
        match self {
            // The caller may have timed out and gone.
            Reply::One(tx) => drop(tx.send(result)),
            Reply::Batch(b) => b.record(result.map(|_| ())),
            Reply::Notice(n) => return Some((n, result)),
        }
        None
    }
}

/// What rumqttc reports having done with a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    Publish(u16),
    /// The packet id is still in use: rumqttc holds the publish until that id is acknowledged.
    AwaitAck(u16),
    Subscribe(u16),
    Unsubscribe(u16),
    Disconnect,
}

/// Acknowledgements from the broker. `reason` is the MQTT 5 reason code (0 under 3.1.1), `text`
/// the broker's reason string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ack {
    PubAck {
        pkid: u16,
        reason: u8,
        text: Option<String>,
    },
    PubRec {
        pkid: u16,
        reason: u8,
        text: Option<String>,
    },
    PubComp {
        pkid: u16,
        reason: u8,
        text: Option<String>,
    },
    SubAck {
        pkid: u16,
        codes: Vec<u8>,
    },
    /// `reason`: the MQTT 5 reason code of the (one) filter, 0 under 3.1.1.
    UnsubAck {
        pkid: u16,
        reason: u8,
    },
}

struct Entry {
    kind: Kind,
    reply: Option<Reply>,
}

#[derive(Default)]
pub struct Tracker {
    next_id: EntryId,
    entries: HashMap<EntryId, Entry>,
    /// Handed to rumqttc, no "sent" event seen yet: oldest first.
    unbound: VecDeque<EntryId>,
    /// QoS 1/2 publishes by packet id, until PUBACK (QoS 1) or PUBREC (QoS 2).
    publishes: HashMap<u16, EntryId>,
    /// QoS 2 publishes past PUBREC, until PUBCOMP, oldest first per id.
    releasing: HashMap<u16, VecDeque<EntryId>>,
    /// Subscribes and unsubscribes by packet id, until SUBACK/UNSUBACK.
    subscriptions: HashMap<u16, EntryId>,
    /// A publish rumqttc holds back because its packet id was still in use.
    parked: Option<(u16, EntryId)>,
    qos2_open: usize,
    /// Packet ids (0 for QoS 0) of publishes completed since the last `take_completed()`.
    completed: Vec<u16>,
    /// Outcomes of notice requests since the last `take_notices()`.
    notices: Vec<(Notice, Result<Outcome>)>,
}

impl Tracker {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a request about to be handed to rumqttc. Call in hand-over order.
    pub fn register(&mut self, kind: Kind, reply: Option<Reply>) -> EntryId {
        self.next_id += 1;
        let id = self.next_id;
        if kind == (Kind::Publish { qos: 2 }) {
            self.qos2_open += 1;
        }
        if let Some(Reply::Batch(b)) = &reply {
            b.opened();
        }
        self.entries.insert(id, Entry { kind, reply });
        self.unbound.push_back(id);
        id
    }

    /// Records a request that rumqttc will take before any waiting hand-over (its `pending`
    /// queue, served before the request channel).
    pub fn register_first(&mut self, kind: Kind, reply: Option<Reply>) -> EntryId {
        let id = self.register(kind, reply);
        self.unbound.pop_back();
        self.unbound.push_front(id);
        id
    }

    /// Forgets a request that could not be handed over (it must be the newest one).
    pub fn unregister(&mut self, id: EntryId) {
        if self.unbound.back() == Some(&id) {
            self.unbound.pop_back();
        } else {
            self.unbound.retain(|e| *e != id);
        }
        if let Some(Entry {
            reply: Some(Reply::Batch(b)),
            ..
        }) = self.remove(id)
        {
            b.record(Err(Error::connection("withdrawn before it was sent")));
        }
    }

    fn remove(&mut self, id: EntryId) -> Option<Entry> {
        // (A withdrawn batch entry is closed by `unregister`.)
        let entry = self.entries.remove(&id)?;
        if entry.kind == (Kind::Publish { qos: 2 }) {
            self.qos2_open -= 1;
        }
        Some(entry)
    }

    fn finish(&mut self, id: EntryId, result: Result<Outcome>) {
        if let Some(entry) = self.remove(id) {
            if let (Kind::Publish { .. }, Ok(Outcome::Published { pkid })) = (entry.kind, &result) {
                self.completed.push(*pkid);
            }
            if let Some(notice) = entry.reply.and_then(|r| r.send(result)) {
                self.notices.push(notice);
            }
        }
    }

    /// QoS 2 publishes not yet completed (a broker may drop those beyond its receive limit).
    pub fn qos2_open(&self) -> usize {
        self.qos2_open
    }

    /// Requests of any kind not yet completed.
    pub fn open(&self) -> usize {
        self.entries.len()
    }

    pub fn take_notices(&mut self) -> Vec<(Notice, Result<Outcome>)> {
        std::mem::take(&mut self.notices)
    }

    pub fn take_completed(&mut self) -> Vec<u16> {
        std::mem::take(&mut self.completed)
    }

    /// rumqttc handled a request. `written` is false for events recovered from a connection that
    /// failed before the packet could be flushed.
    pub fn on_sent(&mut self, sent: Sent, written: bool) {
        match sent {
            Sent::Publish(pkid) if pkid != 0 => {
                if self.publishes.contains_key(&pkid) {
                    return; // a retransmission of a publish we already track
                }
                let id = match self.parked {
                    Some((p, id)) if p == pkid => {
                        self.parked = None;
                        id
                    }
                    _ => match self.unbound.pop_front() {
                        Some(id) => id,
                        None => return,
                    },
                };
                // Unwritten QoS 1/2 publishes are kept by rumqttc and resent: still bind them.
                self.publishes.insert(pkid, id);
            }
            Sent::Publish(_) => {
                if let Some(id) = self.unbound.pop_front() {
                    let result = if written {
                        Ok(Outcome::Published { pkid: 0 })
                    } else {
                        Err(Error::connection(
                            "connection lost before the message was written",
                        ))
                    };
                    self.finish(id, result);
                }
            }
            Sent::AwaitAck(pkid) => {
                if self.parked.is_some_and(|(p, _)| p == pkid) {
                    return; // the publish already parked collided again
                }
                if let Some(id) = self.unbound.pop_front() {
                    self.parked = Some((pkid, id));
                }
            }
            Sent::Subscribe(pkid) | Sent::Unsubscribe(pkid) => {
                if let Some(id) = self.unbound.pop_front() {
                    if written {
                        self.subscriptions.insert(pkid, id);
                    } else {
                        self.finish(
                            id,
                            Err(Error::connection(
                                "connection lost before the request was written",
                            )),
                        );
                    }
                }
            }
            Sent::Disconnect => {
                if let Some(id) = self.unbound.pop_front() {
                    self.finish(id, Ok(Outcome::Disconnected));
                }
            }
        }
    }

    pub fn on_ack(&mut self, ack: Ack) {
        match ack {
            Ack::PubAck { pkid, reason, text } => {
                if let Some(id) = self.publishes.remove(&pkid) {
                    self.finish(id, publish_result(pkid, reason, text));
                }
            }
            Ack::PubRec { pkid, reason, text } => {
                if let Some(id) = self.publishes.remove(&pkid) {
                    if reason >= 0x80 {
                        // A refusal in PUBREC ends the QoS 2 flow (MQTT 5).
                        self.finish(id, publish_result(pkid, reason, text));
                    } else {
                        self.releasing.entry(pkid).or_default().push_back(id);
                    }
                }
            }
            Ack::PubComp { pkid, reason, text } => {
                let queue = self.releasing.get_mut(&pkid);
                let id = queue.and_then(|q| q.pop_front());
                if self.releasing.get(&pkid).is_some_and(|q| q.is_empty()) {
                    self.releasing.remove(&pkid);
                }
                if let Some(id) = id {
                    self.finish(id, publish_result(pkid, reason, text));
                }
            }
            Ack::SubAck { pkid, codes } => {
                if let Some(id) = self.subscriptions.remove(&pkid) {
                    self.finish(id, Ok(Outcome::Subscribed { codes }));
                }
            }
            Ack::UnsubAck { pkid, reason } => {
                if let Some(id) = self.subscriptions.remove(&pkid) {
                    // 0x11 "no subscription existed" is not a refusal.
                    let result = if reason >= 0x80 {
                        Err(Error::protocol(
                            reason as i64,
                            format!(
                                "the broker refused the unsubscription: {} (reason code \
                                 0x{reason:02x})",
                                reason_text(reason)
                            ),
                        ))
                    } else {
                        Ok(Outcome::Unsubscribed)
                    };
                    self.finish(id, result);
                }
            }
        }
    }

    /// A QoS 1 publish sent on a connection whose session the broker lost goes out again as a new
    /// message: it becomes unbound again, first in line (call in reverse order of sending, as
    /// its request is put back at the front of the queue). None when no request has that id.
    pub fn requeue(&mut self, pkid: u16) -> Option<EntryId> {
        let id = self.publishes.remove(&pkid)?;
        self.unbound.push_front(id);
        Some(id)
    }

    /// A CONNACK after a reconnect. Without a session the broker has forgotten every packet id
    /// and rumqttc has dropped its retransmission queue: what was in flight cannot be confirmed
    /// any more, so it fails (it may or may not have been delivered) instead of waiting forever.
    /// Subscribes are never retransmitted by rumqttc, so those in flight fail either way.
    pub fn on_reconnected(&mut self, session_present: bool) {
        let lost = "the connection was lost before the broker acknowledged it";
        if !session_present {
            let mut ids: Vec<EntryId> = self.publishes.drain().map(|(_, id)| id).collect();
            ids.extend(self.releasing.drain().flat_map(|(_, q)| q));
            for id in ids {
                self.finish(
                    id,
                    Err(Error::connection(format!(
                        "publish failed: {lost}; it may or may not have been delivered"
                    ))),
                );
            }
            if let Some((_, id)) = self.parked.take() {
                self.finish(
                    id,
                    Err(Error::connection(format!("publish failed: {lost}"))),
                );
            }
        }
        let ids: Vec<EntryId> = self.subscriptions.drain().map(|(_, id)| id).collect();
        for id in ids {
            self.finish(
                id,
                Err(Error::connection(format!("request failed: {lost}"))),
            );
        }
    }

    /// The connection is gone for good: everything still open fails with `error`.
    pub fn fail_all(&mut self, error: &Error) {
        let ids: Vec<EntryId> = self.entries.keys().copied().collect();
        for id in ids {
            self.finish(id, Err(error.clone()));
        }
        self.unbound.clear();
        self.publishes.clear();
        self.releasing.clear();
        self.subscriptions.clear();
        self.parked = None;
    }
}

fn publish_result(pkid: u16, reason: u8, text: Option<String>) -> Result<Outcome> {
    if reason >= 0x80 {
        Err(Error::protocol(
            reason as i64,
            format!(
                "the broker rejected the publish: {} (reason code 0x{reason:02x}){}",
                reason_text(reason),
                text.map(|t| format!(": {t}")).unwrap_or_default()
            ),
        ))
    } else {
        Ok(Outcome::Published { pkid })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::{channel, Receiver};

    fn publish(t: &mut Tracker, qos: u8) -> Receiver<Result<Outcome>> {
        let (tx, rx) = channel();
        t.register(Kind::Publish { qos }, Some(tx.into()));
        rx
    }

    fn pkid_of(rx: &Receiver<Result<Outcome>>) -> Option<Result<u16>> {
        rx.try_recv().ok().map(|r| {
            r.map(|o| match o {
                Outcome::Published { pkid } => pkid,
                other => panic!("{other:?}"),
            })
        })
    }

    #[test]
    fn each_publish_completes_only_on_its_own_ack() {
        let mut t = Tracker::new();
        let a = publish(&mut t, 1);
        let b = publish(&mut t, 2);
        let c = publish(&mut t, 0);
        t.on_sent(Sent::Publish(1), true);
        t.on_sent(Sent::Publish(2), true);
        t.on_sent(Sent::Publish(0), true);
        assert_eq!(pkid_of(&c), Some(Ok(0)));
        assert_eq!(t.qos2_open(), 1);
        t.on_ack(Ack::PubRec {
            pkid: 2,
            reason: 0,
            text: None,
        });
        assert!(
            pkid_of(&b).is_none(),
            "PUBREC alone does not complete QoS 2"
        );
        t.on_ack(Ack::PubComp {
            pkid: 2,
            reason: 0,
            text: None,
        });
        assert_eq!(pkid_of(&b), Some(Ok(2)));
        assert!(pkid_of(&a).is_none());
        t.on_ack(Ack::PubAck {
            pkid: 1,
            reason: 0,
            text: None,
        });
        assert_eq!(pkid_of(&a), Some(Ok(1)));
        assert_eq!(t.open(), 0);
        assert_eq!(t.take_completed(), vec![0, 2, 1]);
    }

    #[test]
    fn retransmissions_and_unknown_acks_do_not_complete_others() {
        let mut t = Tracker::new();
        let a = publish(&mut t, 1);
        t.on_sent(Sent::Publish(1), true);
        let b = publish(&mut t, 1);
        t.on_sent(Sent::Publish(1), true); // retransmission of a, not b's event
        t.on_ack(Ack::PubAck {
            pkid: 7,
            reason: 0,
            text: None,
        }); // unsolicited
        assert!(pkid_of(&a).is_none() && pkid_of(&b).is_none());
        t.on_sent(Sent::Publish(2), true);
        t.on_ack(Ack::PubAck {
            pkid: 2,
            reason: 0,
            text: None,
        });
        assert_eq!(pkid_of(&b), Some(Ok(2)));
        assert!(pkid_of(&a).is_none());
    }

    #[test]
    fn collided_publish_binds_when_its_id_is_released() {
        let mut t = Tracker::new();
        let a = publish(&mut t, 2);
        t.on_sent(Sent::Publish(1), true);
        let b = publish(&mut t, 1);
        t.on_sent(Sent::AwaitAck(1), true);
        t.on_ack(Ack::PubRec {
            pkid: 1,
            reason: 0,
            text: None,
        });
        t.on_ack(Ack::PubComp {
            pkid: 1,
            reason: 0,
            text: None,
        });
        assert_eq!(pkid_of(&a), Some(Ok(1)));
        t.on_sent(Sent::Publish(1), true); // the parked one goes out now
        assert!(pkid_of(&b).is_none());
        t.on_ack(Ack::PubAck {
            pkid: 1,
            reason: 0,
            text: None,
        });
        assert_eq!(pkid_of(&b), Some(Ok(1)));
    }

    #[test]
    fn an_id_reused_after_pubrec_belongs_to_the_new_publish() {
        // rumqttc frees a QoS 2 publish's id at PUBREC and may hand it to the next publish
        // before PUBCOMP arrives.
        let mut t = Tracker::new();
        let a = publish(&mut t, 2);
        t.on_sent(Sent::Publish(1), true);
        t.on_ack(Ack::PubRec {
            pkid: 1,
            reason: 0,
            text: None,
        });
        let c = publish(&mut t, 1);
        t.on_sent(Sent::Publish(1), true); // C, not a retransmission of A
        let d = publish(&mut t, 1);
        t.on_sent(Sent::Publish(2), true);
        t.on_ack(Ack::PubComp {
            pkid: 1,
            reason: 0,
            text: None,
        });
        assert_eq!(pkid_of(&a), Some(Ok(1)));
        assert!(pkid_of(&c).is_none());
        t.on_ack(Ack::PubAck {
            pkid: 2,
            reason: 0,
            text: None,
        });
        assert_eq!(pkid_of(&d), Some(Ok(2)));
        assert!(pkid_of(&c).is_none(), "D's ack must not complete C");
        t.on_ack(Ack::PubAck {
            pkid: 1,
            reason: 0,
            text: None,
        });
        assert_eq!(pkid_of(&c), Some(Ok(1)));
        assert_eq!(t.open(), 0);
    }

    #[test]
    fn a_second_collision_of_the_parked_publish_takes_no_other_request() {
        let mut t = Tracker::new();
        let a = publish(&mut t, 1);
        t.on_sent(Sent::Publish(1), true);
        let b = publish(&mut t, 1);
        t.on_sent(Sent::AwaitAck(1), true);
        let c = publish(&mut t, 1); // handed over, not yet taken
        t.on_sent(Sent::AwaitAck(1), true); // B again, after a reconnect
        t.on_ack(Ack::PubAck {
            pkid: 1,
            reason: 0,
            text: None,
        });
        assert_eq!(pkid_of(&a), Some(Ok(1)));
        t.on_sent(Sent::Publish(1), true); // B goes out
        t.on_ack(Ack::PubAck {
            pkid: 1,
            reason: 0,
            text: None,
        });
        assert_eq!(pkid_of(&b), Some(Ok(1)));
        assert!(pkid_of(&c).is_none());
    }

    #[test]
    fn lost_session_fails_what_was_in_flight() {
        let mut t = Tracker::new();
        let a = publish(&mut t, 1);
        t.on_sent(Sent::Publish(1), true);
        let b = publish(&mut t, 0);
        t.on_sent(Sent::Publish(0), false); // recovered from a failed flush
        t.on_reconnected(false);
        assert!(matches!(pkid_of(&a), Some(Err(_))));
        assert!(matches!(pkid_of(&b), Some(Err(_))));
        // A late ack for the old id must not complete a new publish that reuses it.
        let c = publish(&mut t, 1);
        t.on_ack(Ack::PubAck {
            pkid: 1,
            reason: 0,
            text: None,
        });
        assert!(pkid_of(&c).is_none());
        t.on_sent(Sent::Publish(1), true);
        t.on_ack(Ack::PubAck {
            pkid: 1,
            reason: 0,
            text: None,
        });
        assert_eq!(pkid_of(&c), Some(Ok(1)));
    }

    #[test]
    fn kept_session_keeps_publishes_but_fails_subscribes() {
        let mut t = Tracker::new();
        let a = publish(&mut t, 1);
        t.on_sent(Sent::Publish(1), true);
        let (tx, s) = channel();
        t.register(Kind::Subscribe, Some(tx.into()));
        t.on_sent(Sent::Subscribe(2), true);
        t.on_reconnected(true);
        assert!(matches!(s.try_recv(), Ok(Err(_))));
        t.on_sent(Sent::Publish(1), true); // retransmitted
        t.on_ack(Ack::PubAck {
            pkid: 1,
            reason: 0,
            text: None,
        });
        assert_eq!(pkid_of(&a), Some(Ok(1)));
    }

    #[test]
    fn refusal_reason_codes_fail_the_publish() {
        let mut t = Tracker::new();
        let a = publish(&mut t, 2);
        t.on_sent(Sent::Publish(3), true);
        t.on_ack(Ack::PubRec {
            pkid: 3,
            reason: 0x87,
            text: None,
        });
        match pkid_of(&a) {
            Some(Err(e)) => assert_eq!(e.code, 0x87),
            other => panic!("{other:?}"),
        }
        assert_eq!(t.qos2_open(), 0);
    }

    #[test]
    fn unregister_forgets_a_request_that_was_not_handed_over() {
        let mut t = Tracker::new();
        let a = publish(&mut t, 1);
        let (tx, _b) = channel();
        let id = t.register(Kind::Publish { qos: 2 }, Some(tx.into()));
        t.unregister(id);
        assert_eq!(t.qos2_open(), 0);
        t.on_sent(Sent::Publish(1), true);
        t.on_ack(Ack::PubAck {
            pkid: 1,
            reason: 0,
            text: None,
        });
        assert_eq!(pkid_of(&a), Some(Ok(1)));
    }
}
