//! What the client keeps of an MQTT session across reconnects: the subscriptions to restore
//! when the broker lost the session, and which received messages PHP already has.

use std::collections::HashSet;

use super::inbox::AckBook;
use super::protocol::Subscription;

/// What survives a reconnect with the broker's session: the filters to subscribe again when the
/// session is lost, and which received messages PHP already has.
#[derive(Default)]
pub struct Session {
    pub subscriptions: Vec<Subscription>,
    /// QoS 2 packet ids delivered and acknowledged with PUBREC, until the broker's PUBREL: a
    /// redelivery of one of them is not handed to PHP a second time.
    pub qos2_received: HashSet<u16>,
    /// Acknowledgements owed for messages PHP holds (`ack` = manual), in arrival order.
    pub acks: AckBook,
}

impl Session {
    /// The broker kept no session: what was owed on the old one is void.
    /// The broker confirmed `subscription`: it replaces one to the same filter.
    pub fn subscribed(&mut self, subscription: Subscription) {
        self.unsubscribed(&subscription.filter);
        self.subscriptions.push(subscription);
    }

    pub fn unsubscribed(&mut self, filter: &str) {
        self.subscriptions.retain(|s| s.filter != filter);
    }

    pub fn forget_delivery_state(&mut self) {
        self.qos2_received.clear();
        self.acks.clear();
    }
}
