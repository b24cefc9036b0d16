//! When a persistent connection may be reused: the one place that decides it.
//!
//! A later request that builds an equal client gets the open connection, like phpredis
//! `pconnect`. *Equal* means: the same identity (host, port, user name, client id, persistent
//! name) and the same connection settings, so another password, will or acknowledgement mode
//! never silently gets a connection opened with the old ones. `Options` is taken apart without
//! `..`: a new option does not compile until it is placed here, either in the key or, for a
//! setting that belongs to each client object rather than to the connection, explicitly aside.

use std::hash::{Hash, Hasher};

use super::options::Options;

/// (identity, fingerprint of the connection settings).
pub fn reuse_key(o: &Options) -> (String, u64) {
    let Options {
        host,
        port,
        client_id,
        username,
        password,
        protocol,
        keep_alive,
        clean_session,
        session_expiry,
        connect_properties,
        connect_timeout: _, // per client: only for opening a connection
        timeout: _,         // per client: each call's own deadline
        will,
        websocket,
        tls,
        servers,
        reconnect,
        reconnect_delay,
        reconnect_max_delay,
        max_inflight,
        max_packet_size_in,
        max_packet_size_out,
        ack,
        persistent,
        log_level: _, // per client: whether it has a logger
    } = o;
    let identity = format!(
        "{host}\0{port}\0{}\0{client_id}\0{}",
        username.as_deref().unwrap_or(""),
        persistent.as_deref().unwrap_or("")
    );
    let mut h = std::collections::hash_map::DefaultHasher::new();
    password.as_ref().map(|p| p.0.as_str()).hash(&mut h);
    (*protocol as u8, *ack as u8, *clean_session, *session_expiry).hash(&mut h);
    (keep_alive, reconnect, reconnect_delay, reconnect_max_delay).hash(&mut h);
    (max_inflight, max_packet_size_in, max_packet_size_out).hash(&mut h);
    (websocket, servers).hash(&mut h);
    tls.hash(&mut h);
    connect_properties.hash(&mut h);
    will.as_ref()
        .map(|w| (&w.topic, &w.payload[..], w.qos, w.retain, &w.properties))
        .hash(&mut h);
    (identity, h.finish())
}
