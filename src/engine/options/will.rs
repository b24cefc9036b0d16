//! The `will` option: the message the broker publishes when the connection dies without
//! DISCONNECT.

use bytes::Bytes;

use super::super::error::Result;
use super::super::properties::PublishProperties;
use super::super::topic;
use super::super::value::Value;
use super::{as_bool, as_int, bad};

#[derive(Debug, Clone, PartialEq)]
pub struct Will {
    pub topic: String,
    pub payload: Bytes,
    pub qos: u8,
    pub retain: bool,
    /// MQTT 5 will properties (None when none were given).
    pub properties: Option<PublishProperties>,
}

pub(super) fn parse_will(v: &Value) -> Result<Will> {
    let Value::Array(pairs) = v else {
        return Err(bad(
            "will",
            &format!("must be array, {} given", v.type_name()),
        ));
    };
    let (mut topic, mut payload, mut qos, mut retain) = (None, Bytes::new(), 0u8, false);
    let mut properties = None;
    for (k, v) in pairs {
        match k.as_str() {
            "topic" => {
                let Value::Str(t) = v else {
                    return Err(bad("will", "topic must be string"));
                };
                topic = Some(
                    topic::validate_topic(t)
                        .map_err(|e| bad("will", &e.message))?
                        .to_string(),
                );
            }
            "payload" => match v {
                Value::Str(p) => payload = Bytes::from(p.clone()),
                _ => return Err(bad("will", "payload must be string")),
            },
            "qos" => qos = as_int("will.qos", v, 0, 2)? as u8,
            "retain" => retain = as_bool("will.retain", v)?,
            "properties" => {
                let p = super::properties::parse_publish_properties("will property", v, true)?;
                properties = (!p.is_empty()).then_some(p);
            }
            other => return Err(bad("will", &format!("has unknown key \"{other}\""))),
        }
    }
    let topic = topic.ok_or_else(|| bad("will", "needs a topic"))?;
    Ok(Will {
        topic,
        payload,
        qos,
        retain,
        properties,
    })
}
