//! `Mosquitto\Message`: a received message as plain, writable PHP properties (mid, topic,
//! payload, qos, retain, in that order), and the original's two static topic helpers.

use ext_php_rs::binary::Binary;
use ext_php_rs::builders::{ClassBuilder, ClassProperty};
use ext_php_rs::convert::IntoZval;
use ext_php_rs::flags::{DataType, PropertyFlags};
use ext_php_rs::prelude::*;
use ext_php_rs::types::Zval;

use crate::engine::{self, topic};
use crate::php::convert::{self, Arg};

/// The Rust side holds nothing: the properties are ordinary PHP properties, declared with the
/// original's defaults, so that scripts may read, write and var_dump them as they did.
#[php_class]
#[php(name = "Mosquitto\\Message")]
#[php(modifier = declare_properties)]
#[derive(Default)]
pub struct Message;

fn property(
    name: &str,
    ty: DataType,
    nullable: bool,
    stub: &str,
    default: fn() -> ext_php_rs::error::Result<Zval>,
) -> ClassProperty {
    ClassProperty {
        name: name.into(),
        flags: PropertyFlags::Public,
        default: Some(Box::new(default)),
        docs: &[],
        ty: Some(ty),
        nullable,
        readonly: false,
        default_stub: Some(stub.into()),
    }
}

fn declare_properties(builder: ClassBuilder) -> ClassBuilder {
    builder
        .property(property("mid", DataType::Long, false, "0", || {
            0i64.into_zval(true)
        }))
        .property(property("topic", DataType::String, true, "null", || {
            Ok(Zval::null())
        }))
        .property(property("payload", DataType::String, false, "''", || {
            "".into_zval(true)
        }))
        .property(property("qos", DataType::Long, false, "0", || {
            0i64.into_zval(true)
        }))
        .property(property("retain", DataType::Bool, false, "false", || {
            false.into_zval(true)
        }))
}

/// A message received from the broker, as the object onMessage() gets.
pub fn received(m: &engine::Message) -> PhpResult<Zval> {
    let mut zv = Message.into_zval(false)?;
    let obj = zv
        .object_mut()
        .ok_or_else(|| PhpException::from_message("cannot create Mosquitto\\Message".into()))?;
    obj.set_property("mid", m.pkid as i64)?;
    obj.set_property("topic", m.topic.as_str())?;
    obj.set_property("payload", Binary::new(m.payload.to_vec()))?;
    obj.set_property("qos", m.qos as i64)?;
    obj.set_property("retain", m.retain)?;
    Ok(zv)
}

#[php_impl]
impl Message {
    pub fn __construct() -> Message {
        Message
    }

    /// Whether `$topic` matches the subscription `$subscription` (note the order).
    pub fn topic_matches_sub(topic: &Zval, subscription: &Zval) -> PhpResult<bool> {
        const F: &str = "Mosquitto\\Message::topicMatchesSub";
        let topic = convert::string(topic, Arg::new(F, 1, "topic"))?;
        let sub = convert::string(subscription, Arg::new(F, 2, "subscription"))?;
        let (Ok(topic), Ok(sub)) = (std::str::from_utf8(&topic), std::str::from_utf8(&sub)) else {
            return Ok(false);
        };
        if topic::validate_filter(sub).is_err() {
            return Ok(false);
        }
        Ok(topic::topic_matches(sub, topic))
    }

    /// The levels of `$topic`: `'/foo/bar'` gives `[null, 'foo', 'bar']` (an empty level is null).
    pub fn tokenise_topic(topic: &Zval) -> PhpResult<Vec<Zval>> {
        let topic = convert::string(
            topic,
            Arg::new("Mosquitto\\Message::tokeniseTopic", 1, "topic"),
        )?;
        topic
            .split(|b| *b == b'/')
            .map(|level| {
                if level.is_empty() {
                    Ok(Zval::null())
                } else {
                    Ok(Binary::new(level.to_vec()).into_zval(false)?)
                }
            })
            .collect()
    }
}
