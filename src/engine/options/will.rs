//! The `will` option: the message the broker publishes when the connection dies without
//! DISCONNECT.

use bytes::Bytes;

use super::super::error::Result;
use super::super::features;
use super::super::topic;
use super::super::value::Value;
use super::{as_bool, as_int, bad};

#[derive(Debug, Clone, PartialEq)]
pub struct Will {
    pub topic: String,
    pub payload: Bytes,
    pub qos: u8,
    pub retain: bool,
}

pub(super) fn parse_will(v: &Value) -> Result<Will> {
    let Value::Array(pairs) = v else {
        return Err(bad(
            "will",
            &format!("must be array, {} given", v.type_name()),
        ));
    };
    let (mut topic, mut payload, mut qos, mut retain) = (None, Bytes::new(), 0u8, false);
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
                if !matches!(v, Value::Array(a) if a.is_empty()) {
                    return Err(features::MQTT5.missing("option \"will\" with properties"));
                }
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
    })
}
