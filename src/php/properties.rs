//! MQTT 5 properties between PHP arrays and the engine: the `$properties` arguments, the
//! `$options` of subscribe(), and `Mqtt\Message::$properties`.

use ext_php_rs::binary::Binary;
use ext_php_rs::boxed::ZBox;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};

use super::convert::{self, Arg};
use super::exceptions::to_php;
use crate::engine::options::properties::{parse_publish_properties, parse_subscribe_options};
use crate::engine::properties::{PublishProperties, SubscribeOptions};
use crate::engine::value::Value;

/// An `array $x = []` argument as the engine's value (omitted: empty).
fn array_value(zv: Option<&Zval>, arg: Arg) -> PhpResult<Value> {
    convert::or(zv, Value::Array(Vec::new()), arg, |zv, arg| {
        Ok(Value::Array(convert::pairs(convert::array(zv, arg)?)))
    })
}

/// The `array $properties = []` argument of publish(), publishAsync() and `new Message()`;
/// None when empty.
pub fn publish_properties(
    zv: Option<&Zval>,
    arg: Arg,
) -> PhpResult<Option<Box<PublishProperties>>> {
    let v = array_value(zv, arg)?;
    let p = parse_publish_properties("publish property", &v, false).map_err(to_php)?;
    Ok((!p.is_empty()).then(|| Box::new(p)))
}

/// The `array $options = []` argument of subscribe().
pub fn subscribe_options(zv: Option<&Zval>, arg: Arg) -> PhpResult<SubscribeOptions> {
    let v = array_value(zv, arg)?;
    parse_subscribe_options(&v).map_err(to_php)
}

/// `Mqtt\Message::$properties`: the keys that are set, in a fixed order; `[]` for none.
pub fn to_array(p: Option<&PublishProperties>) -> PhpResult<ZBox<ZendHashTable>> {
    let mut a = ZendHashTable::new();
    let Some(p) = p else { return Ok(a) };
    if let Some(v) = p.payload_format_indicator {
        a.insert("payload_format_indicator", i64::from(v))?;
    }
    if let Some(v) = p.message_expiry_interval {
        a.insert("message_expiry_interval", i64::from(v))?;
    }
    if let Some(v) = &p.content_type {
        a.insert("content_type", v.as_str())?;
    }
    if let Some(v) = &p.response_topic {
        a.insert("response_topic", v.as_str())?;
    }
    if let Some(v) = &p.correlation_data {
        a.insert("correlation_data", Binary::new(v.to_vec()))?;
    }
    if !p.user_properties.is_empty() {
        let pairs: Vec<Vec<String>> = p
            .user_properties
            .iter()
            .map(|(k, v)| vec![k.clone(), v.clone()])
            .collect();
        a.insert("user_properties", pairs)?;
    }
    if !p.subscription_identifiers.is_empty() {
        let ids: Vec<i64> = p
            .subscription_identifiers
            .iter()
            .map(|i| *i as i64)
            .collect();
        a.insert("subscription_identifiers", ids)?;
    }
    if let Some(v) = p.topic_alias {
        a.insert("topic_alias", i64::from(v))?;
    }
    Ok(a)
}
