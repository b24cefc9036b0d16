//! One broker connection, as the PHP thread sees it: requests go into the shared outbox, the
//! driver task (see `driver.rs`) turns them into packets, and every blocking call waits for its
//! outcome through `wait::until`, with a deadline the caller chooses (per client object, so two
//! clients sharing a persistent connection keep their own timeouts).

use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;

use super::batch::Batch;
use super::driver::Driver;
use super::error::{Error, ErrorKind, Result};
use super::inbox::{Event, Inbox, LogLevel, Message};
use super::options::{Options, Protocol};
use super::properties::{PublishProperties, SubscribeOptions};
use super::protocol::{self, Request, Subscription};
use super::runtime;
use super::shared::{Shared, State};
use super::topic;
use super::tracker::{EntryId, Kind, Notice, Outcome, Reply, SessionChange};
use super::wait::{self, deadline_in, SpinPolicy};

pub use super::shared::{Link, Stats};
pub use super::wait::{Tick, SLICE};

/// A default mosquitto silently drops incoming QoS 2 publishes beyond 20 unacknowledged ones from
/// an MQTT 3.1.1 client (which has no Receive Maximum to learn the limit from).
pub const QOS2_WINDOW_V311: usize = 20;

/// Requests that may wait in the outbox before `publish_start()` waits for the driver to catch
/// up: a producer faster than the network is slowed down rather than grown without bound.
const OUTBOX_LIMIT: usize = 10_000;

/// A caller that queues this many requests drives one turn of the runtime.
const DRIVE_EVERY: usize = 256;

/// The largest remaining length an MQTT packet can declare (four length bytes).
const MAX_REMAINING_LENGTH: usize = 268_435_455;

pub struct Connection {
    /// The process that opened it: after fork() the child must not touch it (its runtime thread
    /// exists only in the parent).
    pid: u32,
    shared: std::mem::ManuallyDrop<Arc<Shared>>,
    runtime: runtime::Handle,
    options: Options,
    qos2_window: usize,
    spin: SpinPolicy,
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

/// The size of a PUBLISH packet as it goes on the wire, or None past what MQTT can encode.
pub fn publish_packet_size(topic_len: usize, payload_len: usize, qos: u8) -> Option<usize> {
    let remaining = 2 + topic_len + if qos > 0 { 2 } else { 0 } + payload_len;
    if remaining > MAX_REMAINING_LENGTH {
        return None;
    }
    let length_bytes = match remaining {
        0..=127 => 1,
        128..=16_383 => 2,
        16_384..=2_097_151 => 3,
        _ => 4,
    };
    Some(1 + length_bytes + remaining)
}

impl Connection {
    /// Connects and waits for the broker's CONNACK (at most `connect_timeout`).
    pub fn connect(options: Options, tick: Tick) -> Result<Connection> {
        let runtime = runtime::get()?;
        let shared = Arc::new(Shared::new());
        let driver = Driver::new(shared.clone(), options.clone())?;
        shared.lock().log_level = options.log_level;
        // MQTT 5 brokers announce their Receive Maximum; the adapter keeps to it.
        let qos2_window = match options.protocol {
            Protocol::V311 => QOS2_WINDOW_V311.min(options.max_inflight as usize),
            Protocol::V5 => usize::MAX,
        };
        let conn = Connection {
            pid: super::fork::current_pid(),
            shared: std::mem::ManuallyDrop::new(shared.clone()),
            runtime: runtime.clone(),
            options,
            qos2_window,
            spin: SpinPolicy::default(),
        };
        supervise(&runtime, shared, driver.run());

        // Each server gets its connect_timeout.
        let servers = 1 + conn.options.servers.len() as u32;
        let deadline = deadline_in(conn.options.connect_timeout * servers);
        let first = conn.wait(Some(deadline), tick, false, |st| st.first.take());
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
        self.pid != super::fork::current_pid()
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

    /// Why the connection closed (None while it is open).
    pub fn closed_reason(&self) -> Option<Error> {
        if self.inherited() {
            return None;
        }
        self.shared.lock().closed_reason.clone()
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

    /// Drives the runtime until `check` yields a value: see `wait::until`.
    fn wait<T>(
        &self,
        deadline: Option<Instant>,
        tick: Tick,
        spin: bool,
        mut check: impl FnMut(&mut State) -> Option<T>,
    ) -> Result<Option<T>> {
        let spin = spin.then_some(&self.spin);
        wait::until(
            &self.runtime,
            &self.shared.changed,
            deadline,
            tick,
            spin,
            || check(&mut self.shared.lock()),
        )
    }

    /// Queues a request for the driver, registered with the tracker when `kind` is set.
    fn submit(&self, kind: Kind, reply: Option<Reply>, request: Request) -> Result<EntryId> {
        let (id, queued) = {
            let mut st = self.shared.lock();
            if st.link == Link::Closed || st.closing {
                return Err(st.closed_error());
            }
            let id = st.tracker.register(kind, reply);
            st.outbox.push_back((id, request));
            (id, st.outbox.len())
        };
        self.runtime.wake_soon(&self.shared.work);
        if queued % DRIVE_EVERY == 0 {
            // A caller that only queues (publishAsync) never drives the runtime: do it now and
            // then, so that what is queued leaves in batches and acknowledgements are read.
            self.runtime.turn();
        }
        Ok(id)
    }

    /// Takes back a request the driver has not sent yet (its caller gave up). Returns whether it
    /// was still queued, i.e. certainly never sent.
    fn withdraw(&self, id: EntryId) -> bool {
        let mut st = self.shared.lock();
        let Some(at) = st.outbox.iter().position(|(e, _)| *e == id) else {
            return false;
        };
        st.outbox.remove(at);
        st.tracker.unregister(id);
        true
    }

    fn wait_reply(
        &self,
        id: EntryId,
        rx: mpsc::Receiver<Result<Outcome>>,
        timeout: Duration,
        tick: Tick,
        what: &str,
    ) -> Result<Outcome> {
        let deadline = deadline_in(timeout);
        match self.wait_outcome(&rx, deadline, tick) {
            Ok(Some(r)) => r,
            Ok(None) => {
                let sent = if self.withdraw(id) {
                    "it was not sent"
                } else {
                    "it may or may not reach the broker"
                };
                Err(Error::timeout(format!(
                    "{what} timed out after {:.1} s; {sent}",
                    timeout.as_secs_f64()
                )))
            }
            Err(e) => {
                self.withdraw(id);
                Err(e)
            }
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
        self.wait(Some(deadline), tick, true, |st| match rx.try_recv() {
            Ok(r) => Some(r),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(Err(st.closed_error())),
        })
    }

    /// Publishes and returns once the broker acknowledged (QoS 1/2, returns the packet id) or the
    /// packet was written (QoS 0, returns 0).
    pub fn publish(
        &self,
        topic: &[u8],
        payload: Bytes,
        qos: i64,
        retain: bool,
        timeout: Duration,
        tick: Tick,
    ) -> Result<u16> {
        self.publish_with(topic, payload, qos, retain, None, timeout, tick)
    }

    /// `publish()` with MQTT 5 properties.
    #[allow(clippy::too_many_arguments)]
    pub fn publish_with(
        &self,
        topic: &[u8],
        payload: Bytes,
        qos: i64,
        retain: bool,
        properties: Option<Box<PublishProperties>>,
        timeout: Duration,
        tick: Tick,
    ) -> Result<u16> {
        let (tx, rx) = mpsc::channel();
        let id = self.queue_publish(
            topic,
            payload,
            qos,
            retain,
            properties,
            tx.into(),
            timeout,
            tick,
        )?;
        match self.wait_reply(id, rx, timeout, tick, "publish")? {
            Outcome::Published { pkid } => Ok(pkid),
            other => Err(Error::connection(format!("unexpected outcome {other:?}"))),
        }
    }

    /// Queues a publish whose outcome is counted in `batch`, and returns at once (unless the
    /// outbox is full: then it waits, up to `timeout`, for room).
    #[allow(clippy::too_many_arguments)]
    pub fn publish_start(
        &self,
        topic: &[u8],
        payload: Bytes,
        qos: i64,
        retain: bool,
        batch: &Arc<Batch>,
        timeout: Duration,
        tick: Tick,
    ) -> Result<()> {
        self.publish_start_with(topic, payload, qos, retain, None, batch, timeout, tick)
    }

    /// `publish_start()` with MQTT 5 properties.
    #[allow(clippy::too_many_arguments)]
    pub fn publish_start_with(
        &self,
        topic: &[u8],
        payload: Bytes,
        qos: i64,
        retain: bool,
        properties: Option<Box<PublishProperties>>,
        batch: &Arc<Batch>,
        timeout: Duration,
        tick: Tick,
    ) -> Result<()> {
        let reply = Reply::Batch(batch.clone());
        self.queue_publish(
            topic, payload, qos, retain, properties, reply, timeout, tick,
        )?;
        // Busy with the extension: the background thread need not take the runtime yet.
        self.runtime.touch();
        Ok(())
    }

    /// Waits until every publish of `batch` completed; false when the deadline passed first.
    pub fn wait_batch(&self, batch: &Batch, deadline: Instant, tick: Tick) -> Result<bool> {
        self.guard()?;
        let done = self.wait(Some(deadline), tick, true, |_| {
            (batch.open() == 0).then_some(())
        })?;
        Ok(done.is_some())
    }

    #[allow(clippy::too_many_arguments)]
    fn queue_publish(
        &self,
        topic: &[u8],
        payload: Bytes,
        qos: i64,
        retain: bool,
        properties: Option<Box<PublishProperties>>,
        reply: Reply,
        timeout: Duration,
        tick: Tick,
    ) -> Result<EntryId> {
        self.guard()?;
        let topic = topic::validate_topic(topic)?.to_string();
        let qos = check_qos(qos)?;
        if properties.is_some() && self.options.protocol != Protocol::V5 {
            return Err(Error::invalid(
                "publish properties need MQTT 5 (the protocol option)",
            ));
        }
        // Only the scalars: this runs for every publish.
        let (maximum_qos, retain_available, broker_packet_size) = {
            let st = self.shared.lock();
            let l = &st.limits;
            (l.maximum_qos, l.retain_available, l.maximum_packet_size)
        };
        if qos > maximum_qos {
            return Err(Error::protocol(
                0x9B,
                format!(
                    "the broker accepts QoS {} at most (its CONNACK said so); a QoS {qos} \
                     publish was not sent",
                    maximum_qos
                ),
            ));
        }
        if retain && !retain_available {
            return Err(Error::protocol(
                0x9A,
                "the broker does not accept retained messages (its CONNACK said so); the \
                 publish was not sent",
            ));
        }
        let mut limit = self.options.max_packet_size_out;
        if let Some(broker) = broker_packet_size {
            limit = limit.min(broker as usize);
        }
        let size = match &properties {
            Some(p) => protocol::v5_publish_size(&topic, &payload, qos, p),
            None => publish_packet_size(topic.len(), payload.len(), qos),
        };
        match size {
            Some(size) if size <= limit => {}
            Some(size) => {
                return Err(Error::invalid(format!(
                    "the message is {size} bytes as an MQTT packet (topic and header included), \
                     more than {} ({limit} bytes)",
                    if broker_packet_size
                        .is_some_and(|b| (b as usize) < self.options.max_packet_size_out)
                    {
                        "the broker's maximum packet size"
                    } else {
                        "max_packet_size"
                    }
                )))
            }
            None => {
                return Err(Error::invalid(format!(
                    "the message does not fit in an MQTT packet: topic and payload must stay \
                     below {MAX_REMAINING_LENGTH} bytes with the header, {} given",
                    topic.len() + payload.len()
                )))
            }
        }
        // Room in the QoS 2 window, and a bounded outbox.
        let window = if qos == 2 {
            self.qos2_window
        } else {
            usize::MAX
        };
        let has_room = |st: &mut State| {
            (st.tracker.qos2_open() < window && st.outbox.len() < OUTBOX_LIMIT
                || st.link == Link::Closed)
                .then_some(())
        };
        if has_room(&mut self.shared.lock()).is_none() {
            let room = self.wait(Some(deadline_in(timeout)), tick, false, has_room)?;
            if room.is_none() {
                return Err(Error::timeout(format!(
                    "publish timed out after {:.1} s waiting for earlier publishes to be sent",
                    timeout.as_secs_f64()
                )));
            }
        }
        let request = Request::Publish {
            topic,
            payload,
            qos,
            retain,
            properties,
        };
        self.submit(Kind::Publish { qos }, Some(reply), request)
    }

    /// Queues a publish whose completion arrives as `Event::Done { tag }` (QoS 0 once written,
    /// QoS 1/2 once acknowledged) and returns at once, unless the outbox is full.
    #[allow(clippy::too_many_arguments)]
    pub fn publish_notify(
        &self,
        topic: &[u8],
        payload: Bytes,
        qos: i64,
        retain: bool,
        tag: u64,
        timeout: Duration,
        tick: Tick,
    ) -> Result<()> {
        let reply = Reply::Notice(Notice {
            tag,
            change: SessionChange::None,
        });
        self.queue_publish(topic, payload, qos, retain, None, reply, timeout, tick)?;
        self.runtime.touch();
        Ok(())
    }

    /// Queues a subscription whose SUBACK arrives as `Event::Done { tag }` with
    /// `Outcome::Subscribed`; returns at once.
    pub fn subscribe_notify(&self, filter: &str, qos: i64, tag: u64) -> Result<()> {
        self.guard()?;
        topic::validate_filter(filter)?;
        let qos = check_qos(qos)?;
        let subscription = Subscription::new(filter, qos);
        let reply = Reply::Notice(Notice {
            tag,
            change: SessionChange::Subscribed(subscription.clone()),
        });
        let request = Request::Subscribe {
            filters: vec![subscription],
        };
        self.submit(Kind::Subscribe, Some(reply), request)?;
        Ok(())
    }

    /// Queues an unsubscription whose UNSUBACK arrives as `Event::Done { tag }`; returns at once.
    pub fn unsubscribe_notify(&self, filter: &str, tag: u64) -> Result<()> {
        self.guard()?;
        topic::validate_filter(filter)?;
        let reply = Reply::Notice(Notice {
            tag,
            change: SessionChange::Unsubscribed(filter.to_string()),
        });
        let request = Request::Unsubscribe {
            filter: filter.to_string(),
        };
        self.submit(Kind::Unsubscribe, Some(reply), request)?;
        Ok(())
    }

    /// A descriptor that is readable while events wait in the inbox, for event loops
    /// (pecl/event, stream_select) that drive `next_event()` themselves.
    pub fn wake_fd(&self) -> Result<std::os::fd::RawFd> {
        self.guard()?;
        self.shared
            .lock()
            .inbox
            .wake_fd()
            .map_err(|e| Error::connection(format!("cannot create an event descriptor: {e}")))
    }

    /// Whether the driver queues log lines (`Event::Log`) for this connection, every level.
    pub fn set_logging(&self, on: bool) {
        self.set_log_level(on.then_some(LogLevel::Debug));
    }

    /// The least important log lines the driver queues (None: none).
    pub fn set_log_level(&self, level: Option<LogLevel>) {
        if !self.inherited() {
            self.shared.lock().log_level = level;
        }
    }

    /// Takes the queued log lines out of the inbox, leaving other events in order.
    pub fn take_logs(&self) -> Vec<(LogLevel, String)> {
        if self.inherited() {
            return Vec::new();
        }
        self.shared.lock().inbox.take_logs()
    }

    /// Subscribes and returns the granted QoS; a refusal is a `Protocol` error.
    pub fn subscribe(&self, filter: &str, qos: i64, timeout: Duration, tick: Tick) -> Result<u8> {
        self.subscribe_with(filter, qos, SubscribeOptions::default(), timeout, tick)
    }

    /// `subscribe()` with MQTT 5 subscription options.
    pub fn subscribe_with(
        &self,
        filter: &str,
        qos: i64,
        options: SubscribeOptions,
        timeout: Duration,
        tick: Tick,
    ) -> Result<u8> {
        self.guard()?;
        topic::validate_filter(filter)?;
        let qos = check_qos(qos)?;
        if options != SubscribeOptions::default() && self.options.protocol != Protocol::V5 {
            return Err(Error::invalid(
                "subscription options need MQTT 5 (the protocol option)",
            ));
        }
        let (tx, rx) = mpsc::channel();
        let subscription = Subscription {
            filter: filter.to_string(),
            qos,
            options,
        };
        let request = Request::Subscribe {
            filters: vec![subscription.clone()],
        };
        let id = self.submit(Kind::Subscribe, Some(tx.into()), request)?;
        match self.wait_reply(id, rx, timeout, tick, "subscribe")? {
            Outcome::Subscribed { codes } => {
                let code = codes.first().copied().unwrap_or(0x80);
                if code >= 0x80 {
                    return Err(Error::protocol(
                        code as i64,
                        format!("the broker refused the subscription to \"{filter}\""),
                    ));
                }
                self.shared.lock().session.subscribed(subscription);
                Ok(code)
            }
            other => Err(Error::connection(format!("unexpected outcome {other:?}"))),
        }
    }

    pub fn unsubscribe(&self, filter: &str, timeout: Duration, tick: Tick) -> Result<()> {
        self.guard()?;
        topic::validate_filter(filter)?;
        let (tx, rx) = mpsc::channel();
        let request = Request::Unsubscribe {
            filter: filter.to_string(),
        };
        let id = self.submit(Kind::Unsubscribe, Some(tx.into()), request)?;
        self.wait_reply(id, rx, timeout, tick, "unsubscribe")?;
        self.shared.lock().session.unsubscribed(filter);
        Ok(())
    }

    /// Waits for the next event, up to `timeout` (None: do not wait).
    pub fn next_event(&self, timeout: Option<Duration>, tick: Tick) -> Result<Option<Event>> {
        self.guard()?;
        let deadline = timeout.map(deadline_in).unwrap_or_else(Instant::now);
        self.take(deadline, tick, |inbox| inbox.pop())
    }

    /// Waits for the next message, leaving other events queued. Once the connection is closed
    /// and its messages are taken, fails (a `Connection` error) instead of returning None: no
    /// message can come any more, and a caller polling for one must learn that.
    pub fn next_message(&self, timeout: Duration, tick: Tick) -> Result<Option<Message>> {
        self.guard()?;
        let m = self.take(deadline_in(timeout), tick, |inbox| inbox.pop_message())?;
        if m.is_none() && self.is_closed() {
            return Err(self.closed_for_calls());
        }
        Ok(m)
    }

    /// The error of a call on a closed connection: always a `Connection` error (even when a
    /// protocol error closed it), saying why when it was lost, with the reason code of a
    /// broker's DISCONNECT (MQTT 5).
    pub fn closed_for_calls(&self) -> Error {
        match self.closed_reason() {
            Some(why) if why.message != "the connection was closed" => Error::new(
                ErrorKind::Connection,
                why.code,
                format!("the connection was closed: {}", why.message),
            ),
            _ => Error::connection("the connection was closed; call connect() again"),
        }
    }

    fn take<T>(
        &self,
        deadline: Instant,
        tick: Tick,
        mut pop: impl FnMut(&mut Inbox) -> Option<T>,
    ) -> Result<Option<T>> {
        let got = self.wait(Some(deadline), tick, false, |st| {
            let was_full = st.inbox.is_full();
            let Some(v) = pop(&mut st.inbox) else {
                // Closed: nothing more will come, do not wait for it.
                return (st.link == Link::Closed).then_some(None);
            };
            if was_full && !st.inbox.is_full() {
                self.runtime.wake_soon(&self.shared.work);
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
        st.log_level = None;
    }

    /// Whether an event is waiting.
    pub fn has_events(&self) -> bool {
        !self.inherited() && !self.shared.lock().inbox.is_empty()
    }

    /// Acknowledges (`handled`) or gives up (`!handled`) a message received with `ack` = manual.
    /// Never blocks: the driver sends the acknowledgements now due, in order, on its next turn.
    pub fn settle(&self, message: &Message, handled: bool) -> Result<()> {
        self.guard()?;
        if message.ack_seq == 0 {
            return Ok(());
        }
        let due = {
            let mut st = self.shared.lock();
            let due = if handled {
                st.session.acks.done(message.ack_seq)
            } else {
                st.session.acks.give_up(message.ack_seq)
            };
            for &(qos, pkid) in &due {
                if qos == 2 {
                    st.session.qos2_received.insert(pkid);
                    st.acks_out.push_back(Request::PubRec(pkid));
                } else {
                    st.acks_out.push_back(Request::PubAck(pkid));
                }
            }
            !due.is_empty()
        };
        if due {
            self.runtime.wake_soon(&self.shared.work);
        }
        Ok(())
    }

    /// Waits (up to `timeout`) for queued publishes and acknowledgements to go out and be
    /// acknowledged, sends DISCONNECT and closes.
    pub fn disconnect(&self, timeout: Duration, tick: Tick) -> Result<()> {
        self.guard()?;
        if self.link() == Link::Closed {
            return Err(self.shared.lock().closed_error());
        }
        let drained = self.wait(Some(deadline_in(timeout)), tick, false, |st| {
            (st.tracker.open() == 0 && st.acks_out.is_empty() || st.link == Link::Closed)
                .then_some(())
        });
        let mut result = match drained {
            Ok(Some(())) => Ok(()),
            Ok(None) => {
                let open = self.shared.lock().tracker.open();
                Err(Error::timeout(format!(
                    "disconnect: {open} requests were still unacknowledged after {:.1} s",
                    timeout.as_secs_f64()
                )))
            }
            Err(e) => Err(e),
        };
        if self.link() == Link::Up {
            // DISCONNECT gets a moment of its own, even when draining used up the timeout.
            let (tx, rx) = mpsc::channel();
            let sent = self
                .submit(Kind::Disconnect, Some(tx.into()), Request::Disconnect)
                .and_then(|id| {
                    let t = timeout.min(Duration::from_secs(1));
                    self.wait_reply(id, rx, t, tick, "disconnect").map(|_| ())
                });
            if result.is_ok() {
                result = sent;
            }
        }
        self.stop();
        // The driver closes the socket as it stops; give it a moment so the broker sees it.
        let _ = self.wait(
            Some(Instant::now() + Duration::from_secs(1)),
            &mut || Ok(()),
            false,
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

/// Runs the driver; should it panic, the connection closes with an error instead of staying
/// "up" forever with nobody behind it (every blocking call would then wait out its timeout, and
/// receive() would return null for ever).
fn supervise(
    runtime: &runtime::Handle,
    shared: Arc<Shared>,
    driver: impl std::future::Future<Output = ()> + Send + 'static,
) {
    let task = runtime.runtime.spawn(driver);
    runtime.runtime.spawn(async move {
        let Err(e) = task.await else { return };
        let why = match e.try_into_panic() {
            Ok(p) => p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_default(),
            Err(_) => "cancelled".to_string(),
        };
        let error = Error::connection(format!("internal error in the connection's driver: {why}"));
        let mut st = shared.lock();
        let was_up = st.link == Link::Up || st.link == Link::Reconnecting;
        st.link = Link::Closed;
        st.tracker.fail_all(&error);
        Driver::notices(&mut st);
        st.outbox.clear();
        st.closed_reason = Some(error.clone());
        if st.first.is_none() {
            st.first = Some(Err(error.clone()));
        }
        if was_up && !st.closing {
            st.inbox.push(Event::Disconnected { error: Some(error) });
        }
        drop(st);
        shared.notify_changed();
    });
}

impl Drop for Connection {
    fn drop(&mut self) {
        if self.inherited() {
            // Its locks and channels may have been held by threads that do not exist here:
            // leak them rather than touch them.
            return;
        }
        if !self.is_closed() {
            let timeout = self.options.timeout;
            let _ = self.disconnect(timeout, &mut || Ok(()));
        }
        // SAFETY: dropped exactly once, here, and only in the process that created it.
        unsafe {
            std::mem::ManuallyDrop::drop(&mut self.shared);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_driver_closes_the_connection_with_an_error() {
        let runtime = runtime::get().unwrap();
        let shared = Arc::new(Shared::new());
        shared.lock().link = Link::Up;
        supervise(&runtime, shared.clone(), async { panic!("boom") });
        let closed = wait::until(
            &runtime,
            &shared.changed,
            Some(deadline_in(Duration::from_secs(5))),
            &mut || Ok(()),
            None,
            || shared.lock().closed_reason.clone(),
        )
        .unwrap()
        .expect("closed within 5 s");
        assert_eq!(closed.kind, super::super::error::ErrorKind::Connection);
        assert!(closed.message.contains("boom"), "{closed:?}");
        let mut st = shared.lock();
        assert_eq!(st.link, Link::Closed);
        assert!(matches!(
            st.inbox.pop(),
            Some(Event::Disconnected { error: Some(_) })
        ));
    }

    #[test]
    fn publish_packet_size_counts_the_header() {
        // 1 fixed header byte, 1 length byte, 2 + 1 topic bytes, 2 packet id bytes, 3 payload.
        assert_eq!(publish_packet_size(1, 3, 1), Some(10));
        assert_eq!(publish_packet_size(1, 3, 0), Some(8));
        // 268,435,455 is the largest remaining length: a payload of that size cannot fit.
        assert_eq!(publish_packet_size(1, MAX_REMAINING_LENGTH, 1), None);
        assert_eq!(
            publish_packet_size(1, MAX_REMAINING_LENGTH - 5, 1),
            Some(MAX_REMAINING_LENGTH + 5)
        );
    }
}
