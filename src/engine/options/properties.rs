//! MQTT 5 property arrays from PHP: publish properties (also a will's and a `Message`'s),
//! subscription options and CONNECT properties. Each key is checked: an unknown one, a wrong
//! type or a value MQTT cannot carry is a `\ValueError` naming it.

use bytes::Bytes;

use super::super::error::{Error, Result};
use super::super::properties::{
    ConnectProperties, PublishProperties, RetainHandling, SubscribeOptions,
};
use super::super::topic;
use super::super::value::Value;

fn bad(what: &str, key: &str, why: &str) -> Error {
    Error::invalid(format!("{what} \"{key}\" {why}"))
}

fn pairs<'a>(what: &str, v: &'a Value) -> Result<&'a [(String, Value)]> {
    match v {
        Value::Array(p) => Ok(p),
        Value::Null => Ok(&[]),
        other => Err(Error::invalid(format!(
            "{what} must be an array, {} given",
            other.type_name()
        ))),
    }
}

fn string(what: &str, key: &str, v: &Value) -> Result<String> {
    match v {
        Value::Str(b) => {
            let s = std::str::from_utf8(b).map_err(|_| bad(what, key, "must be valid UTF-8"))?;
            if s.len() > 65535 {
                return Err(bad(what, key, "must be at most 65535 bytes"));
            }
            topic::check_utf8_string(&format!("{what} \"{key}\""), s)?;
            Ok(s.to_string())
        }
        other => Err(bad(
            what,
            key,
            &format!("must be string, {} given", other.type_name()),
        )),
    }
}

fn int(what: &str, key: &str, v: &Value, max: i64) -> Result<i64> {
    match v {
        Value::Int(i) if (0..=max).contains(i) => Ok(*i),
        Value::Int(i) => Err(bad(
            what,
            key,
            &format!("must be between 0 and {max}, {i} given"),
        )),
        other => Err(bad(
            what,
            key,
            &format!("must be int, {} given", other.type_name()),
        )),
    }
}

fn boolean(what: &str, key: &str, v: &Value) -> Result<bool> {
    match v {
        Value::Bool(b) => Ok(*b),
        other => Err(bad(
            what,
            key,
            &format!("must be bool, {} given", other.type_name()),
        )),
    }
}

/// `[[name, value], ...]` (order and repeats kept) or `[name => value, ...]`.
fn user_properties(what: &str, v: &Value) -> Result<Vec<(String, String)>> {
    let key = "user_properties";
    let entries = match v {
        Value::Array(entries) => entries,
        other => {
            return Err(bad(
                what,
                key,
                &format!("must be an array, {} given", other.type_name()),
            ))
        }
    };
    let list = entries
        .iter()
        .enumerate()
        .all(|(i, (k, _))| *k == i.to_string());
    entries
        .iter()
        .map(|(k, v)| match v {
            Value::Array(pair) if list => match pair.as_slice() {
                [(_, name), (_, value)] => {
                    Ok((string(what, key, name)?, string(what, key, value)?))
                }
                _ => Err(bad(what, key, "entries must be [name, value] pairs")),
            },
            v if !list => Ok((k.clone(), string(what, key, v)?)),
            _ => Err(bad(
                what,
                key,
                "must be a list of [name, value] pairs or an array of name => value",
            )),
        })
        .collect()
}

/// Properties of a PUBLISH or a will (`will` allows `will_delay_interval`). `what` names the
/// array in errors ("publish properties").
pub fn parse_publish_properties(what: &str, v: &Value, will: bool) -> Result<PublishProperties> {
    let mut p = PublishProperties::default();
    for (key, v) in pairs(what, v)? {
        let k = key.as_str();
        match k {
            "payload_format_indicator" => {
                p.payload_format_indicator = Some(match v {
                    Value::Bool(b) => u8::from(*b),
                    v => int(what, k, v, 1)? as u8,
                })
            }
            "message_expiry_interval" => {
                p.message_expiry_interval = Some(int(what, k, v, u32::MAX as i64)? as u32)
            }
            "content_type" => p.content_type = Some(string(what, k, v)?),
            "response_topic" => {
                let t = string(what, k, v)?;
                topic::validate_topic(t.as_bytes()).map_err(|e| bad(what, k, &e.message))?;
                p.response_topic = Some(t);
            }
            "correlation_data" => match v {
                Value::Str(b) if b.len() <= 65535 => {
                    p.correlation_data = Some(Bytes::from(b.clone()))
                }
                Value::Str(_) => return Err(bad(what, k, "must be at most 65535 bytes")),
                other => {
                    return Err(bad(
                        what,
                        k,
                        &format!("must be string, {} given", other.type_name()),
                    ))
                }
            },
            "user_properties" => p.user_properties = user_properties(what, v)?,
            "will_delay_interval" if will => {
                p.will_delay_interval = Some(int(what, k, v, u32::MAX as i64)? as u32)
            }
            // Set by the broker: what arrived with a message, not something to send.
            "subscription_identifiers" | "topic_alias" => {
                return Err(bad(what, k, "is set by the broker, it cannot be sent"))
            }
            other => return Err(bad(what, other, "is not an MQTT 5 publish property")),
        }
    }
    Ok(p)
}

/// The `$options` of `subscribe()`.
pub fn parse_subscribe_options(v: &Value) -> Result<SubscribeOptions> {
    let what = "subscription option";
    let mut o = SubscribeOptions::default();
    for (key, v) in pairs("subscription options", v)? {
        let k = key.as_str();
        match k {
            "no_local" => o.no_local = boolean(what, k, v)?,
            "retain_as_published" => o.retain_as_published = boolean(what, k, v)?,
            "retain_handling" => {
                o.retain_handling = match int(what, k, v, 2)? {
                    0 => RetainHandling::OnSubscribe,
                    1 => RetainHandling::OnNewSubscription,
                    _ => RetainHandling::Never,
                }
            }
            "properties" => {
                let what = "subscribe property";
                for (key, v) in pairs("subscribe properties", v)? {
                    let k = key.as_str();
                    match k {
                        "subscription_identifier" => {
                            let id = int(what, k, v, 268_435_455)?;
                            if id == 0 {
                                return Err(bad(what, k, "must be between 1 and 268435455"));
                            }
                            o.subscription_identifier = Some(id as usize);
                        }
                        "user_properties" => o.user_properties = user_properties(what, v)?,
                        other => {
                            return Err(bad(what, other, "is not an MQTT 5 subscribe property"))
                        }
                    }
                }
            }
            other => return Err(bad(what, other, "is not a subscription option")),
        }
    }
    Ok(o)
}

/// The `properties` option: CONNECT properties.
pub fn parse_connect_properties(v: &Value) -> Result<ConnectProperties> {
    let what = "option \"properties\": property";
    let mut c = ConnectProperties::default();
    for (key, v) in pairs("option \"properties\"", v)? {
        let k = key.as_str();
        match k {
            "receive_maximum" => {
                let n = int(what, k, v, 65535)?;
                if n == 0 {
                    return Err(bad(what, k, "must be between 1 and 65535"));
                }
                c.receive_maximum = Some(n as u16);
            }
            "topic_alias_maximum" => c.topic_alias_maximum = Some(int(what, k, v, 65535)? as u16),
            "request_response_information" => {
                c.request_response_information = Some(boolean(what, k, v)?)
            }
            "request_problem_information" => {
                c.request_problem_information = Some(boolean(what, k, v)?)
            }
            "user_properties" => c.user_properties = user_properties(what, v)?,
            "session_expiry_interval" => {
                return Err(bad(what, k, "is set with the session_expiry option"))
            }
            "maximum_packet_size" => {
                return Err(bad(what, k, "is set with the max_packet_size option"))
            }
            other => return Err(bad(what, other, "is not an MQTT 5 CONNECT property")),
        }
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Value {
        Value::Str(x.as_bytes().to_vec())
    }

    fn arr(items: Vec<(&str, Value)>) -> Value {
        Value::Array(items.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    }

    #[test]
    fn user_properties_keep_order_and_repeats() {
        let list = arr(vec![
            ("0", arr(vec![("0", s("a")), ("1", s("1"))])),
            ("1", arr(vec![("0", s("a")), ("1", s("2"))])),
        ]);
        let p =
            parse_publish_properties("p", &arr(vec![("user_properties", list)]), false).unwrap();
        assert_eq!(
            p.user_properties,
            [("a".into(), "1".into()), ("a".into(), "2".into())]
        );
        let map = arr(vec![("k", s("v"))]);
        let p = parse_publish_properties("p", &arr(vec![("user_properties", map)]), false).unwrap();
        assert_eq!(p.user_properties, [("k".into(), "v".into())]);
    }

    #[test]
    fn bad_properties_name_the_key() {
        let e =
            parse_publish_properties("p", &arr(vec![("nope", Value::Int(1))]), false).unwrap_err();
        assert!(e.message.contains("nope"), "{}", e.message);
        let e = parse_publish_properties(
            "p",
            &arr(vec![("message_expiry_interval", Value::Int(-1))]),
            false,
        )
        .unwrap_err();
        assert!(e.message.contains("message_expiry_interval"));
        assert!(parse_publish_properties(
            "p",
            &arr(vec![("will_delay_interval", Value::Int(1))]),
            false
        )
        .is_err());
        assert!(parse_publish_properties(
            "p",
            &arr(vec![("will_delay_interval", Value::Int(1))]),
            true
        )
        .is_ok());
        assert!(
            parse_publish_properties("p", &arr(vec![("response_topic", s("a/+"))]), false).is_err()
        );
        assert!(parse_subscribe_options(&arr(vec![("retain_handling", Value::Int(3))])).is_err());
        assert!(parse_connect_properties(&arr(vec![("receive_maximum", Value::Int(0))])).is_err());
    }
}
