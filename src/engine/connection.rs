//! One broker connection: a driver task on the process runtime owns rumqttc's event loop; the PHP
//! thread hands requests over and waits, with deadlines, for their outcome.
//!
//! Requests go to rumqttc through a rendezvous channel (capacity 0), so a request is either taken
//! by the event loop or still ours: nothing waits in a queue that rumqttc would silently drop on
//! reconnect, and the acknowledgement tracker can pair each "sent" event with its request.

use std::collections::HashSet;
use std::future::Future;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use parking_lot::{Mutex, MutexGuard};
use rumqttc::{
    AsyncClient, ClientError, ConnectionError, Event as Raw, EventLoop, Incoming, LastWill,
    MqttOptions, NetworkOptions, Outgoing, Publish, QoS, Request, SubscribeFilter,
    SubscribeReasonCode,
};
use tokio::runtime::Runtime;
use tokio::sync::watch;

use super::error::{connack_v4_text, Error, ErrorKind, Result};
use super::inbox::{AckBook, Event, Inbox, Message};
use super::options::{AckMode, Options};
use super::runtime;
use super::topic;
use super::tracker::{Ack, Kind, Outcome, Sent, Tracker};

/// How often every blocking wait wakes to run the caller's tick (PHP signals, time limits).
pub const SLICE: Duration = Duration::from_millis(50);

/// How long a wait for an acknowledgement keeps polling before it lets the thread sleep.
const SPIN: Duration = Duration::from_micros(100);

/// A default mosquitto silently drops incoming QoS 2 publishes beyond 20 unacknowledged ones from
/// an MQTT 3.1.1 client (which has no Receive Maximum to learn the limit from).
pub const QOS2_WINDOW_V311: usize = 20;

/// A request for rumqttc, borrowed from the caller.
enum Op<'a> {
    Publish {
        topic: &'a str,
        qos: QoS,
        retain: bool,
        payload: &'a Bytes,
    },
    Subscribe {
        filter: &'a str,
        qos: QoS,
    },
    Unsubscribe {
        filter: &'a str,
    },
    Disconnect,
}

/// Called between slices of a blocking wait; an error ends the wait with that error.
pub type Tick<'a> = &'a mut dyn FnMut() -> Result<()>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Connecting,
    Up,
    Reconnecting,
    Closed,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub published: u64,
    pub received: u64,
    pub reconnects: u64,
}

struct State {
    link: Link,
    /// Why the connection closed, for the errors of later calls.
    closed_reason: Option<Error>,
    /// Result of the first CONNACK (session present), or why connecting failed.
    first: Option<Result<bool>>,
    /// `disconnect()` was asked for: no reconnect, no "lost" event.
    closing: bool,
    tracker: Tracker,
    inbox: Inbox,
    acks: AckBook,
    /// Filters to subscribe again after a reconnect without session.
    subscriptions: Vec<(String, u8)>,
    /// QoS 2 packet ids delivered and acknowledged with PUBREC, until the broker's PUBREL:
    /// a redelivery of one of them is not handed to PHP a second time.
    qos2_received: HashSet<u16>,
    report_published: bool,
    stats: Stats,
    /// The PHP thread waits to hand a request over.
    handing_over: bool,
    /// After a reconnect: the session flag to report, once the subscriptions are restored.
    resubscribing: Option<(bool, mpsc::Receiver<Result<Outcome>>)>,
    /// Acknowledgements of received messages that could not be handed over at once, in order;
    /// the driver passes them to rumqttc (dropped on a reconnect without session).
    acks_out: Vec<(u8, u16)>,
}

struct Shared {
    state: Mutex<State>,
    /// Wakes a PHP thread that drives the runtime while it waits for the state to change.
    changed: tokio::sync::Notify,
    /// Wakes the driver when PHP made room in the inbox.
    room: tokio::sync::Notify,
    stop: watch::Sender<bool>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock()
    }

    fn notify_changed(&self) {
        self.changed.notify_waiters();
    }
}

pub struct Connection {
    /// The process that opened it: after fork() the child must not touch it (its runtime thread
    /// exists only in the parent).
    pid: u32,
    shared: std::mem::ManuallyDrop<Arc<Shared>>,
    client: std::mem::ManuallyDrop<AsyncClient>,
    runtime: Arc<Runtime>,
    options: Options,
    qos2_window: usize,
    spin: SpinPolicy,
}

/// Whether a wait for an acknowledgement should start by polling the network for a moment: a
/// loopback round trip is shorter than putting the thread to sleep and waking it. On while that
/// catches the reply on an otherwise idle machine; off for a long while after it missed a few
/// times or found the machine busy, where the CPU is better left to others.
#[derive(Default)]
struct SpinPolicy {
    misses: std::sync::atomic::AtomicU32,
    skip: std::sync::atomic::AtomicU32,
}

impl SpinPolicy {
    fn should_spin(&self) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        let skip = self.skip.load(Relaxed);
        if skip > 0 {
            self.skip.store(skip - 1, Relaxed);
            return false;
        }
        true
    }

    fn record(&self, hit: bool) {
        use std::sync::atomic::Ordering::Relaxed;
        if hit {
            self.misses.store(0, Relaxed);
        } else if self.misses.fetch_add(1, Relaxed) + 1 >= 4 {
            self.misses.store(0, Relaxed);
            self.skip.store(4096, Relaxed);
        }
    }
}

fn qos_of(qos: u8) -> QoS {
    match qos {
        0 => QoS::AtMostOnce,
        1 => QoS::AtLeastOnce,
        _ => QoS::ExactlyOnce,
    }
}

fn check_qos(qos: i64) -> Result<u8> {
    if (0..=2).contains(&qos) {
        Ok(qos as u8)
    } else {
        Err(Error::invalid(format!(
            "qos must be 0, 1 or 2, {qos} given"
        )))
    }
}

fn mqtt_options(o: &Options) -> MqttOptions {
    let mut m = MqttOptions::new(o.client_id.clone(), o.host.clone(), o.port);
    m.set_keep_alive(o.keep_alive)
        .set_clean_session(o.clean_session)
        .set_max_packet_size(o.max_packet_size_in, o.max_packet_size_out)
        .set_inflight(o.max_inflight)
        .set_manual_acks(o.ack == AckMode::Manual)
        .set_request_channel_capacity(0);
    if let Some(user) = &o.username {
        let pass = o.password.as_ref().map(|p| p.0.clone()).unwrap_or_default();
        m.set_credentials(user.clone(), pass);
    }
    if let Some(w) = &o.will {
        m.set_last_will(LastWill::new(
            w.topic.clone(),
            w.payload.clone(),
            qos_of(w.qos),
            w.retain,
        ));
    }
    m
}

/// Words for why connecting failed or the connection dropped.
fn describe(e: &ConnectionError, o: &Options) -> Error {
    match e {
        ConnectionError::ConnectionRefused(code) => {
            let code = *code as u8;
            Error::new(ErrorKind::Connection, code as i64, connack_v4_text(code))
        }
        ConnectionError::Io(io) => {
            Error::connection(format!("cannot connect to {}:{}: {io}", o.host, o.port))
        }
        ConnectionError::NetworkTimeout => Error::connection(format!(
            "cannot connect to {}:{}: timed out",
            o.host, o.port
        )),
        ConnectionError::MqttState(rumqttc::StateError::Io(io)) => {
            Error::connection(format!("connection to {}:{} lost: {io}", o.host, o.port))
        }
        other => Error::connection(format!("connection to {}:{} lost: {other}", o.host, o.port)),
    }
}

impl Connection {
    /// Connects and waits for the broker's CONNACK (at most `connect_timeout`).
    pub fn connect(options: Options, tick: Tick) -> Result<Connection> {
        let runtime = runtime::get()?;
        let (client, mut eventloop) = AsyncClient::new(mqtt_options(&options), 0);
        let mut net = NetworkOptions::new();
        net.set_tcp_nodelay(true);
        net.set_connection_timeout(options.connect_timeout.as_secs_f64().ceil().max(1.0) as u64);
        eventloop.set_network_options(net);

        let (stop, _) = watch::channel(false);
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                link: Link::Connecting,
                closed_reason: None,
                first: None,
                closing: false,
                tracker: Tracker::new(),
                inbox: Inbox::default(),
                acks: AckBook::default(),
                subscriptions: Vec::new(),
                qos2_received: HashSet::new(),
                report_published: false,
                stats: Stats::default(),
                handing_over: false,
                resubscribing: None,
                acks_out: Vec::new(),
            }),
            changed: tokio::sync::Notify::new(),
            room: tokio::sync::Notify::new(),
            stop,
        });
        let qos2_window = QOS2_WINDOW_V311.min(options.max_inflight as usize);
        let conn = Connection {
            pid: std::process::id(),
            shared: std::mem::ManuallyDrop::new(shared.clone()),
            client: std::mem::ManuallyDrop::new(client.clone()),
            runtime: runtime.clone(),
            options,
            qos2_window,
            spin: SpinPolicy::default(),
        };
        let driver = Driver {
            shared,
            options: conn.options.clone(),
            connected_once: false,
        };
        runtime.spawn(driver.run(eventloop));

        let deadline = Instant::now() + conn.options.connect_timeout;
        let first = conn.wait_state(Some(deadline), tick, |st| st.first.take());
        match first {
            Ok(Some(Ok(_))) => Ok(conn),
            Ok(Some(Err(e))) => Err(e),
            Ok(None) => {
                conn.stop();
                Err(Error::connection(format!(
                    "cannot connect to {}:{}: no CONNACK within {:.1} s",
                    conn.options.host,
                    conn.options.port,
                    conn.options.connect_timeout.as_secs_f64()
                )))
            }
            Err(e) => {
                conn.stop();
                Err(e)
            }
        }
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    pub fn link(&self) -> Link {
        if self.inherited() {
            return Link::Closed;
        }
        self.shared.lock().link
    }

    /// Whether this process inherited the connection through fork() (it is then unusable).
    pub fn inherited(&self) -> bool {
        self.pid != std::process::id()
    }

    fn guard(&self) -> Result<()> {
        if self.inherited() {
            return Err(Error::connection(
                "this connection belongs to the parent process; connect again after fork()",
            ));
        }
        Ok(())
    }

    pub fn is_connected(&self) -> bool {
        self.link() == Link::Up
    }

    pub fn is_closed(&self) -> bool {
        self.link() == Link::Closed
    }

    pub fn stats(&self) -> (Stats, usize, usize) {
        if self.inherited() {
            return Default::default();
        }
        let st = self.shared.lock();
        (st.stats.clone(), st.tracker.open(), st.inbox.messages())
    }

    /// Whether `Event::Published` should be queued for each completed publish.
    pub fn report_published(&self, on: bool) {
        if self.inherited() {
            return;
        }
        self.shared.lock().report_published = on;
    }

    fn closed_error(st: &State) -> Error {
        st.closed_reason
            .clone()
            .unwrap_or_else(Error::not_connected)
    }

    /// Waits until `check` yields a value, the deadline passes (`Ok(None)`) or `tick` fails.
    fn wait_state<T>(
        &self,
        deadline: Option<Instant>,
        tick: Tick,
        mut check: impl FnMut(&mut State) -> Option<T>,
    ) -> Result<Option<T>> {
        loop {
            let slice = match deadline {
                Some(d) => {
                    let now = Instant::now();
                    if now >= d {
                        // One last look: the runtime may have moved since.
                        return Ok(check(&mut self.shared.lock()));
                    }
                    SLICE.min(d - now)
                }
                None => SLICE,
            };
            // Drive the runtime until the driver reports a change (or the slice ends).
            let found = self.runtime.block_on(async {
                let changed = self.shared.changed.notified();
                tokio::pin!(changed);
                let give_up = tokio::time::sleep(slice);
                tokio::pin!(give_up);
                loop {
                    changed.as_mut().enable();
                    if let Some(v) = check(&mut self.shared.lock()) {
                        return Some(v);
                    }
                    tokio::select! {
                        _ = changed.as_mut() => changed.set(self.shared.changed.notified()),
                        _ = give_up.as_mut() => return None,
                    }
                }
            });
            if found.is_some() {
                return Ok(found);
            }
            tick()?;
        }
    }

    /// Hands one request to rumqttc, registering it with the tracker first when `kind` is set.
    /// Only the PHP thread hands requests over, so they reach rumqttc in registration order.
    fn hand_over(
        &self,
        kind: Option<Kind>,
        reply: Option<super::tracker::Reply>,
        deadline: Instant,
        tick: Tick,
        op: Op,
    ) -> Result<()> {
        let id = {
            let mut st = self.shared.lock();
            if st.link == Link::Closed || st.closing {
                return Err(Self::closed_error(&st));
            }
            kind.map(|k| st.tracker.register(k, reply))
        };
        let forget = |this: &Self| {
            if let Some(id) = id {
                this.shared.lock().tracker.unregister(id);
            }
        };
        // Usually the event loop is waiting for a request: hand it over without a timer.
        match self.try_send(&op) {
            Ok(()) => return Ok(()),
            Err(ClientError::TryRequest(_)) => {}
            Err(_) => {
                forget(self);
                return Err(Self::closed_error(&self.shared.lock()));
            }
        }
        // One send future for the whole wait: dropping it between slices could lose track of a
        // request the event loop took just then (and send it twice).
        self.set_handing_over(true);
        let send = self.send(&op);
        tokio::pin!(send);
        let result = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                // A last look before giving up: it may have been taken in the meantime.
                if let Some(r) = self.block_for(Duration::ZERO, send.as_mut()) {
                    break r.map_err(|_| Self::closed_error(&self.shared.lock()));
                }
                break Err(Error::timeout(
                    "timed out handing the request to the connection",
                ));
            }
            match self.block_for(SLICE.min(left), send.as_mut()) {
                Some(r) => break r.map_err(|_| Self::closed_error(&self.shared.lock())),
                None => {
                    if let Err(e) = tick() {
                        break Err(e);
                    }
                    let st = self.shared.lock();
                    if st.link == Link::Closed {
                        break Err(Self::closed_error(&st));
                    }
                }
            }
        };
        self.set_handing_over(false);
        if result.is_err() {
            forget(self);
        }
        result
    }

    /// Tells the driver that a hand-over waits: it must read from the broker even with a full
    /// inbox (a callback may publish or acknowledge while thousands of messages are queued).
    fn set_handing_over(&self, on: bool) {
        self.shared.lock().handing_over = on;
        if on {
            self.shared.room.notify_one();
        }
    }

    fn try_send(&self, op: &Op) -> std::result::Result<(), ClientError> {
        match op {
            Op::Publish {
                topic,
                qos,
                retain,
                payload,
            } => self
                .client
                .try_publish(*topic, *qos, *retain, payload.to_vec()),
            Op::Subscribe { filter, qos } => self.client.try_subscribe(*filter, *qos),
            Op::Unsubscribe { filter } => self.client.try_unsubscribe(*filter),
            Op::Disconnect => self.client.try_disconnect(),
        }
    }

    async fn send(&self, op: &Op<'_>) -> std::result::Result<(), ClientError> {
        match op {
            Op::Publish {
                topic,
                qos,
                retain,
                payload,
            } => {
                self.client
                    .publish_bytes(*topic, *qos, *retain, (*payload).clone())
                    .await
            }
            Op::Subscribe { filter, qos } => self.client.subscribe(*filter, *qos).await,
            Op::Unsubscribe { filter } => self.client.unsubscribe(*filter).await,
            Op::Disconnect => self.client.disconnect().await,
        }
    }

    /// Runs `f` on this thread for at most `d` (None when it did not finish).
    fn block_for<F: Future>(&self, d: Duration, f: F) -> Option<F::Output> {
        self.runtime
            .block_on(async move { tokio::time::timeout(d, f).await.ok() })
    }

    fn wait_reply(
        &self,
        rx: mpsc::Receiver<Result<Outcome>>,
        deadline: Instant,
        tick: Tick,
        what: &str,
    ) -> Result<Outcome> {
        match self.wait_outcome(&rx, deadline, tick)? {
            Some(r) => r,
            None => Err(Error::timeout(format!(
                "{what} timed out after {:.1} s",
                self.options.timeout.as_secs_f64()
            ))),
        }
    }

    /// Waits for the outcome of a request (None when the deadline passed first).
    pub fn wait_outcome(
        &self,
        rx: &mpsc::Receiver<Result<Outcome>>,
        deadline: Instant,
        tick: Tick,
    ) -> Result<Option<Result<Outcome>>> {
        self.guard()?;
        if self.spin.should_spin() {
            let until = Instant::now() + SPIN;
            let (got, busy) = self.runtime.block_on(async {
                loop {
                    if let Ok(r) = rx.try_recv() {
                        return (Some(r), false);
                    }
                    if Instant::now() >= until {
                        return (None, false);
                    }
                    // Lets the runtime poll the network without blocking, then offers the CPU
                    // to the machine's other threads: when one takes it, the machine is busy
                    // and polling only steals time from it.
                    tokio::task::yield_now().await;
                    let offered = Instant::now();
                    std::thread::yield_now();
                    if offered.elapsed() > Duration::from_micros(5) {
                        return (None, true);
                    }
                }
            });
            self.spin.record(got.is_some() && !busy);
            if got.is_some() {
                return Ok(got);
            }
        }
        let got = self.wait_state(Some(deadline), tick, |st| match rx.try_recv() {
            Ok(r) => Some(r),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(Err(Self::closed_error(st))),
        })?;
        Ok(got)
    }

    /// Publishes and returns once the broker acknowledged (QoS 1/2, returns the packet id) or the
    /// packet was written (QoS 0, returns 0).
    pub fn publish(
        &self,
        topic: &[u8],
        payload: Bytes,
        qos: i64,
        retain: bool,
        tick: Tick,
    ) -> Result<u16> {
        let rx = self.publish_start(topic, payload, qos, retain, tick)?;
        let deadline = Instant::now() + self.options.timeout;
        match self.wait_reply(rx, deadline, tick, "publish")? {
            Outcome::Published { pkid } => Ok(pkid),
            other => Err(Error::connection(format!("unexpected outcome {other:?}"))),
        }
    }

    /// Hands a publish over and returns the receiver of its outcome.
    pub fn publish_start(
        &self,
        topic: &[u8],
        payload: Bytes,
        qos: i64,
        retain: bool,
        tick: Tick,
    ) -> Result<mpsc::Receiver<Result<Outcome>>> {
        self.guard()?;
        let topic = topic::validate_topic(topic)?.to_string();
        let qos = check_qos(qos)?;
        if payload.len() > self.options.max_packet_size_out {
            return Err(Error::invalid(
                "payload is larger than the maximum packet size",
            ));
        }
        let deadline = Instant::now() + self.options.timeout;
        if qos == 2 {
            let window = self.qos2_window;
            let room = self.wait_state(Some(deadline), tick, |st| {
                (st.tracker.qos2_open() < window).then_some(())
            })?;
            if room.is_none() {
                return Err(Error::timeout(
                    "publish timed out waiting for room in the QoS 2 window",
                ));
            }
        }
        let (tx, rx) = mpsc::channel();
        let q = qos_of(qos);
        let op = Op::Publish {
            topic: &topic,
            qos: q,
            retain,
            payload: &payload,
        };
        self.hand_over(Some(Kind::Publish { qos }), Some(tx), deadline, tick, op)?;
        Ok(rx)
    }

    /// Subscribes and returns the granted QoS; a refusal is a `Protocol` error.
    pub fn subscribe(&self, filter: &str, qos: i64, tick: Tick) -> Result<u8> {
        self.guard()?;
        topic::validate_filter(filter)?;
        let qos = check_qos(qos)?;
        let deadline = Instant::now() + self.options.timeout;
        let (tx, rx) = mpsc::channel();
        let op = Op::Subscribe {
            filter,
            qos: qos_of(qos),
        };
        self.hand_over(Some(Kind::Subscribe), Some(tx), deadline, tick, op)?;
        match self.wait_reply(rx, deadline, tick, "subscribe")? {
            Outcome::Subscribed { codes } => {
                let code = codes.first().copied().unwrap_or(0x80);
                if code >= 0x80 {
                    return Err(Error::protocol(
                        code as i64,
                        format!("the broker refused the subscription to \"{filter}\""),
                    ));
                }
                let mut st = self.shared.lock();
                st.subscriptions.retain(|(f, _)| f != filter);
                st.subscriptions.push((filter.to_string(), qos));
                Ok(code)
            }
            other => Err(Error::connection(format!("unexpected outcome {other:?}"))),
        }
    }

    pub fn unsubscribe(&self, filter: &str, tick: Tick) -> Result<()> {
        self.guard()?;
        topic::validate_filter(filter)?;
        let deadline = Instant::now() + self.options.timeout;
        let (tx, rx) = mpsc::channel();
        self.hand_over(
            Some(Kind::Unsubscribe),
            Some(tx),
            deadline,
            tick,
            Op::Unsubscribe { filter },
        )?;
        self.wait_reply(rx, deadline, tick, "unsubscribe")?;
        self.shared
            .lock()
            .subscriptions
            .retain(|(f, _)| f != filter);
        Ok(())
    }

    /// Waits for the next event, up to `timeout` (None: do not wait).
    pub fn next_event(&self, timeout: Option<Duration>, tick: Tick) -> Result<Option<Event>> {
        self.guard()?;
        let deadline = timeout
            .map(|t| Instant::now() + t)
            .unwrap_or_else(Instant::now);
        self.take(deadline, tick, |inbox| inbox.pop())
    }

    /// Waits for the next message, leaving other events queued.
    pub fn next_message(&self, timeout: Duration, tick: Tick) -> Result<Option<Message>> {
        self.guard()?;
        self.take(Instant::now() + timeout, tick, |inbox| inbox.pop_message())
    }

    fn take<T>(
        &self,
        deadline: Instant,
        tick: Tick,
        mut pop: impl FnMut(&mut Inbox) -> Option<T>,
    ) -> Result<Option<T>> {
        let got = self.wait_state(Some(deadline), tick, |st| {
            let was_full = st.inbox.is_full();
            let Some(v) = pop(&mut st.inbox) else {
                // Closed: nothing more will come, do not wait for it.
                return (st.link == Link::Closed).then_some(None);
            };
            if was_full && !st.inbox.is_full() {
                self.shared.room.notify_one();
            }
            Some(Some(v))
        })?;
        Ok(got.flatten())
    }

    /// A persistent connection starts serving a new PHP request: events meant for the callbacks
    /// of the previous request go; received messages stay for this one.
    pub fn begin_request(&self) {
        if self.inherited() {
            return;
        }
        let mut st = self.shared.lock();
        st.inbox.retain_messages();
        st.report_published = false;
    }

    /// Whether an event is waiting.
    pub fn has_events(&self) -> bool {
        !self.inherited() && !self.shared.lock().inbox.is_empty()
    }

    /// Acknowledges (`handled`) or gives up (`!handled`) a message received with `ack` = manual.
    pub fn settle(&self, message: &Message, handled: bool) -> Result<()> {
        self.guard()?;
        if message.ack_seq == 0 {
            return Ok(());
        }
        let mut st = self.shared.lock();
        let due = if handled {
            st.acks.done(message.ack_seq)
        } else {
            st.acks.give_up(message.ack_seq)
        };
        for (qos, pkid) in due {
            if qos == 2 {
                st.qos2_received.insert(pkid);
            }
            // Never blocks: what the event loop does not take now, the driver passes on in order.
            if st.acks_out.is_empty() {
                let mut p = Publish::new("", qos_of(qos), Vec::new());
                p.pkid = pkid;
                if self.client.try_ack(&p).is_ok() {
                    continue;
                }
            }
            st.acks_out.push((qos, pkid));
        }
        Ok(())
    }

    /// Waits (up to `timeout`) for queued publishes to complete, sends DISCONNECT and closes.
    pub fn disconnect(&self, tick: Tick) -> Result<()> {
        self.guard()?;
        let deadline = Instant::now() + self.options.timeout;
        if self.link() == Link::Closed {
            return Err(Self::closed_error(&self.shared.lock()));
        }
        let drained = self.wait_state(Some(deadline), tick, |st| {
            (st.tracker.open() == 0 || st.link == Link::Closed).then_some(())
        });
        let mut result = match drained {
            Ok(Some(())) => Ok(()),
            Ok(None) => {
                let open = self.shared.lock().tracker.open();
                Err(Error::timeout(format!(
                    "disconnect: {open} requests were still unacknowledged after {:.1} s",
                    self.options.timeout.as_secs_f64()
                )))
            }
            Err(e) => Err(e),
        };
        if self.link() == Link::Up {
            // DISCONNECT gets a moment of its own, even when draining used up the timeout.
            let deadline = Instant::now() + self.options.timeout.min(Duration::from_secs(1));
            let (tx, rx) = mpsc::channel();
            let sent = self
                .hand_over(
                    Some(Kind::Disconnect),
                    Some(tx),
                    deadline,
                    tick,
                    Op::Disconnect,
                )
                .and_then(|_| {
                    self.wait_reply(rx, deadline, tick, "disconnect")
                        .map(|_| ())
                });
            if result.is_ok() {
                result = sent;
            }
        }
        self.stop();
        // The driver closes the socket as it stops; give it a moment so the broker sees it.
        let _ = self.wait_state(
            Some(Instant::now() + Duration::from_secs(1)),
            &mut || Ok(()),
            |st| (st.link == Link::Closed).then_some(()),
        );
        result
    }

    /// Stops the driver without DISCONNECT (the broker then publishes the will).
    pub fn stop(&self) {
        if self.inherited() {
            return;
        }
        self.shared.lock().closing = true;
        let _ = self.shared.stop.send(true);
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        if self.inherited() {
            // Its locks and channels may have been held by threads that do not exist here:
            // leak them rather than touch them.
            return;
        }
        if !self.is_closed() {
            let _ = self.disconnect(&mut || Ok(()));
        }
        unsafe {
            std::mem::ManuallyDrop::drop(&mut self.client);
            std::mem::ManuallyDrop::drop(&mut self.shared);
        }
    }
}

/// The task that owns rumqttc's event loop.
struct Driver {
    shared: Arc<Shared>,
    options: Options,
    connected_once: bool,
}

impl Driver {
    async fn run(mut self, mut eventloop: EventLoop) {
        let mut stop = self.shared.stop.subscribe();
        let mut delay = self.options.reconnect_delay;
        let max_pause = (self.options.keep_alive / 2).max(Duration::from_secs(1));
        let mut unpaused_polls = 0u32;
        let reason = loop {
            // A full inbox: stop reading, so the broker is throttled instead of this process
            // growing; but keep the connection alive, and let waiting requests through.
            if unpaused_polls == 0 {
                let paused = Instant::now();
                while self.should_pause() {
                    if paused.elapsed() >= max_pause {
                        // Long enough for a keep-alive ping to be due: read a little to send it.
                        unpaused_polls = 64;
                        break;
                    }
                    tokio::select! {
                        _ = self.shared.room.notified() => {}
                        _ = tokio::time::sleep(Duration::from_millis(200)) => {}
                        _ = stop.wait_for(|s| *s) => {}
                    }
                    if *stop.borrow() {
                        break;
                    }
                }
            }
            if *stop.borrow() {
                break None;
            }
            self.pass_on_acks(&mut eventloop);
            let polled = tokio::select! {
                r = eventloop.poll() => r,
                _ = stop.wait_for(|s| *s) => break None,
            };
            match polled {
                Ok(event) => {
                    match &event {
                        Raw::Incoming(Incoming::ConnAck(_)) => delay = self.options.reconnect_delay,
                        Raw::Outgoing(Outgoing::PingReq) => unpaused_polls = 0,
                        _ => unpaused_polls = unpaused_polls.saturating_sub(1),
                    }
                    let done = self.handle(&mut eventloop, event, true);
                    if done {
                        break None;
                    }
                }
                Err(e) => {
                    let error = describe(&e, &self.options);
                    // Events rumqttc buffered before the failure (acks received, requests taken).
                    let stale: Vec<Raw> = eventloop.state.events.drain(..).collect();
                    for event in stale {
                        self.handle(&mut eventloop, event, false);
                    }
                    if let Some(end) = self.connection_lost(&error) {
                        break end;
                    }
                    tokio::select! {
                        _ = tokio::time::sleep(delay) => {}
                        _ = stop.wait_for(|s| *s) => break None,
                    }
                    delay = (delay * 2).min(self.options.reconnect_max_delay);
                }
            }
        };
        drop(eventloop); // closes the socket
        let mut st = self.shared.lock();
        let was_up = st.link != Link::Closed && self.connected_once;
        st.link = Link::Closed;
        let error = reason
            .clone()
            .unwrap_or_else(|| Error::connection("the connection was closed"));
        let closed = if st.closing {
            Error::connection("the connection was closed")
        } else {
            error.clone()
        };
        st.tracker.fail_all(&closed);
        st.closed_reason = Some(closed);
        if was_up {
            let ev = if st.closing { None } else { reason };
            st.inbox.push(Event::Disconnected { error: ev });
        }
        if st.first.is_none() && !self.connected_once {
            st.first = Some(Err(error));
        }
        self.shared.notify_changed();
    }

    /// Whether to stop reading from the broker: the inbox is full and nobody waits for the
    /// broker (a publish's acknowledgement, a hand-over).
    fn should_pause(&self) -> bool {
        let st = self.shared.lock();
        st.inbox.is_full() && !st.handing_over && st.tracker.open() == 0
    }

    /// Hands the acknowledgements PHP could not hand over itself to rumqttc, in order.
    fn pass_on_acks(&self, eventloop: &mut EventLoop) {
        let mut st = self.shared.lock();
        if st.link != Link::Up || st.acks_out.is_empty() {
            return;
        }
        for (qos, pkid) in st.acks_out.drain(..) {
            eventloop.pending.push_back(match qos {
                1 => Request::PubAck(rumqttc::PubAck::new(pkid)),
                _ => Request::PubRec(rumqttc::PubRec::new(pkid)),
            });
        }
    }

    /// Records a lost connection; returns `Some(reason)` when the driver must stop.
    fn connection_lost(&self, error: &Error) -> Option<Option<Error>> {
        let mut st = self.shared.lock();
        if !self.connected_once {
            st.first = Some(Err(error.clone()));
            return Some(Some(error.clone()));
        }
        if st.closing || !self.options.reconnect {
            return Some(Some(error.clone()));
        }
        if st.link == Link::Up {
            st.link = Link::Reconnecting;
            st.inbox.push(Event::Disconnected {
                error: Some(error.clone()),
            });
            self.shared.notify_changed();
        }
        None
    }

    /// Applies one event; returns true when the connection is finished (DISCONNECT written).
    fn handle(&mut self, eventloop: &mut EventLoop, event: Raw, written: bool) -> bool {
        runtime::note_activity();
        let mut st = self.shared.lock();
        let mut finished = false;
        match event {
            Raw::Incoming(Incoming::ConnAck(c)) => {
                let session = c.session_present;
                st.link = Link::Up;
                if !self.connected_once {
                    self.connected_once = true;
                    st.first = Some(Ok(session));
                } else {
                    st.stats.reconnects += 1;
                    st.tracker.on_reconnected(session);
                }
                if session {
                    // rumqttc forgot the QoS 2 ids awaiting PUBREL on the old connection; without
                    // them it would treat the broker's PUBREL as unsolicited and drop the link.
                    for pkid in st.qos2_received.iter().copied() {
                        let mut p = Publish::new("", QoS::ExactlyOnce, Vec::new());
                        p.pkid = pkid;
                        let events = eventloop.state.events.len();
                        let _ = eventloop.state.handle_incoming_packet(Incoming::Publish(p));
                        eventloop.state.events.truncate(events);
                    }
                } else {
                    // A publish rumqttc held back for a busy packet id: with the session, rumqttc
                    // sends it once the retransmitted holder of that id is acknowledged; without
                    // one that never comes and it would block every request (the tracker failed
                    // it).
                    eventloop.state.collision = None;
                    st.qos2_received.clear();
                    st.acks.clear();
                    // Their packet ids mean nothing to the new session.
                    st.acks_out.clear();
                    // Subscribe again before any request waiting for the connection goes out;
                    // "connected" is reported once the broker confirmed it.
                    if !st.subscriptions.is_empty() {
                        let filters = st
                            .subscriptions
                            .iter()
                            .map(|(f, q)| SubscribeFilter::new(f.clone(), qos_of(*q)));
                        eventloop
                            .pending
                            .push_front(Request::Subscribe(rumqttc::Subscribe::new_many(filters)));
                        let (tx, rx) = mpsc::channel();
                        st.tracker.register_first(Kind::Subscribe, Some(tx));
                        st.resubscribing = Some((session, rx));
                    }
                }
                if st.resubscribing.is_none() {
                    st.inbox.push(Event::Connected {
                        session_present: session,
                    });
                }
            }
            Raw::Incoming(Incoming::Publish(p)) => {
                let qos = p.qos as u8;
                // Already handed to PHP: a QoS 2 one acknowledged and awaiting PUBREL, or (manual
                // acknowledgement) one PHP still holds, sent again after a reconnect.
                let duplicate = (qos == 2 && st.qos2_received.contains(&p.pkid))
                    || (qos > 0 && st.acks.holds(p.pkid));
                if duplicate {
                    // PUBREC again for an acknowledged QoS 2 one (rumqttc sends it itself in
                    // automatic mode); one PHP holds is acknowledged when PHP is done with it.
                    if self.options.ack == AckMode::Manual
                        && qos == 2
                        && st.qos2_received.contains(&p.pkid)
                    {
                        eventloop
                            .pending
                            .push_back(Request::PubRec(rumqttc::PubRec::new(p.pkid)));
                    }
                } else {
                    let ack_seq = if self.options.ack == AckMode::Manual && qos > 0 {
                        st.acks.arrived(qos, p.pkid)
                    } else {
                        if qos == 2 {
                            st.qos2_received.insert(p.pkid);
                        }
                        0
                    };
                    st.stats.received += 1;
                    st.inbox.push(Event::Message(Message {
                        topic: p.topic,
                        payload: p.payload,
                        qos,
                        retain: p.retain,
                        dup: p.dup,
                        pkid: p.pkid,
                        ack_seq,
                    }));
                }
            }
            Raw::Incoming(Incoming::PubRel(r)) => {
                st.qos2_received.remove(&r.pkid);
            }
            Raw::Incoming(Incoming::PubAck(a)) => st.tracker.on_ack(Ack::PubAck {
                pkid: a.pkid,
                reason: 0,
            }),
            Raw::Incoming(Incoming::PubRec(a)) => st.tracker.on_ack(Ack::PubRec {
                pkid: a.pkid,
                reason: 0,
            }),
            Raw::Incoming(Incoming::PubComp(a)) => st.tracker.on_ack(Ack::PubComp {
                pkid: a.pkid,
                reason: 0,
            }),
            Raw::Incoming(Incoming::SubAck(a)) => {
                let codes = a
                    .return_codes
                    .iter()
                    .map(|c| match c {
                        SubscribeReasonCode::Success(q) => *q as u8,
                        SubscribeReasonCode::Failure => 0x80,
                    })
                    .collect();
                st.tracker.on_ack(Ack::SubAck {
                    pkid: a.pkid,
                    codes,
                });
            }
            Raw::Incoming(Incoming::UnsubAck(a)) => {
                st.tracker.on_ack(Ack::UnsubAck { pkid: a.pkid })
            }
            Raw::Outgoing(Outgoing::Publish(pkid)) => {
                st.tracker.on_sent(Sent::Publish(pkid), written)
            }
            Raw::Outgoing(Outgoing::AwaitAck(pkid)) => {
                st.tracker.on_sent(Sent::AwaitAck(pkid), written)
            }
            Raw::Outgoing(Outgoing::Subscribe(pkid)) => {
                st.tracker.on_sent(Sent::Subscribe(pkid), written)
            }
            Raw::Outgoing(Outgoing::Unsubscribe(pkid)) => {
                st.tracker.on_sent(Sent::Unsubscribe(pkid), written)
            }
            Raw::Outgoing(Outgoing::Disconnect) => {
                // Only disconnect() sends DISCONNECT: the connection is done.
                st.tracker.on_sent(Sent::Disconnect, written);
                st.closing = true;
                finished = true;
            }
            _ => {}
        }
        if let Some((session, rx)) = &st.resubscribing {
            // Answered, refused or failed: either way the connection is as restored as it gets.
            if !matches!(rx.try_recv(), Err(mpsc::TryRecvError::Empty)) {
                let session_present = *session;
                st.resubscribing = None;
                st.inbox.push(Event::Connected { session_present });
            }
        }
        let completed = st.tracker.take_completed();
        st.stats.published += completed.len() as u64;
        if st.report_published {
            for pkid in completed {
                st.inbox.push(Event::Published { pkid });
            }
        }
        drop(st);
        self.shared.notify_changed();
        finished
    }
}
