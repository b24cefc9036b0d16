//! The seam between the engine and one version of the MQTT protocol.
//!
//! The driver speaks only these protocol-neutral requests and events; an adapter turns them into
//! one rumqttc client's packets and back, and keeps every work-around for that client's quirks to
//! itself. MQTT 3.1.1 is `v4`, MQTT 5 is `v5`; `Adapter` is whichever the options ask for.

mod adapter;
pub mod tls;
mod topic_alias;
pub mod v4;
pub mod v5;
mod v5_codes;

pub use adapter::{Adapter, Incoming};

use bytes::Bytes;

use super::inbox::Message;
use super::properties::{PublishProperties, SubscribeOptions};
use super::tracker::Sent;

/// One filter of a SUBSCRIBE, with its MQTT 5 options (ignored under 3.1.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub filter: String,
    pub qos: u8,
    pub options: SubscribeOptions,
}

impl Subscription {
    pub fn new(filter: impl Into<String>, qos: u8) -> Subscription {
        Subscription {
            filter: filter.into(),
            qos,
            options: SubscribeOptions::default(),
        }
    }
}

/// What the engine asks the broker for.
#[derive(Debug, Clone)]
pub enum Request {
    Publish {
        topic: String,
        payload: Bytes,
        qos: u8,
        retain: bool,
        /// MQTT 5 only; None when there are none.
        properties: Option<Box<PublishProperties>>,
    },
    /// The subscription identifier and user properties of the first filter go with the packet.
    Subscribe {
        filters: Vec<Subscription>,
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
    /// `reason` is the MQTT 5 reason code (0 under 3.1.1), `text` the broker's reason string.
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
    /// The broker released a QoS 2 message it sent us (answered with PUBCOMP).
    PubRel { pkid: u16 },
    PubComp {
        pkid: u16,
        reason: u8,
        text: Option<String>,
    },
    /// One code per filter: the granted QoS, or 0x80 and above for a refusal.
    SubAck { pkid: u16, codes: Vec<u8> },
    /// `reason`: the MQTT 5 reason code (0 under 3.1.1).
    UnsubAck { pkid: u16, reason: u8 },
    /// A request became a packet (or, for `AwaitAck`, waits for its packet id to be free).
    Sent(Sent),
}

/// The size of an MQTT 5 PUBLISH with `properties` as it goes on the wire, or None past what MQTT
/// can encode.
pub fn v5_publish_size(
    topic: &str,
    payload: &Bytes,
    qos: u8,
    properties: &PublishProperties,
) -> Option<usize> {
    let publish = rumqttc::v5::mqttbytes::v5::Publish::new(
        topic,
        v5_codes::qos_of(qos),
        payload.clone(),
        Some(v5::raw_properties(properties)),
    );
    let size = publish.size();
    // The remaining length fits in four length bytes (268,435,455), after the type byte.
    (size <= 268_435_455 + 5).then_some(size)
}
