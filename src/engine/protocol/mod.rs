//! The seam between the engine and one version of the MQTT protocol.
//!
//! The driver speaks only these protocol-neutral requests and events; an adapter turns them into
//! one rumqttc client's packets and back, and keeps every work-around for that client's quirks to
//! itself. MQTT 3.1.1 is `v4`; MQTT 5 becomes a second adapter with the same surface.

pub mod tls;
pub mod v4;

use bytes::Bytes;

use super::inbox::Message;
use super::tracker::Sent;

/// What the engine asks the broker for.
#[derive(Debug, Clone)]
pub enum Request {
    Publish {
        topic: String,
        payload: Bytes,
        qos: u8,
        retain: bool,
    },
    Subscribe {
        filters: Vec<(String, u8)>,
    },
    Unsubscribe {
        filter: String,
    },
    /// Acknowledges a received QoS 1 message (`ack` = manual).
    PubAck(u16),
    /// Acknowledges a received QoS 2 message (`ack` = manual).
    PubRec(u16),
    Disconnect,
}

impl Request {
    /// Whether the broker's receive window limits it (a QoS 1/2 publish takes a packet id).
    pub fn needs_window(&self) -> bool {
        matches!(self, Request::Publish { qos, .. } if *qos > 0)
    }
}

/// What happened on the connection, in the order it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A message from the broker (no acknowledgement owed yet: `ack_seq` 0).
    Publish(Message),
    /// `reason` is the MQTT 5 reason code (0 under 3.1.1).
    PubAck {
        pkid: u16,
        reason: u8,
    },
    PubRec {
        pkid: u16,
        reason: u8,
    },
    /// The broker released a QoS 2 message it sent us (answered with PUBCOMP).
    PubRel {
        pkid: u16,
    },
    PubComp {
        pkid: u16,
        reason: u8,
    },
    /// One code per filter: the granted QoS, or 0x80 and above for a refusal.
    SubAck {
        pkid: u16,
        codes: Vec<u8>,
    },
    UnsubAck {
        pkid: u16,
    },
    /// A request became a packet (or, for `AwaitAck`, waits for its packet id to be free).
    Sent(Sent),
}
