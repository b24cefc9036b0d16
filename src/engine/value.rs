//! A PHP-free picture of an option value, so that option rules live (and are tested) in the engine.

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// Strings are bytes: PHP strings are binary.
    Str(Vec<u8>),
    /// A PHP array, keys in order (integer keys as their decimal text).
    Array(Vec<(String, Value)>),
    /// Anything else (objects, resources): only its type name is kept.
    Other(&'static str),
}

impl Value {
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "string",
            Value::Array(_) => "array",
            Value::Other(t) => t,
        }
    }
}
