//! `Mqtt\Client`: converts arguments, calls the engine, maps errors, and runs callbacks on the PHP
//! thread (only inside loop(), loopForever(), receive() and flush()).

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use ext_php_rs::convert::IntoZval;
use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::Zval;

use super::callback;
use super::convert::{self, Arg};
use super::events;
use super::exceptions::{to_php, type_error, value_error};
use super::ini;
use super::interrupt::{self, tick};
use super::logger;
use super::message::Message;
use super::persistent;
use crate::engine::batch::{Batch, Totals};
use crate::engine::inbox::LogLevel;
use crate::engine::{self, topic, Connection, Error, ErrorKind, Event, Options};

type Callback = Rc<callback::Callback>;

#[derive(Default)]
struct Handlers {
    message: Option<Callback>,
    connect: Option<Callback>,
    disconnect: Option<Callback>,
    publish: Option<Callback>,
    /// `[$logger, 'log']` of the `logger` option.
    logger: Option<Callback>,
    /// Per-subscription callbacks, by filter.
    subscriptions: Vec<(String, Callback)>,
}

#[php_class]
#[php(name = "Mqtt\\Client")]
#[php(flags = ClassFlags::Final)]
pub struct Client {
    options: Options,
    conn: RefCell<Option<Arc<Connection>>>,
    handlers: RefCell<Handlers>,
    /// Outcomes of publishAsync() calls that flush() has not reported yet.
    pending: Arc<Batch>,
    exit: Cell<bool>,
}

fn callable(cb: Option<&Zval>, what: &str) -> PhpResult<Option<Callback>> {
    match cb {
        None => Ok(None),
        Some(z) if z.is_null() => Ok(None),
        Some(z) => match callback::Callback::new(z) {
            Some(cb) => Ok(Some(Rc::new(cb))),
            None => Err(type_error(format!(
                "{what} must be a valid callback or null, {} given",
                convert::type_name(z)
            ))),
        },
    }
}

type PublishArgs = (
    Vec<u8>,
    Bytes,
    i64,
    bool,
    Option<Box<crate::engine::properties::PublishProperties>>,
);

/// The arguments of publish() / publishAsync(), converted as PHP converts them; topic and payload
/// binary-safe.
fn publish_args(
    method: &'static str,
    topic: &Zval,
    payload: &Zval,
    qos: Option<&Zval>,
    retain: Option<&Zval>,
    properties: Option<&Zval>,
) -> PhpResult<PublishArgs> {
    let topic = convert::string(topic, Arg::new(method, 1, "topic"))?;
    let payload = convert::string(payload, Arg::new(method, 2, "payload"))?;
    let qos = convert::or(qos, 0, Arg::new(method, 3, "qos"), convert::int)?;
    let retain = convert::or(retain, false, Arg::new(method, 4, "retain"), convert::bool)?;
    let properties =
        super::properties::publish_properties(properties, Arg::new(method, 5, "properties"))?;
    Ok((topic, Bytes::from(payload), qos, retain, properties))
}

/// A valid topic filter, from the bytes of a `string $filter` argument.
fn valid_filter(filter: &[u8]) -> PhpResult<String> {
    Ok(topic::validate_filter_bytes(filter)
        .map_err(to_php)?
        .to_string())
}

impl Client {
    fn connection(&self) -> PhpResult<Arc<Connection>> {
        match self.conn.borrow().as_ref() {
            Some(c) if !c.is_closed() => Ok(c.clone()),
            Some(c) => Err(to_php(c.closed_for_calls())),
            None => Err(to_php(Error::connection(
                "not connected; call connect() first",
            ))),
        }
    }

    /// Calls an event's callback, if one is set, with its one argument; returns how many ran.
    fn fire(cb: Option<Callback>, arg: &dyn ext_php_rs::convert::IntoZvalDyn) -> PhpResult<i64> {
        match cb {
            Some(cb) => cb.call(vec![arg]).map(|_| 1),
            None => Ok(0),
        }
    }

    /// Runs the callbacks for one event; returns how many ran.
    fn dispatch(&self, conn: &Arc<Connection>, event: Event) -> PhpResult<i64> {
        match event {
            Event::Message(m) => {
                let handlers: Vec<Callback> = {
                    let h = self.handlers.borrow();
                    let mut matching: Vec<Callback> = h
                        .subscriptions
                        .iter()
                        .filter(|(f, _)| topic::topic_matches(f, &m.topic))
                        .map(|(_, cb)| cb.clone())
                        .collect();
                    if matching.is_empty() {
                        matching.extend(h.message.clone());
                    }
                    matching
                };
                let owed = m.clone();
                let zv = Message::received(conn, m).into_zval(false)?;
                let mut ran = 0;
                for cb in handlers {
                    if let Err(e) = cb.call(vec![&zv]) {
                        // Not acknowledged: the broker redelivers it after a reconnect.
                        let _ = conn.settle(&owed, false);
                        return Err(e);
                    }
                    ran += 1;
                }
                conn.settle(&owed, true).map_err(to_php)?;
                Ok(ran)
            }
            Event::Connected { session_present } => {
                let cb = self.handlers.borrow().connect.clone();
                Self::fire(cb, &session_present)
            }
            Event::Disconnected { error } => {
                let cb = self.handlers.borrow().disconnect.clone();
                Self::fire(cb, &error.map(|e| e.message))
            }
            // Requests with notices and log lines are the compatibility classes' (and a logger's).
            Event::Log { level, message } => self.log(vec![(level, message)]).map(|_| 0),
            // Requests with notices are the compatibility classes'.
            Event::Done { .. } => Ok(0),
            Event::Published { pkid } => {
                let cb = self.handlers.borrow().publish.clone();
                Self::fire(cb, &(pkid as i64))
            }
        }
    }

    /// Dispatches what has arrived; when nothing has, waits up to `wait` for an event that runs a
    /// callback (events nobody listens to do not end the wait). Returns how many callbacks ran.
    fn run_once(
        &self,
        conn: &Arc<Connection>,
        wait: Duration,
        tick: &mut dyn FnMut() -> engine::Result<()>,
    ) -> PhpResult<i64> {
        events::pump(conn, wait, tick, &self.exit, to_php, |e| {
            self.dispatch(conn, e)
        })
    }

    /// Passes each callback this client holds to `each`, for the cycle collector: one zval per
    /// reference the client owns. Passes none while the handlers are being changed: a collection
    /// that runs then sees fewer of this client's references, which can only keep more alive,
    /// never free one in use.
    /// Hands log lines to the `logger`, if there is one.
    fn log(&self, lines: Vec<(LogLevel, String)>) -> PhpResult<()> {
        let logger = self.handlers.borrow().logger.clone();
        match logger {
            Some(logger) if !lines.is_empty() => logger::emit(&logger, lines),
            _ => Ok(()),
        }
    }

    /// Passes on what the connection logged during a call, then the call's result (a logger's
    /// exception only when the call itself succeeded).
    fn logged<T>(&self, conn: &Connection, result: PhpResult<T>) -> PhpResult<T> {
        if self.options.log_level.is_none() {
            return result;
        }
        let logged = self.log(conn.take_logs());
        let value = result?;
        logged.map(|_| value)
    }

    pub(crate) fn gc_callbacks(&self, each: &mut dyn FnMut(&Zval)) {
        let Ok(h) = self.handlers.try_borrow() else {
            return;
        };
        let events = [&h.message, &h.connect, &h.disconnect, &h.publish, &h.logger];
        for cb in events.into_iter().flatten() {
            each(cb.zval());
        }
        for (_, cb) in &h.subscriptions {
            each(cb.zval());
        }
    }

    /// The connection for loop() and receive(): a closed one still hands out what it received
    /// (and its "disconnected" event) before calls fail.
    fn connection_for_events(&self) -> PhpResult<Arc<Connection>> {
        if let Some(c) = self.conn.borrow().as_ref() {
            if c.has_events() {
                return Ok(c.clone());
            }
        }
        self.connection()
    }

    /// A `?float $timeout` argument: None when omitted or null.
    fn timeout_arg(zv: Option<&Zval>, method: &'static str) -> PhpResult<Option<Duration>> {
        let arg = Arg::new(method, 1, "timeout");
        match convert::opt_float(zv, arg)? {
            None => Ok(None),
            Some(t) => convert::seconds(t, arg).map(Some),
        }
    }
}

#[php_impl]
impl Client {
    pub const MQTT_3_1_1: i64 = 4;
    pub const MQTT_5: i64 = 5;

    pub fn __construct(
        host: Option<&Zval>,
        port: Option<&Zval>,
        options: Option<&Zval>,
    ) -> PhpResult<Self> {
        const NEW: &str = "Mqtt\\Client::__construct";
        let host = convert::or(
            host,
            b"127.0.0.1".to_vec(),
            Arg::new(NEW, 1, "host"),
            convert::string,
        )?;
        let port = convert::or(port, 1883, Arg::new(NEW, 2, "port"), convert::int)?;
        let (pairs, logger) = match options {
            Some(o) => {
                let array = convert::array(o, Arg::new(NEW, 3, "options"))?;
                (
                    convert::pairs(array),
                    logger::from_option(array.get("logger"))?,
                )
            }
            None => (Vec::new(), None),
        };
        let host = String::from_utf8(host).map_err(|_| value_error("host must be valid UTF-8"))?;
        let mut options = Options::parse(&host, port, &pairs, ini::defaults()).map_err(to_php)?;
        options.log_level = logger.is_some().then_some(LogLevel::Info);
        Ok(Client {
            options,
            conn: RefCell::new(None),
            handlers: RefCell::new(Handlers {
                logger: logger.map(Rc::new),
                ..Handlers::default()
            }),
            pending: Arc::new(Batch::default()),
            exit: Cell::new(false),
        })
    }

    /// Connects and waits for the broker's CONNACK.
    pub fn connect(&self) -> PhpResult<()> {
        if self.conn.borrow().as_ref().is_some_and(|c| !c.is_closed()) {
            return Ok(());
        }
        let conn = if self.options.persistent.is_some() {
            persistent::acquire(&self.options, ini::persistent_max(), &mut tick())
        } else {
            Connection::connect(self.options.clone(), &mut tick()).map(Arc::new)
        };
        let conn = match conn {
            Ok(conn) => conn,
            Err(e) => {
                // The connection that would have logged it is gone: say it here.
                let line = format!("Client {}: {}", self.options.client_id, e.message);
                self.log(vec![(LogLevel::Error, line)])?;
                return Err(to_php(e));
            }
        };
        conn.report_published(self.handlers.borrow().publish.is_some());
        conn.set_log_level(self.options.log_level);
        *self.conn.borrow_mut() = Some(conn.clone());
        self.exit.set(false);
        self.logged(&conn, Ok(()))
    }

    /// Sends what is queued, then DISCONNECT, and closes (the will is not published).
    pub fn disconnect(&self) -> PhpResult<()> {
        self.exit.set(true);
        let conn = self.conn.borrow_mut().take();
        if let Some(conn) = conn {
            if self.options.persistent.is_some() {
                persistent::forget(&conn);
            }
            if !conn.is_closed() {
                let closed = conn
                    .disconnect(self.options.timeout, &mut tick())
                    .map_err(to_php);
                let closed = self.logged(&conn, closed);
                drop(conn);
                // Closed on request: no loop runs after this to hand out the engine's
                // "disconnected" event, so its callback runs here, with null for the reason.
                if !interrupt::exception_pending() {
                    let cb = self.handlers.borrow().disconnect.clone();
                    Self::fire(cb, &None::<String>)?;
                }
                return closed;
            }
        }
        Ok(())
    }

    pub fn is_connected(&self) -> bool {
        self.conn
            .borrow()
            .as_ref()
            .is_some_and(|c| c.is_connected())
    }

    /// Publishes; returns 0 once a QoS 0 message is written, the packet id once a QoS 1/2 message
    /// is acknowledged (PUBACK / PUBCOMP).
    pub fn publish(
        &self,
        topic: &Zval,
        payload: &Zval,
        qos: Option<&Zval>,
        retain: Option<&Zval>,
        properties: Option<&Zval>,
    ) -> PhpResult<i64> {
        let (topic, payload, qos, retain, properties) = publish_args(
            "Mqtt\\Client::publish",
            topic,
            payload,
            qos,
            retain,
            properties,
        )?;
        let conn = self.connection()?;
        let pkid = conn
            .publish_with(
                &topic,
                payload,
                qos,
                retain,
                properties,
                self.options.timeout,
                &mut tick(),
            )
            .map_err(to_php);
        self.logged(&conn, pkid.map(i64::from))
    }

    /// Queues a publish and returns at once; flush() waits for it.
    pub fn publish_async(
        &self,
        topic: &Zval,
        payload: &Zval,
        qos: Option<&Zval>,
        retain: Option<&Zval>,
        properties: Option<&Zval>,
    ) -> PhpResult<()> {
        let (topic, payload, qos, retain, properties) = publish_args(
            "Mqtt\\Client::publishAsync",
            topic,
            payload,
            qos,
            retain,
            properties,
        )?;
        let conn = self.connection()?;
        conn.publish_start_with(
            &topic,
            payload,
            qos,
            retain,
            properties,
            &self.pending,
            self.options.timeout,
            &mut tick(),
        )
        .map_err(to_php)
    }

    /// Waits until every queued publish completed; returns how many did. Throws when some could
    /// not complete, saying how many were lost.
    pub fn flush(&self, timeout: Option<&Zval>) -> PhpResult<i64> {
        let limit =
            Self::timeout_arg(timeout, "Mqtt\\Client::flush")?.unwrap_or(self.options.timeout);
        let deadline = engine::wait::deadline_in(limit);
        let conn = self.conn.borrow().clone();
        if let Some(conn) = &conn {
            if !conn
                .wait_batch(&self.pending, deadline, &mut tick())
                .map_err(to_php)?
            {
                return Err(to_php(Error::timeout(format!(
                    "flush timed out after {:.1} s with {} publishes still waiting",
                    limit.as_secs_f64(),
                    self.pending.open()
                ))));
            }
        }
        let Totals {
            done,
            lost,
            first_error,
        } = self.pending.take();
        let (done, lost) = (done as i64, lost as i64);
        let conn = self.conn.borrow().clone(); // no borrow held while callbacks run
        if let Some(conn) = conn {
            while let Some(ev) = conn.next_event(None, &mut tick()).map_err(to_php)? {
                self.dispatch(&conn, ev)?;
            }
        }
        if let Some(e) = first_error {
            return Err(to_php(Error::new(
                if e.kind == ErrorKind::Protocol {
                    ErrorKind::Protocol
                } else {
                    ErrorKind::Connection
                },
                e.code,
                format!(
                    "{lost} of {} publishes could not be completed: {}",
                    done + lost,
                    e.message
                ),
            )));
        }
        Ok(done)
    }

    /// Subscribes and returns the granted QoS.
    pub fn subscribe(
        &self,
        filter: &Zval,
        qos: Option<&Zval>,
        callback: Option<&Zval>,
        options: Option<&Zval>,
    ) -> PhpResult<i64> {
        const SUBSCRIBE: &str = "Mqtt\\Client::subscribe";
        let filter = convert::string(filter, Arg::new(SUBSCRIBE, 1, "filter"))?;
        let qos = convert::or(qos, 0, Arg::new(SUBSCRIBE, 2, "qos"), convert::int)?;
        let cb = callable(
            callback,
            "Mqtt\\Client::subscribe(): Argument #3 ($callback)",
        )?;
        let options =
            super::properties::subscribe_options(options, Arg::new(SUBSCRIBE, 4, "options"))?;
        let filter = valid_filter(&filter)?;
        let conn = self.connection()?;
        let granted = conn
            .subscribe_with(&filter, qos, options, self.options.timeout, &mut tick())
            .map_err(to_php);
        let granted = self.logged(&conn, granted)?;
        let mut h = self.handlers.borrow_mut();
        h.subscriptions.retain(|(f, _)| *f != filter);
        if let Some(cb) = cb {
            h.subscriptions.push((filter, cb));
        }
        Ok(granted as i64)
    }

    pub fn unsubscribe(&self, filter: &Zval) -> PhpResult<()> {
        let filter = convert::string(filter, Arg::new("Mqtt\\Client::unsubscribe", 1, "filter"))?;
        let filter = valid_filter(&filter)?;
        let conn = self.connection()?;
        let done = conn
            .unsubscribe(&filter, self.options.timeout, &mut tick())
            .map_err(to_php);
        self.logged(&conn, done)?;
        self.handlers
            .borrow_mut()
            .subscriptions
            .retain(|(f, _)| *f != filter);
        Ok(())
    }

    pub fn on_message(&self, callback: &Zval) -> PhpResult<()> {
        self.handlers.borrow_mut().message = callable(
            Some(callback),
            "Mqtt\\Client::onMessage(): Argument #1 ($callback)",
        )?;
        Ok(())
    }

    pub fn on_connect(&self, callback: &Zval) -> PhpResult<()> {
        self.handlers.borrow_mut().connect = callable(
            Some(callback),
            "Mqtt\\Client::onConnect(): Argument #1 ($callback)",
        )?;
        Ok(())
    }

    pub fn on_disconnect(&self, callback: &Zval) -> PhpResult<()> {
        self.handlers.borrow_mut().disconnect = callable(
            Some(callback),
            "Mqtt\\Client::onDisconnect(): Argument #1 ($callback)",
        )?;
        Ok(())
    }

    pub fn on_publish(&self, callback: &Zval) -> PhpResult<()> {
        let cb = callable(
            Some(callback),
            "Mqtt\\Client::onPublish(): Argument #1 ($callback)",
        )?;
        if let Some(conn) = self.conn.borrow().as_ref() {
            conn.report_published(cb.is_some());
        }
        self.handlers.borrow_mut().publish = cb;
        Ok(())
    }

    /// Runs the callbacks for what has arrived; when nothing has, waits up to `$timeout` seconds
    /// for the next message. Returns how many callbacks ran.
    pub fn r#loop(&self, timeout: Option<&Zval>) -> PhpResult<i64> {
        let arg = Arg::new("Mqtt\\Client::loop", 1, "timeout");
        let wait = convert::seconds(convert::or(timeout, 0.0, arg, convert::float)?, arg)?;
        let conn = self.connection_for_events()?;
        self.exit.set(false);
        let ran = self.run_once(&conn, wait, &mut tick())?;
        // Lost (reconnect off) and its last events handed out: say so now, not with a 0 that
        // looks like a quiet broker. Not after disconnect() from a callback (no connection left).
        let current = self
            .conn
            .borrow()
            .as_ref()
            .is_some_and(|c| Arc::ptr_eq(c, &conn));
        if current && conn.is_closed() && !conn.has_events() {
            return Err(to_php(conn.closed_for_calls()));
        }
        Ok(ran)
    }

    /// Runs callbacks until exitLoop(), disconnect() or an unrecoverable error.
    pub fn loop_forever(&self) -> PhpResult<()> {
        self.exit.set(false);
        loop {
            let conn = match self.conn.borrow().clone() {
                Some(c) => c,
                None => return Ok(()), // disconnect() was called
            };
            if conn.is_closed() && !conn.has_events() {
                if self.exit.get() {
                    return Ok(());
                }
                return Err(to_php(Error::connection(
                    "the connection was lost and could not be re-established",
                )));
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
            match self.run_once(&conn, Duration::from_secs(1), &mut tick) {
                Ok(_) => {}
                Err(_) if self.exit.get() && !interrupt::exception_pending() => return Ok(()),
                Err(e) => return Err(e),
            }
            if self.exit.get() {
                return Ok(());
            }
        }
    }

    /// Makes loopForever() return after the current callback.
    pub fn exit_loop(&self) {
        self.exit.set(true);
    }

    /// The next message, without callbacks; null when none arrives within `$timeout` seconds
    /// (default: the client's `timeout` option).
    pub fn receive(&self, timeout: Option<&Zval>) -> PhpResult<Option<Message>> {
        let wait =
            Self::timeout_arg(timeout, "Mqtt\\Client::receive")?.unwrap_or(self.options.timeout);
        let conn = self.connection_for_events()?;
        let m = conn.next_message(wait, &mut tick()).map_err(to_php);
        let m = self.logged(&conn, m)?;
        Ok(m.map(|m| Message::received(&conn, m)))
    }

    /// Acknowledges a message received with `ack` = 'manual'.
    pub fn ack(&self, message: &Message) -> PhpResult<()> {
        let Some((owner, owed)) = &message.ack else {
            return Ok(()); // QoS 0, automatic acknowledgement, or built by the script
        };
        let conn = self.connection()?;
        if !std::ptr::eq(owner.as_ptr(), Arc::as_ptr(&conn)) {
            return Err(to_php(Error::invalid(
                "this message was received on another connection",
            )));
        }
        conn.settle(owed, true).map_err(to_php)
    }

    /// Counters of this client.
    pub fn stats(&self) -> PhpResult<Vec<(&'static str, Zval)>> {
        let conn = self.conn.borrow().clone();
        let (stats, inflight, queued) = conn.as_ref().map(|c| c.stats()).unwrap_or_default();
        Ok(vec![
            ("connected", convert::zval(self.is_connected())?),
            ("inflight", convert::zval(inflight as i64)?),
            ("queued", convert::zval(queued as i64)?),
            ("published", convert::zval(stats.published as i64)?),
            ("received", convert::zval(stats.received as i64)?),
            ("reconnects", convert::zval(stats.reconnects as i64)?),
        ])
    }

    /// What var_dump() and print_r() show: never the password.
    pub fn __debug_info(&self) -> PhpResult<Vec<(&'static str, Zval)>> {
        let o = &self.options;
        Ok(vec![
            ("host", convert::zval(o.host.clone())?),
            ("port", convert::zval(o.port as i64)?),
            ("client_id", convert::zval(o.client_id.clone())?),
            ("username", convert::zval(o.username.clone())?),
            ("protocol", convert::zval(o.protocol as i64)?),
            ("persistent", convert::zval(o.persistent.is_some())?),
            ("connected", convert::zval(self.is_connected())?),
        ])
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // A persistent connection stays in the registry for the next request; others close with
        // DISCONNECT when their last reference (this one) goes.
        drop(self.conn.get_mut().take());
    }
}
