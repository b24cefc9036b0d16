//! The `tls` option (and `mqtts://`): how the connection is encrypted and whom it trusts.

use std::path::PathBuf;

use super::super::error::Result;
use super::super::value::Value;
use super::{as_bool, as_string, bad, check_field_len, Secret};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TlsOptions {
    /// PEM file of the CA certificates to trust (then only those); None: the system's roots.
    pub ca_file: Option<PathBuf>,
    /// A directory of PEM CA certificates to trust (`*.pem`, `*.crt`).
    pub ca_path: Option<PathBuf>,
    /// Client certificate and its key, both PEM, for brokers that ask for one.
    pub cert_file: Option<PathBuf>,
    pub key_file: Option<PathBuf>,
    /// The password of an encrypted `key_file`.
    pub key_password: Option<Secret>,
    /// The name the broker's certificate must carry and the one sent as SNI, where it differs
    /// from the host connected to (an IP address, a load balancer's own name).
    pub server_name: Option<String>,
    /// Check the broker's certificate and name (on unless turned off for a test broker).
    pub verify_peer: bool,
    /// With `verify_peer`: also check that the certificate is for the host connected to.
    pub verify_hostname: bool,
    /// ALPN protocol names to offer (for example "mqtt" for AWS IoT on port 443).
    pub alpn: Vec<String>,
    /// The oldest TLS version accepted: "1.2" (default) or "1.0", "1.1".
    pub min_version: Option<String>,
}

impl Default for TlsOptions {
    fn default() -> Self {
        TlsOptions {
            ca_file: None,
            ca_path: None,
            cert_file: None,
            key_file: None,
            key_password: None,
            server_name: None,
            verify_peer: true,
            verify_hostname: true,
            alpn: Vec::new(),
            min_version: None,
        }
    }
}

fn readable_file(key: &str, v: &Value) -> Result<PathBuf> {
    let path = PathBuf::from(as_string(key, v)?);
    std::fs::File::open(&path)
        .map_err(|e| bad(key, &format!("cannot be read: {}: {e}", path.display())))?;
    Ok(path)
}

/// `true`/`false`, or an array of the settings above; None when TLS is off.
pub(super) fn parse_tls(v: &Value) -> Result<Option<TlsOptions>> {
    let pairs = match v {
        Value::Null | Value::Bool(false) => return Ok(None),
        Value::Bool(true) => return Ok(Some(TlsOptions::default())),
        Value::Array(pairs) => pairs,
        other => {
            return Err(bad(
                "tls",
                &format!("must be bool or array, {} given", other.type_name()),
            ))
        }
    };
    let mut t = TlsOptions::default();
    for (k, v) in pairs {
        let key = format!("tls.{k}");
        match k.as_str() {
            "ca_file" | "cafile" => t.ca_file = Some(readable_file(&key, v)?),
            "ca_path" | "capath" => {
                let dir = PathBuf::from(as_string(&key, v)?);
                if !dir.is_dir() {
                    return Err(bad(&key, &format!("is not a directory: {}", dir.display())));
                }
                t.ca_path = Some(dir);
            }
            "cert_file" | "certfile" => t.cert_file = Some(readable_file(&key, v)?),
            "key_file" | "keyfile" => t.key_file = Some(readable_file(&key, v)?),
            "verify_peer" => t.verify_peer = as_bool(&key, v)?,
            "verify_hostname" => t.verify_hostname = as_bool(&key, v)?,
            "alpn" => {
                t.alpn = match v {
                    Value::Str(_) => vec![as_string(&key, v)?],
                    Value::Array(items) => items
                        .iter()
                        .map(|(_, p)| as_string(&key, p))
                        .collect::<Result<_>>()?,
                    other => {
                        return Err(bad(
                            &key,
                            &format!(
                                "must be string or list of strings, {} given",
                                other.type_name()
                            ),
                        ))
                    }
                }
            }
            "min_version" => {
                let version = as_string(&key, v)?;
                if !["1.0", "1.1", "1.2"].contains(&version.as_str()) {
                    return Err(bad(&key, "must be \"1.0\", \"1.1\" or \"1.2\""));
                }
                t.min_version = Some(version);
            }
            "key_password" | "keyfile_password" => {
                let password = as_string(&key, v)?;
                check_field_len(&key, &password)?;
                t.key_password = Some(Secret(password));
            }
            "server_name" | "peer_name" => {
                let name = as_string(&key, v)?;
                if name.is_empty() || name.contains(|c: char| c.is_control() || c == ' ') {
                    return Err(bad(&key, "must be a host name"));
                }
                t.server_name = Some(name);
            }
            "ciphers" => {
                return Err(bad(&key, "is not supported yet"));
            }
            other => return Err(bad("tls", &format!("has unknown key \"{other}\""))),
        }
    }
    if t.key_password.is_some() && t.key_file.is_none() {
        return Err(bad("tls", "has key_password but no key_file"));
    }
    if t.cert_file.is_some() != t.key_file.is_some() {
        return Err(bad("tls", "needs both cert_file and key_file, or neither"));
    }
    Ok(Some(t))
}
