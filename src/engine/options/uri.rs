//! The broker's address: a host name, or a `mqtt://user:pass@host:port` URI (`mqtts://`, `ws://`
//! and `wss://` too; a WebSocket URI may carry a path).

use super::super::error::{Error, Result};
use super::super::features;
use super::super::topic;

/// The parts of a `mqtt://user:pass@host:port` URI or of a plain host name.
#[derive(Debug, PartialEq)]
pub struct Endpoint {
    pub host: String,
    pub port: Option<u16>,
    pub username: Option<String>,
    pub password: Option<String>,
    /// `mqtts://` or `wss://`: TLS.
    pub tls: bool,
    /// `ws://` or `wss://`: the path of the WebSocket (`/mqtt` when the URI has none).
    pub websocket: Option<String>,
}

/// The path most brokers serve MQTT over WebSockets at (EMQX, HiveMQ, VerneMQ; mosquitto takes
/// any path), and the one JavaScript clients default to.
pub const DEFAULT_WEBSOCKET_PATH: &str = "/mqtt";

impl Endpoint {
    /// The port of this URI's scheme where none is given: None for `mqtt://` and a plain host
    /// (the `$port` argument applies).
    pub fn scheme_port(&self) -> Option<u16> {
        match (self.tls, self.websocket.is_some()) {
            (false, false) => None,
            (true, false) => Some(8883),
            (false, true) => Some(80),
            (true, true) => Some(443),
        }
    }
}

fn percent_decode(s: &str) -> Result<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            out.push(hex.ok_or_else(|| Error::invalid("host URI has a bad %-escape"))?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| Error::invalid("host URI credentials must be UTF-8"))
}

pub fn parse_endpoint(host: &str) -> Result<Endpoint> {
    // A NUL byte or a control character cannot be part of a host name or a URI (and a NUL would
    // cut the name short where it reaches C).
    if let Some(c) = host.chars().find(|c| c.is_control()) {
        let why = topic::forbidden_char(c).unwrap_or("a control character");
        return Err(Error::invalid(format!(
            "host must not contain {why} (U+{:04X})",
            c as u32
        )));
    }
    let Some((scheme, rest)) = host.split_once("://") else {
        if host.is_empty() {
            return Err(Error::invalid("host must not be empty"));
        }
        if host.contains(['/', '@', ' ']) {
            // Not echoed when it may carry credentials ("user:password@host").
            let shown = if host.contains('@') {
                String::new()
            } else {
                format!(" \"{host}\"")
            };
            return Err(Error::invalid(format!(
                "host{shown} is neither a host name nor a URI"
            )));
        }
        let host = host.trim_start_matches('[').trim_end_matches(']');
        return Ok(Endpoint {
            host: host.to_string(),
            port: None,
            username: None,
            password: None,
            tls: false,
            websocket: None,
        });
    };
    let scheme = scheme.to_ascii_lowercase();
    let (tls, websocket) = match scheme.as_str() {
        "mqtt" | "tcp" => (false, false),
        "mqtts" | "ssl" | "tls" => (true, false),
        "ws" => (false, true),
        "wss" => (true, true),
        other => return Err(Error::invalid(format!("unknown URI scheme \"{other}\""))),
    };
    if tls && !features::TLS.built {
        return Err(features::TLS.missing(&format!("{scheme}://")));
    }
    if websocket && !features::WEBSOCKETS.built {
        return Err(features::WEBSOCKETS.missing(&format!("{scheme}://")));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let after = &rest[authority.len()..];
    let websocket = if websocket {
        if after.contains('#') {
            return Err(Error::invalid("a WebSocket URI takes no #fragment"));
        }
        if let Some(c) = after.chars().find(|c| c.is_whitespace()) {
            return Err(Error::invalid(format!(
                "the WebSocket path must not contain whitespace (U+{:04X})",
                c as u32
            )));
        }
        Some(match after {
            "" => DEFAULT_WEBSOCKET_PATH.to_string(),
            p if p.starts_with('?') => format!("/{p}"),
            p => p.to_string(),
        })
    } else {
        if !after.trim_start_matches('/').is_empty() {
            return Err(Error::invalid(format!(
                "an {scheme}:// URI takes no path or query (only ws:// and wss:// do)"
            )));
        }
        None
    };
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    let (username, password) = match userinfo {
        None => (None, None),
        Some(u) => match u.split_once(':') {
            Some((user, pass)) => (Some(percent_decode(user)?), Some(percent_decode(pass)?)),
            None => (Some(percent_decode(u)?), None),
        },
    };
    let (h, port) = if let Some(v6) = hostport.strip_prefix('[') {
        let (h, after) = v6
            .split_once(']')
            .ok_or_else(|| Error::invalid("bad IPv6 address in URI"))?;
        (h, after.strip_prefix(':'))
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    };
    if h.is_empty() {
        return Err(Error::invalid("host URI has no host"));
    }
    let port = match port {
        None => None,
        Some(p) => Some(p.parse::<u16>().ok().filter(|p| *p != 0).ok_or_else(|| {
            // Echoed only when it is digits: a password with an unescaped '/' or '?'
            // ends up here ("ws://user:pass/word@host").
            Error::invalid(if p.bytes().all(|b| b.is_ascii_digit()) {
                format!("bad port \"{p}\" in host URI (1 to 65535)")
            } else {
                "bad port in host URI: not a number (a password with '/', '?' or '#' \
                         must be %-escaped)"
                    .to_string()
            })
        })?),
    };
    Ok(Endpoint {
        host: h.to_string(),
        port,
        username,
        password,
        tls,
        websocket,
    })
}
