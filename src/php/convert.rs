//! Arguments as PHP treats them. ext-php-rs converts typed parameters by rules of its own (no
//! numeric strings for an int, no int for a bool, and messages like "Invalid value given for
//! argument `qos`"), so scalar parameters are taken as raw zvals and converted here: in coercive
//! typing mode with the engine's own weak-mode conversions, under `declare(strict_types=1)` in the
//! calling file with exact types only (an int for a float), and with PHP's TypeError messages.
//!
//! A null for a parameter that is not nullable is a TypeError in both modes, as for a userland
//! function (PHP 8.1 only deprecates it for its own internal functions, and PHP 9 refuses it).

use std::fmt;
use std::ptr;

use ext_php_rs::convert::IntoZval;
use ext_php_rs::exception::PhpResult;
use ext_php_rs::ffi::{self, zend_string, zval};
use ext_php_rs::types::{ZendHashTable, Zval};

use super::exceptions::{type_error, value_error};
use crate::engine::value::Value;

extern "C" {
    // The engine's weak-mode conversions of internal function arguments (Zend/zend_API.c), the
    // ones zend_parse_parameters() uses. They read `arg` except zend_parse_arg_str_weak(), which
    // converts it in place. `arg_num` only names the argument in the deprecation for a null,
    // which never reaches them.
    fn zend_parse_arg_long_weak(arg: *mut zval, dest: *mut ffi::zend_long, arg_num: u32) -> bool;
    fn zend_parse_arg_double_weak(arg: *mut zval, dest: *mut f64, arg_num: u32) -> bool;
    fn zend_parse_arg_str_weak(arg: *mut zval, dest: *mut *mut zend_string, arg_num: u32) -> bool;
}

/// One argument of one method, for messages: `Mqtt\Client::publish(): Argument #3 ($qos)`.
#[derive(Clone, Copy, Debug)]
pub struct Arg {
    pub func: &'static str,
    pub num: u32,
    pub name: &'static str,
}

impl Arg {
    pub const fn new(func: &'static str, num: u32, name: &'static str) -> Arg {
        Arg { func, num, name }
    }

    /// PHP's TypeError: `... must be of type int, string given`.
    pub fn type_error(self, ty: &str, given: &Zval) -> ext_php_rs::exception::PhpException {
        type_error(format!(
            "{self} must be of type {ty}, {} given",
            type_name(given)
        ))
    }

    /// PHP's ValueError for an argument: `... must be greater than or equal to 0`.
    pub fn value_error(self, what: impl fmt::Display) -> ext_php_rs::exception::PhpException {
        value_error(format!("{self} {what}"))
    }
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}(): Argument #{} (${})",
            self.func, self.num, self.name
        )
    }
}

/// Whether the code calling the running method declares `strict_types=1`: the engine's
/// ZEND_ARG_USES_STRICT_TYPES(). Only meaningful while that method's frame is the current one,
/// that is before it runs any PHP code (a callback). A call from an internal function
/// (call_user_func(), array_map()) is in coercive mode, as in PHP.
pub fn strict_types() -> bool {
    // SAFETY: the executor globals exist for the whole request, on this (the PHP) thread; the
    // frames and functions they point to are the engine's, alive while the call runs, and are
    // only read. Every pointer is checked for null before it is followed.
    unsafe {
        let Some(eg) = ffi::ext_php_rs_executor_globals().as_ref() else {
            return false;
        };
        let Some(current) = eg.current_execute_data.as_ref() else {
            return false;
        };
        let Some(caller) = current.prev_execute_data.as_ref() else {
            return false;
        };
        let Some(func) = caller.func.as_ref() else {
            return false;
        };
        func.common.fn_flags & ffi::ZEND_ACC_STRICT_TYPES != 0
    }
}

/// ZEND_CALL_MAY_HAVE_UNDEF (Zend/zend_compile.h): the call passed named arguments and skipped
/// optional parameters, which the engine then filled from their declared defaults.
const ZEND_CALL_MAY_HAVE_UNDEF: u32 = 1 << 26;

/// Whether the running method was called with named arguments that skipped optional
/// parameters. ext-php-rs declares `null` as the default of the parameters it converts itself,
/// so a skipped one arrives as null; it must then take its real default, not be refused.
pub fn skipped_by_named_arguments() -> bool {
    // SAFETY: as in strict_types(): the executor globals and the current frame are the engine's,
    // alive during the call, checked for null, and only read.
    unsafe {
        let Some(eg) = ffi::ext_php_rs_executor_globals().as_ref() else {
            return false;
        };
        let Some(current) = eg.current_execute_data.as_ref() else {
            return false;
        };
        current.This.u1.type_info & ZEND_CALL_MAY_HAVE_UNDEF != 0
    }
}

/// Bytes of a `string` argument (binary-safe). Weak mode: ints, floats and bools become strings
/// as in PHP, and so do objects with __toString().
pub fn string(zv: &Zval, arg: Arg) -> PhpResult<Vec<u8>> {
    if let Some(s) = zv.zend_str() {
        return Ok(s.as_bytes().to_vec());
    }
    if zv.is_null() || strict_types() || !(zv.is_scalar() || zv.is_object()) {
        return Err(arg.type_error("string", zv));
    }
    // The conversion replaces the zval it is given: give it a counted copy of its own.
    let mut copy = zv.shallow_clone();
    let mut out: *mut zend_string = ptr::null_mut();
    // SAFETY: `copy` is a valid zval this function owns (its reference is counted), so the engine
    // may convert it in place: on success it holds the new string (the object's reference, if
    // any, released) and `Drop` frees it; on failure it is left as it was.
    let converted =
        unsafe { zend_parse_arg_str_weak(ptr::from_mut(&mut copy).cast(), &mut out, arg.num) };
    if converted {
        if let Some(s) = copy.zend_str() {
            return Ok(s.as_bytes().to_vec());
        }
    }
    // A __toString() that threw: its exception is pending, and this one is not thrown over it.
    Err(arg.type_error("string", zv))
}

/// An `int` argument.
pub fn int(zv: &Zval, arg: Arg) -> PhpResult<i64> {
    if let Some(i) = zv.long() {
        return Ok(i);
    }
    if zv.is_null() || strict_types() || !zv.is_scalar() {
        return Err(arg.type_error("int", zv));
    }
    let mut out: ffi::zend_long = 0;
    // SAFETY: the engine only reads the zval (a numeric string, a float or a bool here) and
    // writes the result to `out`; it may raise a deprecation ("Implicit conversion from float
    // 1.5 to int loses precision"), as it does for its own functions.
    let converted =
        unsafe { zend_parse_arg_long_weak(ptr::from_ref(zv).cast_mut().cast(), &mut out, arg.num) };
    if converted {
        Ok(out)
    } else {
        Err(arg.type_error("int", zv))
    }
}

fn float_typed(zv: &Zval, arg: Arg, ty: &str) -> PhpResult<f64> {
    if let Some(f) = zv.double() {
        return Ok(f);
    }
    if let Some(i) = zv.long() {
        return Ok(i as f64); // in strict mode too
    }
    if zv.is_null() || strict_types() || !zv.is_scalar() {
        return Err(arg.type_error(ty, zv));
    }
    let mut out = 0.0;
    // SAFETY: the engine only reads the zval (a numeric string or a bool here) and writes the
    // result to `out`.
    let converted = unsafe {
        zend_parse_arg_double_weak(ptr::from_ref(zv).cast_mut().cast(), &mut out, arg.num)
    };
    if converted {
        Ok(out)
    } else {
        Err(arg.type_error(ty, zv))
    }
}

/// A `float` argument; an int is one in both modes.
pub fn float(zv: &Zval, arg: Arg) -> PhpResult<f64> {
    float_typed(zv, arg, "float")
}

/// A `bool` argument. Weak mode: ints, floats and strings by PHP's truthiness.
pub fn bool(zv: &Zval, arg: Arg) -> PhpResult<bool> {
    if let Some(b) = zv.bool() {
        return Ok(b);
    }
    if zv.is_null() || strict_types() {
        return Err(arg.type_error("bool", zv));
    }
    if let Some(i) = zv.long() {
        Ok(i != 0)
    } else if let Some(f) = zv.double() {
        Ok(f != 0.0) // NAN is true, as in PHP
    } else if let Some(s) = zv.zend_str() {
        Ok(!matches!(s.as_bytes(), b"" | b"0"))
    } else {
        Err(arg.type_error("bool", zv))
    }
}

/// An `array` argument (no coercion in either mode).
pub fn array(zv: &Zval, arg: Arg) -> PhpResult<&ZendHashTable> {
    zv.array().ok_or_else(|| arg.type_error("array", zv))
}

/// An optional argument that is not nullable (`int $qos = 0`): omitted, it is `default`;
/// an explicit null is a TypeError like any other wrong type.
pub fn or<'a, T>(
    zv: Option<&'a Zval>,
    default: T,
    arg: Arg,
    convert: impl FnOnce(&'a Zval, Arg) -> PhpResult<T>,
) -> PhpResult<T> {
    match zv {
        None => Ok(default),
        // Skipped by named arguments (`new Client('h', options: [...])`): the real default.
        Some(zv) if zv.is_null() && skipped_by_named_arguments() => Ok(default),
        Some(zv) => convert(zv, arg),
    }
}

/// A `?float` argument: omitted or null is None.
pub fn opt_float(zv: Option<&Zval>, arg: Arg) -> PhpResult<Option<f64>> {
    match zv {
        None => Ok(None),
        Some(z) if z.is_null() => Ok(None),
        Some(z) => float_typed(z, arg, "?float").map(Some),
    }
}

/// A number of seconds to wait, as an argument: finite and >= 0, a ValueError worded as PHP
/// words those; a huge one is a very long wait (clamped so that no deadline overflows).
pub fn seconds(secs: f64, arg: Arg) -> PhpResult<std::time::Duration> {
    if !secs.is_finite() {
        let shown = if secs.is_nan() {
            "NAN"
        } else if secs > 0.0 {
            "INF"
        } else {
            "-INF"
        };
        return Err(arg.value_error(format_args!("must be a finite number, {shown} given")));
    }
    if secs < 0.0 {
        return Err(arg.value_error("must be greater than or equal to 0"));
    }
    Ok(std::time::Duration::from_secs_f64(
        secs.min(crate::engine::options::MAX_SECONDS),
    ))
}

/// The type a TypeError names: `int`, `string`, `null`, or the class of an object.
pub fn type_name(zv: &Zval) -> String {
    if let Some(o) = zv.object() {
        return o.get_class_entry().name().unwrap_or("object").to_string();
    }
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
    } else {
        "resource"
    }
    .to_string()
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
        Value::Other(static_type_name(zv))
    }
}

fn static_type_name(zv: &Zval) -> &'static str {
    if zv.is_object() {
        "object"
    } else {
        "resource"
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
