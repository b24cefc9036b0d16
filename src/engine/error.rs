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
/// MQTT 5 reason codes in words (MQTT 5 section 2.4), as they appear in exceptions.
pub fn reason_text(code: u8) -> &'static str {
    match code {
        0x00 => "success",
        0x04 => "disconnect with will message",
        0x10 => "no matching subscribers",
        0x11 => "no subscription existed",
        0x80 => "unspecified error",
        0x81 => "malformed packet",
        0x82 => "protocol error",
        0x83 => "implementation specific error",
        0x84 => "unsupported protocol version",
        0x85 => "client identifier not valid",
        0x86 => "bad user name or password",
        0x87 => "not authorized",
        0x88 => "server unavailable",
        0x89 => "server busy",
        0x8A => "banned",
        0x8B => "server shutting down",
        0x8C => "bad authentication method",
        0x8D => "keep alive timeout",
        0x8E => "session taken over",
        0x8F => "topic filter invalid",
        0x90 => "topic name invalid",
        0x91 => "packet identifier in use",
        0x92 => "packet identifier not found",
        0x93 => "receive maximum exceeded",
        0x94 => "topic alias invalid",
        0x95 => "packet too large",
        0x96 => "message rate too high",
        0x97 => "quota exceeded",
        0x98 => "administrative action",
        0x99 => "payload format invalid",
        0x9A => "retain not supported",
        0x9B => "QoS not supported",
        0x9C => "use another server",
        0x9D => "server moved",
        0x9E => "shared subscriptions not supported",
        0x9F => "connection rate exceeded",
        0xA0 => "maximum connect time",
        0xA1 => "subscription identifiers not supported",
        0xA2 => "wildcard subscriptions not supported",
        _ => "unknown reason",
    }
}

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
