//! MQTT 5 properties and subscription options, as the engine keeps them: protocol-neutral (the
//! MQTT 5 adapter turns them into packets), and empty under MQTT 3.1.1.

use bytes::Bytes;

/// The properties of a PUBLISH (and of a will): what a sender sets and what arrives with a
/// message.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct PublishProperties {
    /// 1: the payload is UTF-8 text; 0: unspecified bytes.
    pub payload_format_indicator: Option<u8>,
    /// Seconds the broker keeps the message for subscribers that are not there yet.
    pub message_expiry_interval: Option<u32>,
    pub content_type: Option<String>,
    /// Where a request's answer should go (request/response).
    pub response_topic: Option<String>,
    /// Binary data that ties an answer to its request.
    pub correlation_data: Option<Bytes>,
    /// Name/value pairs, in order, names may repeat.
    pub user_properties: Vec<(String, String)>,
    /// Received only: the identifiers of the subscriptions the message matched.
    pub subscription_identifiers: Vec<usize>,
    /// Received only: the topic alias the broker used (the topic is always filled in).
    pub topic_alias: Option<u16>,
    /// Wills only: seconds the broker waits before publishing the will.
    pub will_delay_interval: Option<u32>,
}

impl PublishProperties {
    pub fn is_empty(&self) -> bool {
        *self == PublishProperties::default()
    }
}

/// `retain_handling`: when the broker sends retained messages for a new subscription.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum RetainHandling {
    /// 0: at every subscribe.
    #[default]
    OnSubscribe,
    /// 1: only when the subscription did not exist yet.
    OnNewSubscription,
    /// 2: never.
    Never,
}

/// MQTT 5 subscription options and properties (ignored under 3.1.1, where only the QoS exists).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct SubscribeOptions {
    /// Do not receive our own publishes on this subscription.
    pub no_local: bool,
    /// Keep the retain flag as the publisher set it (else cleared on live messages).
    pub retain_as_published: bool,
    pub retain_handling: RetainHandling,
    /// Sent back in `subscription_identifiers` of every message this subscription matched.
    pub subscription_identifier: Option<usize>,
    pub user_properties: Vec<(String, String)>,
}

/// CONNECT properties from the `properties` option (the session expiry has an option of its own).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ConnectProperties {
    /// How many QoS 1/2 messages the broker may send us unacknowledged.
    pub receive_maximum: Option<u16>,
    /// How many topic aliases the broker may use towards us.
    pub topic_alias_maximum: Option<u16>,
    pub request_response_information: Option<bool>,
    pub request_problem_information: Option<bool>,
    pub user_properties: Vec<(String, String)>,
}

/// What the broker's CONNACK said about the connection (MQTT 5; defaults under 3.1.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerLimits {
    /// The broker's receive maximum: QoS 1/2 publishes it takes in flight at once.
    pub receive_maximum: u16,
    /// The largest packet the broker accepts.
    pub maximum_packet_size: Option<u32>,
    /// The highest QoS the broker accepts.
    pub maximum_qos: u8,
    pub retain_available: bool,
    /// The client id the broker chose when the client sent none.
    pub assigned_client_identifier: Option<String>,
    /// The keep alive the broker wants instead of ours.
    pub server_keep_alive: Option<u16>,
    /// The session expiry the broker applies instead of ours.
    pub session_expiry_interval: Option<u32>,
    pub topic_alias_maximum: u16,
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            receive_maximum: u16::MAX,
            maximum_packet_size: None,
            maximum_qos: 2,
            retain_available: true,
            assigned_client_identifier: None,
            server_keep_alive: None,
            session_expiry_interval: None,
            topic_alias_maximum: 0,
        }
    }
}
