//! The MQTT engine: everything that does not need PHP, tested with `cargo test` against a real
//! broker. The PHP classes in `crate::php` are a thin layer over it.

pub mod backoff;
pub mod batch;
pub mod connection;
pub mod driver;
pub mod endpoint;
pub mod error;
pub mod features;
pub mod fork;
pub mod inbox;
pub mod options;
pub mod properties;
pub mod protocol;
pub mod reuse;
pub mod runtime;
pub mod session;
pub mod shared;
pub mod topic;
pub mod tracker;
pub mod transport;
pub mod value;
pub mod wait;

pub use connection::{Connection, Link, Stats, Tick};
pub use error::{Error, ErrorKind, Result};
pub use inbox::{Event, Message};
pub use options::{Defaults, Options};
