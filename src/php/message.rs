//! `Mqtt\Message`: a received (or user-built) message, read-only from PHP.

use ext_php_rs::binary::Binary;
use ext_php_rs::boxed::ZBox;
use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};

use super::convert::{self, Arg};
use super::exceptions::{to_php, value_error};
use std::sync::{Arc, Weak};

use crate::engine::{self, topic, Connection};

#[php_class]
#[php(name = "Mqtt\\Message")]
#[php(flags = ClassFlags::Final.union(ClassFlags::NoDynamicProperties))]
pub struct Message {
    pub(crate) topic: String,
    pub(crate) payload: Vec<u8>,
    pub(crate) qos: i64,
    pub(crate) retain: bool,
    pub(crate) dup: bool,
    pub(crate) mid: i64,
    /// MQTT 5 properties; None under 3.1.1 or when none came.
    pub(crate) properties: Option<Box<engine::properties::PublishProperties>>,
    /// Which connection owes this message an acknowledgement (`ack` = 'manual'), and its place
    /// in that order.
    pub(crate) ack: Option<(Weak<Connection>, engine::Message)>,
}

impl Message {
    pub(crate) fn received(conn: &Arc<Connection>, m: engine::Message) -> Message {
        Message {
            topic: m.topic.clone(),
            payload: m.payload.to_vec(),
            qos: m.qos as i64,
            retain: m.retain,
            dup: m.dup,
            mid: m.pkid as i64,
            properties: m.properties.clone(),
            ack: (m.ack_seq != 0).then(|| (Arc::downgrade(conn), m)),
        }
    }
}

impl Drop for Message {
    /// A message nobody acknowledged is given up when PHP frees it: it stays unacknowledged (the
    /// broker redelivers it after a reconnect) without holding back the acknowledgements of the
    /// messages after it. A no-op for one already acknowledged.
    fn drop(&mut self) {
        if let Some((conn, owed)) = self.ack.take() {
            if let Some(conn) = conn.upgrade() {
                let _ = conn.settle(&owed, false);
            }
        }
    }
}

#[php_impl]
impl Message {
    pub fn __construct(
        topic: &Zval,
        payload: Option<&Zval>,
        qos: Option<&Zval>,
        retain: Option<&Zval>,
        properties: Option<&Zval>,
    ) -> PhpResult<Self> {
        const NEW: &str = "Mqtt\\Message::__construct";
        let topic = convert::string(topic, Arg::new(NEW, 1, "topic"))?;
        let payload = convert::or(
            payload,
            Vec::new(),
            Arg::new(NEW, 2, "payload"),
            convert::string,
        )?;
        let qos = convert::or(qos, 0, Arg::new(NEW, 3, "qos"), convert::int)?;
        let retain = convert::or(retain, false, Arg::new(NEW, 4, "retain"), convert::bool)?;
        let properties =
            super::properties::publish_properties(properties, Arg::new(NEW, 5, "properties"))?;
        let topic = topic::validate_topic(&topic).map_err(to_php)?.to_string();
        if !(0..=2).contains(&qos) {
            return Err(value_error(format!("qos must be 0, 1 or 2, {qos} given")));
        }
        Ok(Message {
            topic,
            payload,
            qos,
            retain,
            dup: false,
            mid: 0,
            properties,
            ack: None,
        })
    }

    /// Whether `$topic` matches the subscription filter `$filter` by MQTT rules. An invalid
    /// filter, or a topic that is no topic name (wildcards, empty), is a \ValueError: no message
    /// can have such a topic, and no subscription such a filter.
    pub fn topic_matches(filter: &Zval, topic: &Zval) -> PhpResult<bool> {
        const MATCHES: &str = "Mqtt\\Message::topicMatches";
        let filter = convert::string(filter, Arg::new(MATCHES, 1, "filter"))?;
        let topic = convert::string(topic, Arg::new(MATCHES, 2, "topic"))?;
        let filter = topic::validate_filter_bytes(&filter).map_err(to_php)?;
        let topic = topic::validate_topic(&topic).map_err(to_php)?;
        Ok(topic::topic_matches(filter, topic))
    }

    #[php(getter)]
    pub fn get_topic(&self) -> String {
        self.topic.clone()
    }
    #[php(getter)]
    pub fn get_payload(&self) -> Binary<u8> {
        Binary::new(self.payload.clone())
    }
    #[php(getter)]
    pub fn get_qos(&self) -> i64 {
        self.qos
    }
    #[php(getter)]
    pub fn get_retain(&self) -> bool {
        self.retain
    }
    #[php(getter)]
    pub fn get_dup(&self) -> bool {
        self.dup
    }
    #[php(getter)]
    pub fn get_mid(&self) -> i64 {
        self.mid
    }
    #[php(getter)]
    pub fn get_properties(&self) -> PhpResult<ZBox<ZendHashTable>> {
        super::properties::to_array(self.properties.as_deref())
    }
}
