//! Persistent connections (`persistent` option): kept open across the requests of one worker
//! process, keyed like phpredis `pconnect` by host, port, username, client id and name.

use std::sync::Arc;

use parking_lot::Mutex;

use crate::engine::reuse::reuse_key;
use crate::engine::{Connection, Error, Options, Result, Tick};

struct Registry {
    pid: u32,
    /// (identity, settings, connection)
    connections: Vec<(String, u64, Arc<Connection>)>,
}

static REGISTRY: Mutex<Option<Registry>> = Mutex::new(None);

/// The registry of this process; one inherited through fork() is leaked, never used or dropped.
fn with_registry<T>(f: impl FnOnce(&mut Registry) -> T) -> T {
    let mut slot = REGISTRY.lock();
    let pid = std::process::id();
    if slot.as_ref().is_some_and(|r| r.pid != pid) {
        std::mem::forget(slot.take());
    }
    f(slot.get_or_insert_with(|| Registry {
        pid,
        connections: Vec::new(),
    }))
}

/// The open connection for these options, or a new one (at most `max` per process).
pub fn acquire(o: &Options, max: usize, tick: Tick) -> Result<Arc<Connection>> {
    let (key, settings) = reuse_key(o);
    let (found, replaced) = with_registry(|r| {
        r.connections.retain(|(_, _, c)| !c.is_closed());
        let at = r.connections.iter().position(|(k, _, _)| *k == key);
        match at {
            Some(i) if r.connections[i].1 == settings => (Ok(r.connections[i].2.clone()), None),
            // Same client, other settings: close the old connection rather than have two fight
            // over one client id.
            Some(i) => (
                Err(r.connections.len() - 1),
                Some(r.connections.remove(i).2),
            ),
            None => (Err(r.connections.len()), None),
        }
    });
    if let Some(old) = replaced {
        let _ = old.disconnect(old.options().timeout, &mut || Ok(()));
    }
    let open = match found {
        Ok(conn) => {
            conn.begin_request();
            return Ok(conn);
        }
        Err(open) => open,
    };
    if open >= max {
        return Err(Error::connection(format!(
            "mqtt.persistent_max ({max}) persistent connections are already open in this process"
        )));
    }
    let conn = Arc::new(Connection::connect(o.clone(), tick)?);
    with_registry(|r| r.connections.push((key, settings, conn.clone())));
    Ok(conn)
}

/// disconnect() on a persistent client really closes: forget the connection.
pub fn forget(conn: &Arc<Connection>) {
    with_registry(|r| r.connections.retain(|(_, _, c)| !Arc::ptr_eq(c, conn)));
}

/// (client id, host:port, connected) of the open persistent connections, for phpinfo().
pub fn list() -> Vec<(String, String, bool)> {
    with_registry(|r| {
        r.connections
            .iter()
            .map(|(_, _, c)| {
                let o = c.options();
                (
                    o.client_id.clone(),
                    format!("{}:{}", o.host, o.port),
                    c.is_connected(),
                )
            })
            .collect()
    })
}

/// Module shutdown (worker exit): close each connection with DISCONNECT.
pub fn close_all() {
    let connections = with_registry(|r| std::mem::take(&mut r.connections));
    for (_, _, conn) in connections {
        let _ = conn.disconnect(conn.options().timeout, &mut || Ok(()));
    }
}
