//! Where the connection goes. Today one broker; the `servers` failover list plugs in here: the
//! driver asks for the endpoint of each attempt and reports how it went.

use super::options::Options;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub host: String,
    pub port: u16,
}

impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.host, self.port)
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
        let mut list = vec![Endpoint {
            host: o.host.clone(),
            port: o.port,
        }];
        list.extend(o.servers.iter().map(|(host, port)| Endpoint {
            host: host.clone(),
            port: *port,
        }));
        Endpoints { list, next: 0 }
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
            list: vec![Endpoint {
                host: "h".into(),
                port: 1,
            }],
            next: 0,
        };
        e.failed();
        assert_eq!(e.current().to_string(), "h:1");
    }

    #[test]
    fn failures_move_along_the_list_in_order() {
        let ep = |p| Endpoint {
            host: "h".into(),
            port: p,
        };
        let mut e = Endpoints {
            list: vec![ep(1), ep(2)],
            next: 0,
        };
        e.failed();
        assert_eq!(e.current().port, 2);
        e.failed();
        assert_eq!(e.current().port, 1);
    }
}
