//! Client options: the option table of `Mqtt\Client::__construct()` (php-stubs/mqtt.php),
//! parsed and validated before anything touches rumqttc (some rumqttc setters panic on values
//! they dislike).

use std::fmt;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

pub mod properties;
mod servers;
mod tls;
mod uri;
mod will;

pub use tls::TlsOptions;

pub use uri::{parse_endpoint, Endpoint};
use will::parse_will;
pub use will::Will;

use super::error::{Error, Result};
use super::features::{self, Feature};
use super::inbox::LogLevel;
use super::topic;
use super::value::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    V311 = 4,
    V5 = 5,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AckMode {
    Auto,
    Manual,
}

/// A password: kept out of `Debug` output so that it never reaches a log or an exception.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<hidden>")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub host: String,
    pub port: u16,
    pub client_id: String,
    pub username: Option<String>,
    pub password: Option<Secret>,
    pub protocol: Protocol,
    pub keep_alive: Duration,
    pub clean_session: bool,
    pub session_expiry: u32,
    /// MQTT 5 CONNECT properties (the `properties` option).
    pub connect_properties: crate::engine::properties::ConnectProperties,
    pub connect_timeout: Duration,
    pub timeout: Duration,
    pub will: Option<Will>,
    /// `Some(path)`: the constructor's broker is reached over a WebSocket at that path.
    pub websocket: Option<String>,
    /// TLS settings; None for a plain connection (a `servers` entry may still ask for TLS).
    pub tls: Option<TlsOptions>,
    /// Brokers to fail over to, after `host`:`port`, in order.
    pub servers: Vec<crate::engine::endpoint::Endpoint>,
    pub reconnect: bool,
    pub reconnect_delay: Duration,
    pub reconnect_max_delay: Duration,
    pub max_inflight: u16,
    pub max_packet_size_in: usize,
    pub max_packet_size_out: usize,
    pub ack: AckMode,
    /// The least important log lines the connection queues from the start (`Event::Log`);
    /// set by the caller (a `logger`), not by an option key.
    pub log_level: Option<LogLevel>,
    /// `Some(name)` keeps the connection open across PHP requests ("" for `true`).
    pub persistent: Option<String>,
}

/// Defaults that php.ini may change (`mqtt.default_timeout`, `mqtt.default_connect_timeout`).
#[derive(Debug, Clone, Copy)]
pub struct Defaults {
    pub timeout: Duration,
    pub connect_timeout: Duration,
}

impl Default for Defaults {
    fn default() -> Self {
        Defaults {
            timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(10),
        }
    }
}

/// Every key of that option table. Keys whose feature is not built yet are rejected by name rather
/// than ignored: a silently ignored `tls => true` would send credentials in clear text.
pub const KNOWN_KEYS: &[&str] = &[
    "client_id",
    "username",
    "password",
    "protocol",
    "keep_alive",
    "clean_session",
    "session_expiry",
    "connect_timeout",
    "timeout",
    "will",
    "tls",
    "servers",
    "reconnect",
    "reconnect_delay",
    "reconnect_max_delay",
    "max_inflight",
    "max_packet_size",
    "ack",
    "persistent",
    "logger",
    "properties",
];

/// Options that need an optional feature (see `features.rs`).
const NEEDS_FEATURE: &[(&str, Feature)] = &[("properties", features::MQTT5)];

/// The `$port` argument's default: the MQTT port.
pub const DEFAULT_PORT: u16 = 1883;

pub const MAX_PACKET_SIZE_IN: usize = 256 * 1024;
pub const MAX_PACKET_SIZE_OUT: usize = 256 * 1024 * 1024;

/// Returns a client id unique to this process and call: `php-<pid>-<random>-<n>`, at most 23
/// characters so that strict MQTT 3.1.1 brokers accept it.
pub fn generate_client_id() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "php-{}-{:05x}-{}",
        std::process::id(),
        nanos & 0xfffff,
        n % 10000
    )
}

/// `php-<pid>-p<hash>`: the generated id of a persistent connection, the same for every request
/// of this worker process that asks for the same connection, different between workers.
pub fn persistent_client_id(o: &Options, name: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (&o.host, o.port, &o.username, name).hash(&mut h);
    format!("php-{}-p{:06x}", std::process::id(), h.finish() & 0xff_ffff)
}

fn bad(key: &str, what: &str) -> Error {
    Error::invalid(format!("option \"{key}\" {what}"))
}

fn as_bool(key: &str, v: &Value) -> Result<bool> {
    match v {
        Value::Bool(b) => Ok(*b),
        other => Err(bad(
            key,
            &format!("must be bool, {} given", other.type_name()),
        )),
    }
}

fn as_int(key: &str, v: &Value, min: i64, max: i64) -> Result<i64> {
    match v {
        Value::Int(i) if (min..=max).contains(i) => Ok(*i),
        Value::Int(i) => Err(bad(
            key,
            &format!("must be between {min} and {max}, {i} given"),
        )),
        other => Err(bad(
            key,
            &format!("must be int, {} given", other.type_name()),
        )),
    }
}

/// Float seconds; ints are accepted as PHP would widen them.
pub fn as_seconds(key: &str, v: &Value, allow_zero: bool) -> Result<Duration> {
    let secs = match v {
        Value::Float(f) => *f,
        Value::Int(i) => *i as f64,
        other => {
            return Err(bad(
                key,
                &format!("must be float seconds, {} given", other.type_name()),
            ))
        }
    };
    seconds(key, secs, allow_zero)
}

/// The longest wait, in seconds (about 31 years). Longer ones are clamped to it: they mean "wait
/// as long as it takes", and `Instant::now() + wait` must not overflow.
pub const MAX_SECONDS: f64 = 1e9;

pub fn seconds(key: &str, secs: f64, allow_zero: bool) -> Result<Duration> {
    if !secs.is_finite() || secs < 0.0 || (!allow_zero && secs == 0.0) {
        let req = if allow_zero { ">= 0" } else { "> 0" };
        return Err(bad(
            key,
            &format!("must be a finite number of seconds {req}"),
        ));
    }
    Ok(Duration::from_secs_f64(secs.min(MAX_SECONDS)))
}

fn as_string(key: &str, v: &Value) -> Result<String> {
    match v {
        Value::Str(b) => String::from_utf8(b.clone()).map_err(|_| bad(key, "must be valid UTF-8")),
        other => Err(bad(
            key,
            &format!("must be string, {} given", other.type_name()),
        )),
    }
}

fn check_field_len(key: &str, s: &str) -> Result<()> {
    if s.len() > 65535 {
        return Err(bad(key, "must be at most 65535 bytes"));
    }
    Ok(())
}

/// A field sent as an MQTT UTF-8 encoded string (client id, user name): at most 65535 bytes,
/// without the code points MQTT forbids there. (The password is binary data: any bytes.)
fn check_string_field(key: &str, s: &str) -> Result<()> {
    check_field_len(key, s)?;
    topic::check_utf8_string(&format!("option \"{key}\""), s)
}

impl Options {
    /// Builds options from the constructor's arguments. `pairs` is the `$options` array.
    pub fn parse(
        host: &str,
        port: i64,
        pairs: &[(String, Value)],
        defaults: Defaults,
    ) -> Result<Options> {
        let endpoint = parse_endpoint(host)?;
        if !(1..=65535).contains(&port) {
            return Err(Error::invalid(format!(
                "port must be between 1 and 65535, {port} given"
            )));
        }
        if let Some(u) = &endpoint.username {
            check_string_field("username", u)?;
        }
        if let Some(p) = &endpoint.password {
            check_field_len("password", p)?;
        }
        let endpoint_tls = endpoint.tls;
        // A port in the URI wins; else `$port`, unless it was left at 1883 and the scheme has
        // its own (8883 for mqtts://, 80 for ws://, 443 for wss://).
        let default_port = match endpoint.scheme_port() {
            Some(p) if port == i64::from(DEFAULT_PORT) => p,
            _ => port as u16,
        };
        let mut o = Options {
            host: endpoint.host,
            port: endpoint.port.unwrap_or(default_port),
            client_id: String::new(),
            username: endpoint.username,
            password: endpoint.password.map(Secret),
            protocol: Protocol::V311,
            keep_alive: Duration::from_secs(60),
            clean_session: true,
            session_expiry: 0,
            connect_properties: Default::default(),
            connect_timeout: defaults.connect_timeout,
            timeout: defaults.timeout,
            will: None,
            websocket: endpoint.websocket,
            tls: endpoint_tls.then(TlsOptions::default),
            servers: Vec::new(),
            reconnect: true,
            reconnect_delay: Duration::from_millis(100),
            reconnect_max_delay: Duration::from_secs(30),
            max_inflight: 100,
            max_packet_size_in: MAX_PACKET_SIZE_IN,
            max_packet_size_out: MAX_PACKET_SIZE_OUT,
            ack: AckMode::Auto,
            persistent: None,
            log_level: None,
        };
        let mut client_id = None;
        for (key, v) in pairs {
            let key = key.as_str();
            if let Some((_, feature)) = NEEDS_FEATURE.iter().find(|(k, f)| *k == key && !f.built) {
                let off = matches!(v, Value::Null | Value::Bool(false))
                    || matches!(v, Value::Array(a) if a.is_empty());
                if !off {
                    return Err(feature.missing(&format!("option \"{key}\"")));
                }
                continue;
            }
            match key {
                "client_id" => {
                    let id = as_string(key, v)?;
                    check_string_field(key, &id)?;
                    client_id = Some(id);
                }
                "username" => {
                    let u = as_string(key, v)?;
                    check_string_field(key, &u)?;
                    o.username = Some(u);
                }
                "password" => {
                    let p = as_string(key, v)?;
                    check_field_len(key, &p)?;
                    o.password = Some(Secret(p));
                }
                "protocol" => match as_int(key, v, 4, 5)? {
                    4 => o.protocol = Protocol::V311,
                    _ if features::MQTT5.built => o.protocol = Protocol::V5,
                    _ => {
                        return Err(features::MQTT5
                            .missing("option \"protocol\" => Client::MQTT_5 (protocol 5)"))
                    }
                },
                "keep_alive" => {
                    o.keep_alive = Duration::from_secs(as_int(key, v, 0, 65535)? as u64)
                }
                "clean_session" => o.clean_session = as_bool(key, v)?,
                "session_expiry" => o.session_expiry = as_int(key, v, 0, u32::MAX as i64)? as u32,
                "properties" => o.connect_properties = properties::parse_connect_properties(v)?,
                "connect_timeout" => o.connect_timeout = as_seconds(key, v, false)?,
                "timeout" => o.timeout = as_seconds(key, v, false)?,
                "will" => {
                    o.will = match v {
                        Value::Null => None,
                        v => Some(parse_will(v)?),
                    }
                }
                "reconnect" => o.reconnect = as_bool(key, v)?,
                "reconnect_delay" => o.reconnect_delay = as_seconds(key, v, false)?,
                "reconnect_max_delay" => o.reconnect_max_delay = as_seconds(key, v, false)?,
                "max_inflight" => o.max_inflight = as_int(key, v, 1, 65535)? as u16,
                "max_packet_size" => {
                    o.max_packet_size_in = as_int(key, v, 64, MAX_PACKET_SIZE_OUT as i64)? as usize
                }
                "ack" => {
                    o.ack = match as_string(key, v)?.as_str() {
                        "auto" => AckMode::Auto,
                        "manual" => AckMode::Manual,
                        other => {
                            return Err(bad(
                                key,
                                &format!("must be 'auto' or 'manual', \"{other}\" given"),
                            ))
                        }
                    }
                }
                "servers" => o.servers = servers::parse_servers(v)?,
                "tls" => o.tls = tls::parse_tls(v)?.or(o.tls.take().filter(|_| endpoint_tls)),
                // A PHP object: the PHP layer keeps and checks it (the engine only logs).
                "logger" => {}
                "persistent" => {
                    o.persistent = match v {
                        Value::Bool(false) | Value::Null => None,
                        Value::Bool(true) => Some(String::new()),
                        Value::Str(_) => Some(as_string(key, v)?),
                        other => {
                            return Err(bad(
                                key,
                                &format!("must be bool or string, {} given", other.type_name()),
                            ))
                        }
                    }
                }
                other => {
                    return Err(Error::invalid(format!(
                        "unknown option \"{other}\" (known options: {})",
                        KNOWN_KEYS.join(", ")
                    )));
                }
            }
        }
        if o.reconnect_max_delay < o.reconnect_delay {
            return Err(bad(
                "reconnect_max_delay",
                "must not be below reconnect_delay",
            ));
        }
        if o.protocol != Protocol::V5 {
            let uses = [
                ("session_expiry", o.session_expiry != 0),
                ("properties", o.connect_properties != Default::default()),
                (
                    "will",
                    o.will.as_ref().is_some_and(|w| w.properties.is_some()),
                ),
            ];
            if let Some((key, _)) = uses.iter().find(|(_, used)| *used) {
                return Err(bad(
                    key,
                    "needs MQTT 5: add 'protocol' => Mqtt\\Client::MQTT_5",
                ));
            }
        }
        if o.password.is_some() && o.username.is_none() {
            return Err(bad(
                "password",
                "needs a username (MQTT 3.1.1 has no password without user name)",
            ));
        }
        match client_id {
            Some(id) if !id.is_empty() => o.client_id = id,
            Some(_) if !o.clean_session => {
                return Err(bad(
                    "client_id",
                    "must not be empty when clean_session is false",
                ))
            }
            Some(_) => o.client_id = String::new(),
            None => {
                o.client_id = match &o.persistent {
                    // Stable within this worker, so that a later request finds the connection.
                    Some(name) => persistent_client_id(&o, name),
                    None => generate_client_id(),
                };
            }
        }
        Ok(o)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(host: &str, pairs: Vec<(&str, Value)>) -> Result<Options> {
        let pairs: Vec<(String, Value)> =
            pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        Options::parse(host, 1883, &pairs, Defaults::default())
    }

    #[test]
    fn uri_parts_win_over_arguments() {
        let o = parse("mqtt://u%40x:p%3Aw@example.org:2883", vec![]).unwrap();
        assert_eq!((o.host.as_str(), o.port), ("example.org", 2883));
        assert_eq!(o.username.as_deref(), Some("u@x"));
        assert_eq!(o.password, Some(Secret("p:w".into())));
        let o = parse("mqtt://[::1]:1999", vec![]).unwrap();
        assert_eq!((o.host.as_str(), o.port), ("::1", 1999));
        let o = parse("broker.local", vec![]).unwrap();
        assert_eq!((o.host.as_str(), o.port), ("broker.local", 1883));
    }

    #[test]
    fn bad_values_name_the_key() {
        let e = parse("h", vec![("keep_alive", Value::Int(-1))]).unwrap_err();
        assert!(e.message.contains("keep_alive"), "{}", e.message);
        let e = parse("h", vec![("nope", Value::Int(1))]).unwrap_err();
        assert!(e.message.contains("nope"));
        let e = parse("h", vec![("tls", Value::Str(b"yes".to_vec()))]).unwrap_err();
        assert!(e.message.contains("tls"));
        assert!(parse("h", vec![("tls", Value::Bool(true))])
            .unwrap()
            .tls
            .is_some());
        assert!(parse("h", vec![("tls", Value::Bool(false))])
            .unwrap()
            .tls
            .is_none());
        let e = parse(
            "h",
            vec![
                ("clean_session", Value::Bool(false)),
                ("client_id", Value::Str(vec![])),
            ],
        )
        .unwrap_err();
        assert!(e.message.contains("client_id"));
        assert!(parse("mqtt://h:0", vec![]).is_err());
        assert!(parse("mqtt://h/path", vec![]).is_err());
        assert!(parse("ws://h/a b", vec![]).is_err());
        assert!(parse("h", vec![("timeout", Value::Float(f64::NAN))]).is_err());
    }

    #[test]
    fn strings_follow_mqtt_rules_and_the_password_is_binary() {
        let e = parse("127.0.0.1\0x", vec![]).unwrap_err();
        assert_eq!(
            e.message,
            "host must not contain the null character (U+0000)"
        );
        let e = parse("mqtt://h\n:1883", vec![]).unwrap_err();
        assert_eq!(
            e.message,
            "host must not contain a control character (U+000A)"
        );
        let e = parse("h", vec![("client_id", Value::Str(b"a\x01".to_vec()))]).unwrap_err();
        assert_eq!(
            e.message,
            "option \"client_id\" must not contain a control character (U+0001)"
        );
        let e = parse("mqtt://u%00@h", vec![]).unwrap_err();
        assert!(e.message.contains("username"), "{}", e.message);
        let with_password = |p: &[u8]| {
            vec![
                ("username", Value::Str(b"u".to_vec())),
                ("password", Value::Str(p.to_vec())),
            ]
        };
        assert!(parse("h", with_password(b"a\0b\x01")).is_ok());
        assert!(parse("mqtt://u:a%00b@h", vec![]).is_ok());
        // Huge waits are clamped to a long one, not refused as if they were not finite.
        let o = parse("h", vec![("timeout", Value::Float(1e300))]).unwrap();
        assert_eq!(o.timeout, Duration::from_secs_f64(MAX_SECONDS));
    }

    #[test]
    fn each_scheme_has_its_port_and_websockets_a_path() {
        let at = |host: &str, port: i64| {
            let o = Options::parse(host, port, &[], Defaults::default()).unwrap();
            (o.port, o.tls.is_some(), o.websocket)
        };
        assert_eq!(at("mqtts://h", 1883), (8883, true, None));
        assert_eq!(at("mqtts://h", 9883), (9883, true, None));
        assert_eq!(at("ws://h", 1883), (80, false, Some("/mqtt".into())));
        assert_eq!(at("wss://h", 1883), (443, true, Some("/mqtt".into())));
        assert_eq!(at("ws://h:8080/", 1883), (8080, false, Some("/".into())));
        assert_eq!(
            at("wss://h:8443/ws/mqtt?token=x", 1),
            (8443, true, Some("/ws/mqtt?token=x".into()))
        );
        assert_eq!(at("ws://h:9001", 1883).2, Some("/mqtt".into()));
    }

    #[test]
    fn servers_keep_their_own_scheme() {
        let list = Value::Array(vec![
            (String::new(), Value::Str(b"a".to_vec())),
            (String::new(), Value::Str(b"mqtts://b".to_vec())),
            (String::new(), Value::Str(b"wss://c/x".to_vec())),
        ]);
        let o = parse("h", vec![("servers", list)]).unwrap();
        let got: Vec<String> = o.servers.iter().map(|e| format!("{e} {}", e.tls)).collect();
        assert_eq!(got, ["a:1883 false", "b:8883 true", "wss://c:443/x true"]);
    }

    #[test]
    fn generated_ids_carry_the_pid_and_differ() {
        let a = generate_client_id();
        let b = generate_client_id();
        assert_ne!(a, b);
        assert!(a.contains(&std::process::id().to_string()));
        assert!(a.len() <= 23, "{a}");
    }

    #[test]
    fn password_is_hidden_from_debug() {
        let o = parse("mqtt://u:hunter2@h", vec![]).unwrap();
        assert!(!format!("{o:?}").contains("hunter2"));
    }
}
