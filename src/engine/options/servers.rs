//! The `servers` option: brokers to fail over to, tried in order after the constructor's.

use super::super::endpoint::Endpoint;
use super::super::error::Result;
use super::super::value::Value;
use super::{as_string, bad, parse_endpoint};

/// A list of `host`, `host:port` or URI strings (`mqtt://`, `mqtts://`, `ws://`, `wss://`); a
/// server without a port gets its scheme's (1883 for a plain `host`).
pub(super) fn parse_servers(v: &Value) -> Result<Vec<Endpoint>> {
    let key = "servers";
    let Value::Array(entries) = v else {
        return Err(bad(
            key,
            &format!("must be a list of URIs, {} given", v.type_name()),
        ));
    };
    let mut servers = Vec::with_capacity(entries.len());
    for (i, (_, entry)) in entries.iter().enumerate() {
        let text = as_string(&format!("servers[{i}]"), entry)?;
        // "host:port" is a URI without its scheme here.
        let uri = if text.contains("://") {
            text
        } else {
            format!("mqtt://{text}")
        };
        let endpoint = parse_endpoint(&uri).map_err(|e| {
            bad(
                &format!("servers[{i}]"),
                &format!("is not usable: {}", e.message),
            )
        })?;
        if endpoint.username.is_some() || endpoint.password.is_some() {
            return Err(bad(
                &format!("servers[{i}]"),
                "must not carry credentials: give them in the username and password options",
            ));
        }
        let port = endpoint
            .port
            .or(endpoint.scheme_port())
            .unwrap_or(super::DEFAULT_PORT);
        servers.push(Endpoint {
            host: endpoint.host,
            port,
            tls: endpoint.tls,
            websocket: endpoint.websocket,
        });
    }
    Ok(servers)
}
