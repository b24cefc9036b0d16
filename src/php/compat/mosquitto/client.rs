//! `Mosquitto\Client`: the Mosquitto-PHP API over the engine. publish(), subscribe() and
//! unsubscribe() queue their request and return its mid at once; completions, messages and
//! connection changes come back as engine events, which loop() turns into the callbacks.

// Parameter names are PHP's (named arguments): the original's camelCase.
#![allow(non_snake_case)]

use std::cell::{Cell, RefCell};
use std::net::ToSocketAddrs;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use ext_php_rs::prelude::*;
use ext_php_rs::types::Zval;

use super::exception::{self as mosq, error, from_engine};
use super::message;
use crate::engine::inbox::LogLevel;
use crate::engine::tracker::Outcome;
use crate::engine::value::Value;
use crate::engine::{self, topic, Connection, Error, ErrorKind, Event, Options};
use crate::php::callback::Callback;
use crate::php::convert::{self, Arg};
use crate::php::events;
use crate::php::exceptions::type_error;
use crate::php::interrupt::tick;
use crate::php::{ini, interrupt};

type Cb = Rc<Callback>;

/// libmosquitto's MOSQ_ERR_CONN_LOST: onDisconnect's rc for a connection that was lost.
const RC_CONN_LOST: i64 = 7;

#[derive(Default)]
struct Handlers {
    connect: Option<Cb>,
    disconnect: Option<Cb>,
    log: Option<Cb>,
    subscribe: Option<Cb>,
    unsubscribe: Option<Cb>,
    message: Option<Cb>,
    publish: Option<Cb>,
}

/// What connect() reads: set by the setters, taken when connect() is called.
#[derive(Default, Clone)]
struct Settings {
    credentials: Option<(String, String)>,
    will: Option<(Vec<u8>, Vec<u8>, i64, bool)>,
    max_inflight: Option<i64>,
    /// (delay, max delay) in seconds.
    reconnect: Option<(f64, f64)>,
    /// The engine's `tls` option, from the TLS setters.
    tls: Option<Vec<(String, Value)>>,
}

#[php_class]
#[php(name = "Mosquitto\\Client")]
pub struct Client {
    client_id: Option<String>,
    clean_session: bool,
    settings: RefCell<Settings>,
    conn: RefCell<Option<Arc<Connection>>>,
    handlers: RefCell<Handlers>,
    /// The last mid handed out (mids count from 1 for every request, QoS 0 publishes too).
    mid: Cell<u16>,
    exit: Cell<bool>,
    /// A CONNACK refusal, reported by the next loop() as onConnect(rc, message).
    refused: RefCell<Option<(i64, String)>>,
    /// False for the object of a subclass whose constructor skipped parent::__construct().
    constructed: bool,
}

/// libmosquitto's words for a CONNACK return code.
fn connack_text(rc: i64) -> &'static str {
    match rc {
        0 => "Connection Accepted.",
        1 => "Connection Refused: unacceptable protocol version.",
        2 => "Connection Refused: identifier rejected.",
        3 => "Connection Refused: broker unavailable.",
        4 => "Connection Refused: bad user name or password.",
        5 => "Connection Refused: not authorised.",
        _ => "Connection Refused: unknown reason.",
    }
}

fn log_level(level: LogLevel) -> i64 {
    match level {
        LogLevel::Info => super::LOG_INFO,
        LogLevel::Notice => super::LOG_NOTICE,
        LogLevel::Warning => super::LOG_WARNING,
        LogLevel::Error => super::LOG_ERR,
        LogLevel::Debug => super::LOG_DEBUG,
    }
}

fn callable(cb: &Zval, method: &str) -> PhpResult<Option<Cb>> {
    if cb.is_null() {
        return Ok(None);
    }
    match Callback::new(cb) {
        Some(cb) => Ok(Some(Rc::new(cb))),
        None => Err(type_error(format!(
            "Mosquitto\\Client::{method}(): Argument #1 ($callback) must be a valid callback, {} given",
            convert::type_name(cb)
        ))),
    }
}

/// libmosquitto's word for what cannot be offered (TLS-PSK, ciphers, encrypted keys).
fn not_supported() -> PhpException {
    error("This feature is not supported.")
}

/// A string setter argument (null: absent).
fn opt_str(z: Option<&Zval>, arg: Arg) -> PhpResult<Option<String>> {
    match z {
        Some(z) if !z.is_null() => {
            let s = convert::string(z, arg)?;
            Ok(Some(
                String::from_utf8(s).map_err(|_| error("Malformed UTF-8"))?,
            ))
        }
        _ => Ok(None),
    }
}

impl Client {
    /// Sets (or replaces) one entry of the `tls` settings.
    fn set_tls(&self, key: &str, value: Value) {
        let mut s = self.settings.borrow_mut();
        let tls = s.tls.get_or_insert_with(Vec::new);
        tls.retain(|(k, _)| k != key);
        tls.push((key.to_string(), value));
    }
}

impl Client {
    /// The object is being destroyed (its dtor_obj, see handlers.rs): while connected,
    /// DISCONNECT and onDisconnect(0), as the original does. A callback's exception stays
    /// pending, as one thrown by a destructor.
    pub(crate) fn destroyed(&self) {
        let open = self.conn.borrow().as_ref().is_some_and(|c| !c.is_closed());
        if open {
            if let Err(e) = self.disconnect() {
                let _ = e.throw();
            }
        }
    }

    fn ready(&self) -> PhpResult<()> {
        if self.constructed {
            Ok(())
        } else {
            Err(error(
                "Mosquitto\\Client::__construct() was not called: a subclass's constructor must call parent::__construct()",
            ))
        }
    }

    fn next_mid(&self) -> u16 {
        let mid = match self.mid.get().wrapping_add(1) {
            0 => 1,
            m => m,
        };
        self.mid.set(mid);
        mid
    }

    /// The open connection, or "The client is not currently connected.".
    fn connection(&self) -> PhpResult<Arc<Connection>> {
        match self.conn.borrow().as_ref() {
            Some(c) if !c.is_closed() => Ok(c.clone()),
            _ => Err(error(mosq::NOT_CONNECTED)),
        }
    }

    fn handler(&self, pick: fn(&Handlers) -> &Option<Cb>) -> Option<Cb> {
        pick(&self.handlers.borrow()).clone()
    }

    fn fire_disconnect(&self, rc: i64) -> PhpResult<()> {
        match self.handler(|h| &h.disconnect) {
            Some(cb) => cb.call(vec![&rc]),
            None => Ok(()),
        }
    }

    /// Runs the callback for one event.
    fn dispatch(&self, conn: &Arc<Connection>, event: Event) -> PhpResult<()> {
        match event {
            Event::Message(m) => {
                let cb = self.handler(|h| &h.message);
                if let Some(cb) = cb {
                    let zv = message::received(&m)?;
                    if let Err(e) = cb.call(vec![&zv]) {
                        let _ = conn.settle(&m, false);
                        return Err(e);
                    }
                }
                conn.settle(&m, true).map_err(from_engine)
            }
            Event::Connected { .. } => match self.handler(|h| &h.connect) {
                Some(cb) => cb.call(vec![&0i64, &connack_text(0)]),
                None => Ok(()),
            },
            // Asked for: disconnect() reports it itself.
            Event::Disconnected { error: None } => Ok(()),
            Event::Disconnected { error: Some(_) } => self.fire_disconnect(RC_CONN_LOST),
            Event::Done { tag, result } => {
                let mid = tag as i64;
                match result {
                    Ok(Outcome::Published { .. }) => match self.handler(|h| &h.publish) {
                        Some(cb) => cb.call(vec![&mid]),
                        None => Ok(()),
                    },
                    Ok(Outcome::Subscribed { codes }) => match self.handler(|h| &h.subscribe) {
                        Some(cb) => {
                            let granted = codes.first().copied().unwrap_or(0x80) as i64;
                            cb.call(vec![&mid, &1i64, &granted])
                        }
                        None => Ok(()),
                    },
                    Ok(Outcome::Unsubscribed) => match self.handler(|h| &h.unsubscribe) {
                        Some(cb) => cb.call(vec![&mid]),
                        None => Ok(()),
                    },
                    // A request the connection could not complete: libmosquitto reports nothing.
                    _ => Ok(()),
                }
            }
            Event::Log { level, message } => match self.handler(|h| &h.log) {
                Some(cb) => cb.call(vec![&log_level(level), &message]),
                None => Ok(()),
            },
            Event::Published { .. } => Ok(()),
        }
    }

    /// Reports a CONNACK refusal that connect() kept; returns whether there was one.
    fn report_refusal(&self) -> PhpResult<bool> {
        let Some((rc, text)) = self.refused.borrow_mut().take() else {
            return Ok(false);
        };
        if let Some(cb) = self.handler(|h| &h.connect) {
            cb.call(vec![&rc, &text])?;
        }
        Ok(true)
    }

    /// Dispatches what has arrived; when nothing has, waits up to `wait` for the first event.
    fn run_once(
        &self,
        conn: &Arc<Connection>,
        wait: Duration,
        tick: &mut dyn FnMut() -> engine::Result<()>,
    ) -> PhpResult<()> {
        // Every event counts: the wait ends at the first one, whatever it is.
        let each = |e| self.dispatch(conn, e).map(|_| 1);
        events::pump(conn, wait, tick, &self.exit, from_engine, each).map(|_| ())
    }

    /// The connection loop() works on: a closed one still hands out its last events.
    fn connection_for_events(&self) -> PhpResult<Arc<Connection>> {
        if let Some(c) = self.conn.borrow().as_ref() {
            if c.has_events() || !c.is_closed() {
                return Ok(c.clone());
            }
            return Err(error(mosq::LOST));
        }
        Err(error(mosq::NOT_CONNECTED))
    }

    /// For the cycle collector: one zval per callback this client holds (see handlers.rs).
    pub(crate) fn gc_callbacks(&self, each: &mut dyn FnMut(&Zval)) {
        let Ok(h) = self.handlers.try_borrow() else {
            return;
        };
        let all = [
            &h.connect,
            &h.disconnect,
            &h.log,
            &h.subscribe,
            &h.unsubscribe,
            &h.message,
            &h.publish,
        ];
        for cb in all.into_iter().flatten() {
            each(cb.zval());
        }
    }

    /// The engine's options for connect(), from the constructor's arguments and the setters.
    fn options(&self, host: &str, port: i64, keepalive: i64) -> PhpResult<Options> {
        let s = self.settings.borrow().clone();
        let mut pairs: Vec<(String, Value)> = vec![
            ("clean_session".into(), Value::Bool(self.clean_session)),
            ("keep_alive".into(), Value::Int(keepalive)),
        ];
        if let Some(id) = &self.client_id {
            pairs.push(("client_id".into(), Value::Str(id.clone().into_bytes())));
        }
        if let Some((u, p)) = s.credentials {
            pairs.push(("username".into(), Value::Str(u.into_bytes())));
            pairs.push(("password".into(), Value::Str(p.into_bytes())));
        }
        if let Some((topic, payload, qos, retain)) = s.will {
            pairs.push((
                "will".into(),
                Value::Array(vec![
                    ("topic".into(), Value::Str(topic)),
                    ("payload".into(), Value::Str(payload)),
                    ("qos".into(), Value::Int(qos)),
                    ("retain".into(), Value::Bool(retain)),
                ]),
            ));
        }
        if let Some(n) = s.max_inflight {
            pairs.push(("max_inflight".into(), Value::Int(n.clamp(1, 65535))));
        }
        if let Some(tls) = s.tls {
            pairs.push(("tls".into(), Value::Array(tls)));
        }
        if let Some((delay, max)) = s.reconnect {
            pairs.push(("reconnect_delay".into(), Value::Float(delay)));
            pairs.push(("reconnect_max_delay".into(), Value::Float(max)));
        }
        Options::parse(host, port, &pairs, ini::defaults()).map_err(from_engine)
    }
}

#[php_impl]
impl Client {
    pub const LOG_INFO: i64 = super::LOG_INFO;
    pub const LOG_NOTICE: i64 = super::LOG_NOTICE;
    pub const LOG_WARNING: i64 = super::LOG_WARNING;
    pub const LOG_ERR: i64 = super::LOG_ERR;
    pub const LOG_DEBUG: i64 = super::LOG_DEBUG;
    pub const SSL_VERIFY_NONE: i64 = 0;
    pub const SSL_VERIFY_PEER: i64 = 1;

    pub fn __construct(id: Option<&Zval>, cleanSession: Option<&Zval>) -> PhpResult<Self> {
        const NEW: &str = "Mosquitto\\Client::__construct";
        let id = match id {
            Some(z) if !z.is_null() => Some(convert::string(z, Arg::new(NEW, 1, "id"))?),
            _ => None,
        };
        let clean_session = convert::or(
            cleanSession,
            true,
            Arg::new(NEW, 2, "cleanSession"),
            convert::bool,
        )?;
        if id.is_none() && !clean_session {
            return Err(PhpException::new(
                mosq::INVALID.into(),
                1,
                super::exception::class(),
            ));
        }
        let client_id = match id {
            Some(id) => Some(String::from_utf8(id).map_err(|_| error(mosq::MALFORMED_UTF8))?),
            None => None,
        };
        Ok(Client {
            client_id,
            clean_session,
            settings: RefCell::new(Settings::default()),
            conn: RefCell::new(None),
            handlers: RefCell::new(Handlers::default()),
            mid: Cell::new(0),
            exit: Cell::new(false),
            refused: RefCell::new(None),
            constructed: true,
        })
    }

    pub fn on_connect(&self, callback: &Zval) -> PhpResult<()> {
        self.ready()?;
        self.handlers.borrow_mut().connect = callable(callback, "onConnect")?;
        Ok(())
    }
    pub fn on_disconnect(&self, callback: &Zval) -> PhpResult<()> {
        self.ready()?;
        self.handlers.borrow_mut().disconnect = callable(callback, "onDisconnect")?;
        Ok(())
    }
    pub fn on_log(&self, callback: &Zval) -> PhpResult<()> {
        self.ready()?;
        let cb = callable(callback, "onLog")?;
        if let Some(c) = self.conn.borrow().as_ref() {
            c.set_logging(cb.is_some());
        }
        self.handlers.borrow_mut().log = cb;
        Ok(())
    }
    pub fn on_subscribe(&self, callback: &Zval) -> PhpResult<()> {
        self.ready()?;
        self.handlers.borrow_mut().subscribe = callable(callback, "onSubscribe")?;
        Ok(())
    }
    pub fn on_unsubscribe(&self, callback: &Zval) -> PhpResult<()> {
        self.ready()?;
        self.handlers.borrow_mut().unsubscribe = callable(callback, "onUnsubscribe")?;
        Ok(())
    }
    pub fn on_message(&self, callback: &Zval) -> PhpResult<()> {
        self.ready()?;
        self.handlers.borrow_mut().message = callable(callback, "onMessage")?;
        Ok(())
    }
    pub fn on_publish(&self, callback: &Zval) -> PhpResult<()> {
        self.ready()?;
        self.handlers.borrow_mut().publish = callable(callback, "onPublish")?;
        Ok(())
    }

    pub fn set_credentials(&self, username: &Zval, password: &Zval) -> PhpResult<()> {
        self.ready()?;
        const F: &str = "Mosquitto\\Client::setCredentials";
        let u = convert::string(username, Arg::new(F, 1, "username"))?;
        let p = convert::string(password, Arg::new(F, 2, "password"))?;
        let u = String::from_utf8(u).map_err(|_| error(mosq::MALFORMED_UTF8))?;
        let p = String::from_utf8(p).map_err(|_| error(mosq::INVALID))?;
        self.settings.borrow_mut().credentials = Some((u, p));
        Ok(())
    }

    pub fn set_will(
        &self,
        topic: &Zval,
        payload: &Zval,
        qos: &Zval,
        retain: &Zval,
    ) -> PhpResult<()> {
        self.ready()?;
        const F: &str = "Mosquitto\\Client::setWill";
        let t = convert::string(topic, Arg::new(F, 1, "topic"))?;
        let p = convert::string(payload, Arg::new(F, 2, "payload"))?;
        let q = convert::int(qos, Arg::new(F, 3, "qos"))?;
        let r = convert::bool(retain, Arg::new(F, 4, "retain"))?;
        if !(0..=2).contains(&q) || topic::validate_topic(&t).is_err() {
            return Err(error(mosq::INVALID));
        }
        self.settings.borrow_mut().will = Some((t, p, q, r));
        Ok(())
    }

    pub fn clear_will(&self) -> PhpResult<()> {
        self.ready()?;
        self.settings.borrow_mut().will = None;
        Ok(())
    }

    pub fn set_tls_certificates(
        &self,
        caPath: &Zval,
        certPath: Option<&Zval>,
        keyPath: Option<&Zval>,
        keyPassword: Option<&Zval>,
    ) -> PhpResult<i64> {
        self.ready()?;
        const F: &str = "Mosquitto\\Client::setTlsCertificates";
        let ca = opt_str(Some(caPath), Arg::new(F, 1, "caPath"))?;
        let cert = opt_str(certPath, Arg::new(F, 2, "certPath"))?;
        let key = opt_str(keyPath, Arg::new(F, 3, "keyPath"))?;
        let password = opt_str(keyPassword, Arg::new(F, 4, "keyPassword"))?;
        let readable = |p: &Option<String>| {
            p.as_ref()
                .map_or(true, |p| std::path::Path::new(p).exists())
        };
        if !readable(&ca) || !readable(&cert) || !readable(&key) || cert.is_some() != key.is_some()
        {
            return Err(error("Invalid function arguments provided."));
        }
        if let Some(ca) = ca {
            let is_dir = std::path::Path::new(&ca).is_dir();
            let k = if is_dir { "ca_path" } else { "ca_file" };
            self.set_tls(k, Value::Str(ca.into_bytes()));
        }
        if let (Some(cert), Some(key)) = (cert, key) {
            self.set_tls("cert_file", Value::Str(cert.into_bytes()));
            self.set_tls("key_file", Value::Str(key.into_bytes()));
            if let Some(password) = password {
                self.set_tls("key_password", Value::Str(password.into_bytes()));
            }
        }
        Ok(0)
    }

    pub fn set_tls_insecure(&self, value: &Zval) -> PhpResult<()> {
        self.ready()?;
        let insecure = convert::bool(
            value,
            Arg::new("Mosquitto\\Client::setTlsInsecure", 1, "value"),
        )?;
        // Insecure: the certificate is still checked, its host name is not.
        self.set_tls("verify_hostname", Value::Bool(!insecure));
        Ok(())
    }

    pub fn set_tls_options(
        &self,
        verifyPeer: &Zval,
        tlsVersion: Option<&Zval>,
        ciphers: Option<&Zval>,
    ) -> PhpResult<i64> {
        self.ready()?;
        const F: &str = "Mosquitto\\Client::setTlsOptions";
        let verify = convert::int(verifyPeer, Arg::new(F, 1, "verifyPeer"))?;
        let version = opt_str(tlsVersion, Arg::new(F, 2, "tlsVersion"))?;
        if opt_str(ciphers, Arg::new(F, 3, "ciphers"))?.is_some() {
            return Err(not_supported());
        }
        let min = match version.as_deref() {
            None | Some("tlsv1.2") | Some("tlsv1.3") => "1.2",
            Some("tlsv1.1") => "1.1",
            Some("tlsv1") => "1.0",
            Some(_) => return Err(error("Invalid function arguments provided.")),
        };
        self.set_tls("verify_peer", Value::Bool(verify != 0));
        self.set_tls("min_version", Value::Str(min.as_bytes().to_vec()));
        Ok(0)
    }

    #[php(name = "setTlsPSK")]
    pub fn set_tls_psk(
        &self,
        psk: &Zval,
        identity: &Zval,
        ciphers: Option<&Zval>,
    ) -> PhpResult<i64> {
        self.ready()?;
        let _ = (psk, identity, ciphers);
        Err(not_supported()) // TLS-PSK: the TLS library in use does not offer it
    }

    /// Honoured: the engine waits `$delay` seconds before reconnecting, doubling up to
    /// `$maxDelay` when `$exponentialBackoff` is set.
    pub fn set_reconnect_delay(
        &self,
        delay: &Zval,
        maxDelay: Option<&Zval>,
        exponentialBackoff: Option<&Zval>,
    ) -> PhpResult<()> {
        self.ready()?;
        const F: &str = "Mosquitto\\Client::setReconnectDelay";
        let delay = convert::int(delay, Arg::new(F, 1, "delay"))?;
        let max = convert::or(maxDelay, 0, Arg::new(F, 2, "maxDelay"), convert::int)?;
        let exp = convert::or(
            exponentialBackoff,
            false,
            Arg::new(F, 3, "exponentialBackoff"),
            convert::bool,
        )?;
        if delay < 0 || max < 0 {
            return Err(error(mosq::INVALID));
        }
        // libmosquitto counts whole seconds; 0 means "at once", which the engine takes as a
        // short pause.
        let d = (delay as f64).max(0.01);
        let m = if exp { (max as f64).max(d) } else { d };
        self.settings.borrow_mut().reconnect = Some((d, m));
        Ok(())
    }

    pub fn set_message_retry(&self, seconds: &Zval) -> PhpResult<()> {
        self.ready()?;
        convert::int(
            seconds,
            Arg::new("Mosquitto\\Client::setMessageRetry", 1, "seconds"),
        )?;
        Ok(())
    }

    pub fn set_max_in_flight_messages(&self, max: &Zval) -> PhpResult<()> {
        self.ready()?;
        let n = convert::int(
            max,
            Arg::new("Mosquitto\\Client::setMaxInFlightMessages", 1, "max"),
        )?;
        // 0 means "no limit" to libmosquitto: the most the engine allows.
        self.settings.borrow_mut().max_inflight = Some(if n <= 0 { 65535 } else { n });
        Ok(())
    }

    /// Connects and waits for CONNACK; onConnect runs in the next loop().
    pub fn connect(
        &self,
        host: &Zval,
        port: Option<&Zval>,
        keepalive: Option<&Zval>,
        interface: Option<&Zval>,
    ) -> PhpResult<i64> {
        self.ready()?;
        const F: &str = "Mosquitto\\Client::connect";
        let host = convert::string(host, Arg::new(F, 1, "host"))?;
        let port = convert::or(port, 1883, Arg::new(F, 2, "port"), convert::int)?;
        let keepalive = convert::or(keepalive, 60, Arg::new(F, 3, "keepalive"), convert::int)?;
        if let Some(i) = interface {
            if !i.is_null() {
                convert::string(i, Arg::new(F, 4, "interface"))?;
            }
        }
        let host = String::from_utf8(host).map_err(|_| error(mosq::INVALID))?;
        if !(1..=65535).contains(&port) || !(0..=65535).contains(&keepalive) || host.is_empty() {
            return Err(error(mosq::INVALID));
        }
        let options = self.options(&host, port, keepalive)?;
        if (options.host.as_str(), options.port)
            .to_socket_addrs()
            .is_err()
        {
            return Err(error(mosq::LOOKUP));
        }
        if let Some(old) = self.conn.borrow_mut().take() {
            old.stop();
        }
        self.refused.borrow_mut().take();
        match Connection::connect(options, &mut tick()) {
            Ok(conn) => {
                conn.set_logging(self.handlers.borrow().log.is_some());
                *self.conn.borrow_mut() = Some(Arc::new(conn));
                self.exit.set(false);
                Ok(0)
            }
            // A CONNACK refusal: connect() succeeds and the next loop() reports it, as with
            // libmosquitto.
            Err(e) if e.kind == ErrorKind::Connection && (1..=5).contains(&e.code) => {
                *self.refused.borrow_mut() = Some((e.code, connack_text(e.code).to_string()));
                Ok(0)
            }
            Err(e) if e.kind == ErrorKind::Connection => {
                // "cannot connect to host:port: Connection refused (os error 111)": the OS's
                // words, and its error number as the code.
                let text = e.message.rsplit(": ").next().unwrap_or(&e.message);
                let (text, code) = match text.rsplit_once(" (os error ") {
                    Some((t, n)) => (t, n.trim_end_matches(')').parse().unwrap_or(0)),
                    None => (text, 0),
                };
                Err(PhpException::new(
                    text.to_string(),
                    code,
                    super::exception::class(),
                ))
            }
            Err(e) => Err(from_engine(e)),
        }
    }

    /// Sends DISCONNECT once queued requests completed; onDisconnect(0) runs before it returns.
    pub fn disconnect(&self) -> PhpResult<()> {
        self.ready()?;
        self.exit.set(true);
        let conn = self.connection()?;
        self.conn.borrow_mut().take();
        let closed = conn.disconnect(ini::defaults().timeout, &mut tick());
        // Completions that arrived while it drained still get their callbacks.
        if !interrupt::exception_pending() {
            while let Ok(Some(ev)) = conn.next_event(None, &mut || Ok(())) {
                if matches!(ev, Event::Connected { .. } | Event::Disconnected { .. }) {
                    continue;
                }
                self.dispatch(&conn, ev)?;
            }
        }
        drop(conn);
        if !interrupt::exception_pending() {
            self.fire_disconnect(0)?;
        }
        match closed {
            Err(e) if e.kind == ErrorKind::Interrupted => Err(from_engine(e)),
            _ => Ok(()),
        }
    }

    /// Queues a publish and returns its mid; onPublish(mid) runs in loop() once it completed.
    pub fn publish(
        &self,
        topic: &Zval,
        payload: &Zval,
        qos: Option<&Zval>,
        retain: Option<&Zval>,
    ) -> PhpResult<i64> {
        self.ready()?;
        const F: &str = "Mosquitto\\Client::publish";
        let topic = convert::string(topic, Arg::new(F, 1, "topic"))?;
        let payload = if payload.is_null() {
            Vec::new()
        } else {
            convert::string(payload, Arg::new(F, 2, "payload"))?
        };
        let qos = convert::or(qos, 0, Arg::new(F, 3, "qos"), convert::int)?;
        let retain = convert::or(retain, false, Arg::new(F, 4, "retain"), convert::bool)?;
        let conn = self.connection()?;
        if !(0..=2).contains(&qos) {
            return Err(error(mosq::INVALID));
        }
        // Refused before a mid is used up.
        topic::validate_topic(&topic).map_err(from_engine)?;
        let mid = self.next_mid();
        conn.publish_notify(
            &topic,
            Bytes::from(payload),
            qos,
            retain,
            mid as u64,
            ini::defaults().timeout,
            &mut tick(),
        )
        .map_err(from_engine)?;
        Ok(mid as i64)
    }

    /// Queues a subscription and returns its mid; onSubscribe(mid, 1, grantedQos) in loop().
    pub fn subscribe(&self, topic: &Zval, qos: &Zval) -> PhpResult<i64> {
        self.ready()?;
        const F: &str = "Mosquitto\\Client::subscribe";
        let filter = convert::string(topic, Arg::new(F, 1, "topic"))?;
        let qos = convert::int(qos, Arg::new(F, 2, "qos"))?;
        let conn = self.connection()?;
        let filter = String::from_utf8(filter).map_err(|_| error(mosq::MALFORMED_UTF8))?;
        if !(0..=2).contains(&qos) {
            return Err(error(mosq::INVALID));
        }
        topic::validate_filter(&filter).map_err(from_engine)?;
        let mid = self.next_mid();
        conn.subscribe_notify(&filter, qos, mid as u64)
            .map_err(from_engine)?;
        Ok(mid as i64)
    }

    /// Queues an unsubscription and returns its mid; onUnsubscribe(mid) in loop().
    pub fn unsubscribe(&self, topic: &Zval) -> PhpResult<i64> {
        self.ready()?;
        let filter = convert::string(
            topic,
            Arg::new("Mosquitto\\Client::unsubscribe", 1, "topic"),
        )?;
        let conn = self.connection()?;
        let filter = String::from_utf8(filter).map_err(|_| error(mosq::MALFORMED_UTF8))?;
        topic::validate_filter(&filter).map_err(from_engine)?;
        let mid = self.next_mid();
        conn.unsubscribe_notify(&filter, mid as u64)
            .map_err(from_engine)?;
        Ok(mid as i64)
    }

    /// Runs the callbacks of what has arrived; when nothing has, waits up to `$timeout` ms.
    pub fn r#loop(&self, timeout: Option<&Zval>, maxPackets: Option<&Zval>) -> PhpResult<()> {
        const F: &str = "Mosquitto\\Client::loop";
        let ms = convert::or(timeout, 1000, Arg::new(F, 1, "timeout"), convert::int)?;
        convert::or(maxPackets, 1, Arg::new(F, 2, "maxPackets"), convert::int)?;
        if self.report_refusal()? {
            return Ok(());
        }
        let conn = self.connection_for_events()?;
        self.exit.set(false);
        let ms = if ms < 0 { 1000 } else { ms };
        self.run_once(&conn, Duration::from_millis(ms as u64), &mut tick())
    }

    /// Loops until exitLoop(), disconnect(), a callback's exception or a lost connection.
    pub fn loop_forever(&self, timeout: Option<&Zval>, maxPackets: Option<&Zval>) -> PhpResult<()> {
        self.ready()?;
        const F: &str = "Mosquitto\\Client::loopForever";
        let ms = convert::or(timeout, 1000, Arg::new(F, 1, "timeout"), convert::int)?;
        convert::or(maxPackets, 1, Arg::new(F, 2, "maxPackets"), convert::int)?;
        let ms = if ms < 0 { 1000 } else { ms };
        self.exit.set(false);
        if self.report_refusal()? && self.conn.borrow().is_none() {
            return Err(error(mosq::REFUSED));
        }
        loop {
            let Some(conn) = self.conn.borrow().clone() else {
                if self.exit.get() {
                    return Ok(()); // disconnect()
                }
                return Err(error(mosq::NOT_CONNECTED));
            };
            if conn.is_closed() && !conn.has_events() {
                return Err(error(mosq::LOST));
            }
            let exit = &self.exit;
            let mut tick = || {
                interrupt::check()?;
                if exit.get() {
                    Err(Error::interrupted())
                } else {
                    Ok(())
                }
            };
            match self.run_once(&conn, Duration::from_millis(ms as u64), &mut tick) {
                Ok(()) => {}
                Err(_) if self.exit.get() && !interrupt::exception_pending() => return Ok(()),
                Err(e) => return Err(e),
            }
            if self.exit.get() {
                return Ok(());
            }
        }
    }

    pub fn exit_loop(&self) -> PhpResult<()> {
        self.ready()?;
        self.exit.set(true);
        Ok(())
    }

    /// A descriptor readable while events wait for loop(); -1 when not connected.
    pub fn get_socket(&self) -> PhpResult<i64> {
        self.ready()?;
        match self.conn.borrow().as_ref() {
            Some(c) if !c.is_closed() => Ok(c.wake_fd().map_err(from_engine)? as i64),
            _ => Ok(-1),
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        drop(self.conn.get_mut().take());
    }
}
