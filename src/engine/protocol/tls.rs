//! The TLS connector for a connection, built from the `tls` option, and TLS errors in words.

use std::path::Path;

use native_tls::{Certificate, Identity, Protocol, TlsConnector};

use crate::engine::error::Error;
use crate::engine::options::TlsOptions;

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
        let identity = Identity::from_pkcs8(
            &read("cannot read the certificate file", cert)?,
            &read("cannot read the key file", key)?,
        )
        .map_err(|e| {
            Error::invalid(format!(
                "cannot use the client certificate {} with the key {} (the key must be an \
                 unencrypted PKCS#8 PEM file): {e}",
                cert.display(),
                key.display()
            ))
        })?;
        b.identity(identity);
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
