//! Where the connection goes: the constructor's broker, then the `servers` failover list. The
//! driver asks for the endpoint of each attempt and reports how it went.

use super::options::Options;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Endpoint {
    pub host: String,
    pub port: u16,
    /// Whether this connection is encrypted (with the `tls` option's settings, or defaults).
    pub tls: bool,
    /// `Some(path)`: MQTT inside a WebSocket opened at that path (`ws://`, `wss://`).
    pub websocket: Option<String>,
}

impl Endpoint {
    /// A plain MQTT connection to `host`:`port`.
    pub fn tcp(host: impl Into<String>, port: u16) -> Endpoint {
        Endpoint {
            host: host.into(),
            port,
            tls: false,
            websocket: None,
        }
    }

    /// The URL of the WebSocket upgrade request.
    pub fn websocket_url(&self, path: &str) -> String {
        let scheme = if self.tls { "wss" } else { "ws" };
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        format!("{scheme}://{host}:{}{path}", self.port)
    }
}

/// `host:port` for MQTT over TCP or TLS (what error messages have always said), the URL for a
/// WebSocket.
impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.websocket {
            Some(path) => f.write_str(&self.websocket_url(path)),
            None => write!(f, "{}:{}", self.host, self.port),
        }
    }
}

/// The brokers to try, in order, and which one is next.
pub struct Endpoints {
    list: Vec<Endpoint>,
    next: usize,
}

impl Endpoints {
    /// The constructor's broker first, then the `servers` list in order.
    pub fn new(o: &Options) -> Endpoints {
        // The `tls` option encrypts every connection, as it does the constructor's host; a
        // server given as mqtts:// or wss:// is encrypted with or without it.
        let mut list = vec![Endpoint {
            host: o.host.clone(),
            port: o.port,
            tls: o.tls.is_some(),
            websocket: o.websocket.clone(),
        }];
        list.extend(o.servers.iter().map(|e| Endpoint {
            tls: e.tls || o.tls.is_some(),
            ..e.clone()
        }));
        Endpoints { list, next: 0 }
    }

    /// Whether any of them is reached over TLS.
    pub fn any_tls(&self) -> bool {
        self.list.iter().any(|e| e.tls)
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// The endpoint for the next connection attempt.
    pub fn current(&self) -> &Endpoint {
        &self.list[self.next]
    }

    /// The attempt on the current endpoint failed: the next one gets the following attempt.
    pub fn failed(&mut self) {
        self.next = (self.next + 1) % self.list.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_broker_is_tried_again_and_again() {
        let mut e = Endpoints {
            list: vec![Endpoint::tcp("h", 1)],
            next: 0,
        };
        e.failed();
        assert_eq!(e.current().to_string(), "h:1");
    }

    #[test]
    fn failures_move_along_the_list_in_order() {
        let ep = |p| Endpoint::tcp("h", p);
        let mut e = Endpoints {
            list: vec![ep(1), ep(2)],
            next: 0,
        };
        e.failed();
        assert_eq!(e.current().port, 2);
        e.failed();
        assert_eq!(e.current().port, 1);
    }

    #[test]
    fn a_websocket_endpoint_is_shown_as_its_url() {
        let mut e = Endpoint::tcp("::1", 8080);
        e.websocket = Some("/mqtt".into());
        assert_eq!(e.to_string(), "ws://[::1]:8080/mqtt");
        e.tls = true;
        assert_eq!(e.to_string(), "wss://[::1]:8080/mqtt");
    }
}
