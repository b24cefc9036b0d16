//! Which optional features this build has. phpinfo(), the option parser and the "not supported
//! yet" errors all read this one list, so they cannot disagree.

use super::error::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Feature {
    /// As phpinfo() names it.
    pub name: &'static str,
    pub built: bool,
    /// What a user asked for when they need it ("mqtts:// needs ...").
    what: &'static str,
}

impl Feature {
    /// The error for using it in a build without it.
    pub fn missing(&self, used: &str) -> Error {
        Error::invalid(format!(
            "{used} needs {}, which is not supported yet",
            self.what
        ))
    }

    /// "yes" or "no", for phpinfo().
    pub fn yes_no(&self) -> &'static str {
        if self.built {
            "yes"
        } else {
            "no"
        }
    }
}

pub const MQTT5: Feature = Feature {
    name: "MQTT 5",
    built: true,
    what: "MQTT 5",
};
pub const TLS: Feature = Feature {
    name: "TLS support",
    built: true,
    what: "TLS",
};
pub const WEBSOCKETS: Feature = Feature {
    name: "WebSockets support",
    built: true,
    what: "WebSockets",
};
pub const FAILOVER: Feature = Feature {
    name: "Failover server lists",
    built: true,
    what: "failover server lists",
};
pub const LOGGER: Feature = Feature {
    name: "Logger",
    built: true,
    what: "a logger",
};

/// Every optional feature, in phpinfo() order.
pub const ALL: &[Feature] = &[MQTT5, TLS, WEBSOCKETS, FAILOVER, LOGGER];

/// The protocol versions this build speaks, for phpinfo().
pub fn protocols() -> &'static str {
    if MQTT5.built {
        "3.1.1, 5"
    } else {
        "3.1.1"
    }
}
