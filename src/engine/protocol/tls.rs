//! The TLS connector for a connection, built from the `tls` option, and TLS errors in words.

use std::path::Path;

use native_tls::{Certificate, Identity, Protocol, TlsConnector};
use openssl::pkey::PKey;

use crate::engine::endpoint::Endpoints;
use crate::engine::error::Error;
use crate::engine::options::{Options, TlsOptions};
use crate::engine::transport::Security;

fn read(what: &str, path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| Error::invalid(format!("{what} {}: {e}", path.display())))
}

/// Every certificate of a PEM file (a CA bundle holds several).
fn certificates(path: &Path) -> Result<Vec<Certificate>, Error> {
    let pem = read("cannot read the CA file", path)?;
    let text = String::from_utf8_lossy(&pem);
    let mut certs = Vec::new();
    let mut rest = text.as_ref();
    while let Some(start) = rest.find("-----BEGIN CERTIFICATE-----") {
        let end_marker = "-----END CERTIFICATE-----";
        let Some(end) = rest[start..].find(end_marker) else {
            break;
        };
        let block = &rest[start..start + end + end_marker.len()];
        let cert = Certificate::from_pem(block.as_bytes())
            .map_err(|e| Error::invalid(format!("bad certificate in {}: {e}", path.display())))?;
        certs.push(cert);
        rest = &rest[start + end + end_marker.len()..];
    }
    if certs.is_empty() {
        return Err(Error::invalid(format!(
            "no PEM certificate in {}",
            path.display()
        )));
    }
    Ok(certs)
}

/// The client certificate with its key. native-tls takes only an unencrypted PKCS#8 key: OpenSSL
/// reads the key in whatever PEM form it comes (PKCS#1, SEC1, PKCS#8, encrypted or not) and hands
/// it on as that.
fn identity(t: &TlsOptions, cert: &Path, key: &Path) -> Result<Identity, Error> {
    let cert_pem = read("cannot read the certificate file", cert)?;
    let key_pem = read("cannot read the key file", key)?;
    let key_name = key.display();
    let pkey = match &t.key_password {
        Some(password) => PKey::private_key_from_pem_passphrase(&key_pem, password.0.as_bytes())
            .map_err(|e| {
                Error::invalid(format!(
                    "cannot decrypt the key {key_name} with tls.key_password (wrong password?): {}",
                    first_reason(&e)
                ))
            })?,
        None => {
            // OpenSSL would ask on the terminal for the password of an encrypted key: refuse it.
            PKey::private_key_from_pem_callback(&key_pem, |_| Ok(0)).map_err(|e| {
                let why = if String::from_utf8_lossy(&key_pem).contains("ENCRYPTED") {
                    "it is encrypted: give its password as tls.key_password".to_string()
                } else {
                    first_reason(&e)
                };
                Error::invalid(format!("cannot read the key {key_name}: {why}"))
            })?
        }
    };
    let pkcs8 = pkey
        .private_key_to_pem_pkcs8()
        .map_err(|e| Error::invalid(format!("cannot use the key {key_name}: {e}")))?;
    Identity::from_pkcs8(&cert_pem, &pkcs8).map_err(|e| {
        Error::invalid(format!(
            "cannot use the client certificate {} with the key {key_name}: {e}",
            cert.display()
        ))
    })
}

/// OpenSSL's first reason, without the library and function names around it.
fn first_reason(e: &openssl::error::ErrorStack) -> String {
    e.errors()
        .first()
        .and_then(|e| e.reason())
        .map(str::to_string)
        .unwrap_or_else(|| e.to_string())
}

/// The TLS settings of a client, when any of its brokers is reached over TLS: the `tls` option's,
/// or the defaults for a `servers` entry given as mqtts:// or wss:// without it.
pub fn security(o: &Options) -> Result<Option<Security>, Error> {
    if o.tls.is_none() && !Endpoints::new(o).any_tls() {
        return Ok(None);
    }
    let settings = o.tls.clone().unwrap_or_default();
    Ok(Some(Security {
        connector: connector(&settings)?,
        server_name: settings.server_name,
    }))
}

pub fn connector(t: &TlsOptions) -> Result<TlsConnector, Error> {
    let mut b = TlsConnector::builder();
    let mut own_roots = false;
    if let Some(ca) = &t.ca_file {
        for cert in certificates(ca)? {
            b.add_root_certificate(cert);
        }
        own_roots = true;
    }
    if let Some(dir) = &t.ca_path {
        let entries = std::fs::read_dir(dir)
            .map_err(|e| Error::invalid(format!("cannot read {}: {e}", dir.display())))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("pem" | "crt")
            ) {
                for cert in certificates(&path)? {
                    b.add_root_certificate(cert);
                }
                own_roots = true;
            }
        }
    }
    // A CA given is the one to trust, as with mosquitto_pub --cafile.
    b.disable_built_in_roots(own_roots);
    if let (Some(cert), Some(key)) = (&t.cert_file, &t.key_file) {
        b.identity(identity(t, cert, key)?);
    }
    if !t.verify_peer {
        b.danger_accept_invalid_certs(true);
    }
    if !t.verify_peer || !t.verify_hostname {
        b.danger_accept_invalid_hostnames(true);
    }
    if !t.alpn.is_empty() {
        let alpn: Vec<&str> = t.alpn.iter().map(String::as_str).collect();
        b.request_alpns(&alpn);
    }
    b.min_protocol_version(Some(match t.min_version.as_deref() {
        Some("1.0") => Protocol::Tlsv10,
        Some("1.1") => Protocol::Tlsv11,
        _ => Protocol::Tlsv12,
    }));
    b.build()
        .map_err(|e| Error::invalid(format!("cannot set up TLS: {e}")))
}

/// What a failed TLS handshake means for the user, from OpenSSL's words.
pub fn describe(address: &str, e: &dyn std::fmt::Display) -> Error {
    let text = e.to_string();
    let why = if text.contains("unable to get local issuer certificate")
        || text.contains("self-signed certificate")
        || text.contains("self signed certificate")
        || text.contains("unable to verify the first certificate")
    {
        "the broker's certificate is not signed by a trusted CA (set tls.ca_file)"
    } else if text.contains("hostname mismatch")
        || text.contains("Hostname mismatch")
        || text.contains("IP address mismatch")
    {
        "the broker's certificate is not for this host name (name mismatch)"
    } else if text.contains("certificate has expired") {
        "the broker's certificate has expired"
    } else if text.contains("certificate is not yet valid") {
        "the broker's certificate is not valid yet"
    } else if text.contains("certificate required")
        || text.contains("alert handshake failure")
        || text.contains("alert bad certificate")
        || text.contains("unknown ca")
    {
        "the broker refused the client certificate (or asked for one and got none)"
    } else {
        "TLS handshake failed"
    };
    Error::connection(format!("cannot connect to {address}: {why}: {text}"))
}

/// A failure between the stream's opening and CONNACK. Over TLS 1.3 a broker refuses a client
/// certificate only after the handshake: with an alert when it arrives in time, else as a reset
/// connection (the alert lost with it).
pub fn before_connack(
    tls: bool,
    address: &str,
    io: Option<std::io::ErrorKind>,
    cause: &str,
) -> Error {
    use std::io::ErrorKind::{BrokenPipe, ConnectionReset, UnexpectedEof};
    if tls && cause.contains("SSL routines") {
        return describe(address, &cause);
    }
    if tls && matches!(io, Some(ConnectionReset | BrokenPipe | UnexpectedEof)) {
        return Error::connection(format!(
            "cannot connect to {address}: the broker closed the TLS connection before CONNACK \
             ({cause}); if it requires a client certificate, check tls.cert_file and tls.key_file"
        ));
    }
    Error::connection(format!("cannot connect to {address}: {cause}"))
}
