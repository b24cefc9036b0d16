//! Typed errors of the engine. The PHP layer maps each kind to one exception class, so the kind
//! (not the text) is what callers match on.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// A bad argument or option value (PHP `\ValueError`).
    InvalidArgument,
    /// Cannot connect, refused, or the connection was lost (`Mqtt\ConnectionException`).
    Connection,
    /// A blocking call ran past its deadline (`Mqtt\TimeoutException`).
    Timeout,
    /// The broker rejected something (`Mqtt\ProtocolException`).
    Protocol,
    /// A blocking wait was cut short so that PHP can handle a pending timeout or signal.
    Interrupted,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    /// Broker return / reason code where there is one, else 0.
    pub code: i64,
    pub message: String,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn new(kind: ErrorKind, code: i64, message: impl Into<String>) -> Self {
        Error {
            kind,
            code,
            message: message.into(),
        }
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidArgument, 0, message)
    }
    pub fn connection(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Connection, 0, message)
    }
    pub fn timeout(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Timeout, 0, message)
    }
    pub fn protocol(code: i64, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Protocol, code, message)
    }
    pub fn interrupted() -> Self {
        Self::new(ErrorKind::Interrupted, 0, "interrupted")
    }
    pub fn not_connected() -> Self {
        Self::connection("not connected")
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Words for an MQTT 3.1.1 CONNACK return code (MQTT 3.1.1 section 3.2.2.3).
pub fn connack_v4_text(code: u8) -> &'static str {
    match code {
        1 => "connection refused: unacceptable protocol version",
        2 => "connection refused: identifier rejected",
        3 => "connection refused: server unavailable",
        4 => "connection refused: bad user name or password",
        5 => "connection refused: not authorized",
        _ => "connection refused",
    }
}
