//! The byte stream under MQTT: TCP, TLS over TCP, a WebSocket over either. Opened here, for
//! every protocol version, so that TLS settings, `server_name` and WebSocket paths mean the same
//! thing on each of them.

use async_tungstenite::tungstenite::client::IntoClientRequest;
use async_tungstenite::tungstenite::http::HeaderValue;
use async_tungstenite::tungstenite::Error as WsError;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use ws_stream_tungstenite::WsStream;

use super::endpoint::Endpoint;
use super::error::Error;
use super::protocol::tls;

/// A connected stream, whatever carries it.
pub trait Io: AsyncRead + AsyncWrite + Send + Unpin {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin> Io for T {}
pub type Stream = Box<dyn Io>;

/// What the connections of one client share: the TLS connector (built once from the `tls`
/// option) and the name to check certificates against.
#[derive(Clone)]
pub struct Security {
    pub connector: native_tls::TlsConnector,
    /// `tls.server_name`; else each endpoint's own host.
    pub server_name: Option<String>,
}

/// Opens the stream to `endpoint`: TCP, the TLS handshake, the WebSocket upgrade. The caller
/// bounds it in time.
pub async fn open(endpoint: &Endpoint, security: Option<&Security>) -> Result<Stream, Error> {
    let tcp = TcpStream::connect((endpoint.host.as_str(), endpoint.port))
        .await
        .map_err(|e| Error::connection(format!("cannot connect to {endpoint}: {e}")))?;
    // Without it a QoS 1 publish after a QoS 0 one waits out Nagle + delayed ACK (~40 ms).
    let _ = tcp.set_nodelay(true);
    let stream: Stream = if endpoint.tls {
        let security = security.ok_or_else(|| {
            Error::invalid(format!(
                "{endpoint} needs TLS, but no TLS settings were made"
            ))
        })?;
        let name = security.server_name.as_deref().unwrap_or(&endpoint.host);
        let connector = tokio_native_tls::TlsConnector::from(security.connector.clone());
        let tls_stream = connector
            .connect(name, tcp)
            .await
            .map_err(|e| tls::describe(&endpoint.to_string(), &e))?;
        Box::new(tls_stream)
    } else {
        Box::new(tcp)
    };
    match &endpoint.websocket {
        Some(path) => websocket(endpoint, path, stream).await,
        None => Ok(stream),
    }
}

/// The WebSocket upgrade, asking for the `mqtt` subprotocol as MQTT over WebSockets requires.
async fn websocket(endpoint: &Endpoint, path: &str, stream: Stream) -> Result<Stream, Error> {
    let url = endpoint.websocket_url(path);
    let mut request = url
        .as_str()
        .into_client_request()
        .map_err(|e| Error::invalid(format!("bad WebSocket URL {url}: {e}")))?;
    request
        .headers_mut()
        .insert("Sec-WebSocket-Protocol", HeaderValue::from_static("mqtt"));
    let (socket, response) = async_tungstenite::tokio::client_async(request, stream)
        .await
        .map_err(|e| websocket_error(&url, e))?;
    let protocol = response.headers().get("Sec-WebSocket-Protocol");
    if protocol.map(|p| p.as_bytes()) != Some(b"mqtt") {
        return Err(Error::connection(format!(
            "cannot connect to {url}: the server did not accept the \"mqtt\" WebSocket \
             subprotocol (is this an MQTT broker's WebSocket listener?)"
        )));
    }
    Ok(Box::new(WsStream::new(socket)))
}

fn websocket_error(url: &str, e: WsError) -> Error {
    match e {
        WsError::Http(response) => Error::connection(format!(
            "cannot connect to {url}: the server answered the WebSocket upgrade with HTTP {} \
             (wrong path or not a WebSocket listener?)",
            response.status()
        )),
        WsError::Io(io) => Error::connection(format!(
            "cannot connect to {url}: the WebSocket upgrade failed: {io} (is this a WebSocket \
             listener{}?)",
            if url.starts_with("wss:") {
                " with TLS"
            } else {
                " without TLS"
            }
        )),
        other => Error::connection(format!(
            "cannot connect to {url}: WebSocket upgrade failed: {other}"
        )),
    }
}
