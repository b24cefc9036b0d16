//! Argument conversion with PHP's own (weak mode) rules where ext-php-rs is stricter: an int is a
//! valid float, scalars are valid strings.

use ext_php_rs::convert::IntoZval;
use ext_php_rs::exception::PhpResult;
use ext_php_rs::types::{ZendHashTable, Zval};

use super::exceptions::type_error;
use crate::engine::value::Value;

/// Bytes of a string argument (binary-safe); ints, floats and bools become strings as in PHP.
pub fn bytes(zv: &Zval, what: &str) -> PhpResult<Vec<u8>> {
    if let Some(s) = zv.zend_str() {
        return Ok(s.as_bytes().to_vec());
    }
    if let Some(i) = zv.long() {
        return Ok(i.to_string().into_bytes());
    }
    if let Some(f) = zv.double() {
        return Ok(php_float(f).into_bytes());
    }
    if let Some(b) = zv.bool() {
        return Ok(if b { b"1".to_vec() } else { Vec::new() });
    }
    if zv.is_null() {
        return Err(type_error(format!(
            "{what} must be of type string, null given"
        )));
    }
    Err(type_error(format!(
        "{what} must be of type string, {} given",
        type_name(zv)
    )))
}

fn php_float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// A float argument; ints are accepted as PHP does.
pub fn float(zv: &Zval, what: &str) -> PhpResult<f64> {
    if let Some(f) = zv.double() {
        return Ok(f);
    }
    if let Some(i) = zv.long() {
        return Ok(i as f64);
    }
    Err(type_error(format!(
        "{what} must be of type float, {} given",
        type_name(zv)
    )))
}

pub fn opt_float(zv: Option<&Zval>, what: &str) -> PhpResult<Option<f64>> {
    match zv {
        None => Ok(None),
        Some(z) if z.is_null() => Ok(None),
        Some(z) => float(z, what).map(Some),
    }
}

pub fn type_name(zv: &Zval) -> &'static str {
    if zv.is_null() {
        "null"
    } else if zv.is_bool() {
        "bool"
    } else if zv.is_long() {
        "int"
    } else if zv.is_double() {
        "float"
    } else if zv.is_string() {
        "string"
    } else if zv.is_array() {
        "array"
    } else if zv.is_object() {
        "object"
    } else {
        "resource"
    }
}

/// The engine's picture of a PHP value (for option arrays).
pub fn value(zv: &Zval) -> Value {
    if zv.is_null() {
        Value::Null
    } else if let Some(b) = zv.bool() {
        Value::Bool(b)
    } else if let Some(i) = zv.long() {
        Value::Int(i)
    } else if let Some(f) = zv.double() {
        Value::Float(f)
    } else if let Some(s) = zv.zend_str() {
        Value::Str(s.as_bytes().to_vec())
    } else if let Some(a) = zv.array() {
        Value::Array(pairs(a))
    } else {
        Value::Other(type_name(zv))
    }
}

/// An array's entries in order, keys as text (binary keys lossily).
pub fn pairs(a: &ZendHashTable) -> Vec<(String, Value)> {
    let mut out = Vec::with_capacity(a.len());
    let mut it = a.iter();
    while let Some((k, v)) = it.next_zval() {
        let key = if let Some(s) = k.zend_str() {
            String::from_utf8_lossy(s.as_bytes()).into_owned()
        } else if let Some(i) = k.long() {
            i.to_string()
        } else {
            String::new()
        };
        out.push((key, value(v)));
    }
    out
}

pub fn zval<T: IntoZval>(v: T) -> PhpResult<Zval> {
    Ok(v.into_zval(false)?)
}
