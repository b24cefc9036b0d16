//! The task that owns one connection's protocol adapter on the process runtime: connects and
//! reconnects (with backoff), sends what the PHP thread queued, reads what the broker sends, and
//! records the outcome in the shared state. One handler per event.

use std::sync::{mpsc, Arc};
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;

use super::backoff::Backoff;
use super::endpoint::Endpoints;
use super::error::{Error, ErrorKind};
use super::inbox::{Event as InboxEvent, LogLevel, Message};
use super::options::{AckMode, Options};
use super::protocol::{Adapter, Subscription};
use super::protocol::{Event, Request};
use super::shared::{Link, Shared, State};
use super::tracker::{Ack, Kind, Outcome, SessionChange};

/// Requests turned into packets before the driver flushes and looks at the network again.
const SEND_BATCH: usize = 256;

pub struct Driver {
    shared: Arc<Shared>,
    options: Options,
    proto: Adapter,
    backoff: Backoff,
    endpoints: Endpoints,
    /// Why each server failed in the current round of connection attempts.
    round_failures: Vec<Error>,
    connected_once: bool,
    ping_at: Option<Instant>,
    /// The keep alive in force: ours, or the one an MQTT 5 broker asked for in its CONNACK.
    keep_alive: Duration,
}

/// What a turn of the connected driver ended with.
enum Turn {
    Continue,
    /// DISCONNECT written, or `stop()`: the connection is done.
    Finished,
}

impl Driver {
    /// Fails on TLS settings that cannot be used (a bad CA or key file).
    pub fn new(shared: Arc<Shared>, options: Options) -> Result<Driver, Error> {
        Ok(Driver {
            proto: Adapter::new(&options)?,
            backoff: Backoff::new(options.reconnect_delay, options.reconnect_max_delay),
            endpoints: Endpoints::new(&options),
            round_failures: Vec::new(),
            shared,
            options,
            connected_once: false,
            ping_at: None,
            keep_alive: Duration::ZERO, // set on each connect
        })
    }

    pub async fn run(mut self) {
        let mut stop = self.shared.stop.subscribe();
        let reason = loop {
            if *stop.borrow() {
                break None;
            }
            let result = if self.proto.is_connected() {
                self.turn(&mut stop).await
            } else {
                let id = &self.options.client_id;
                let to = self.endpoints.current();
                self.shared
                    .lock()
                    .log(LogLevel::Info, || format!("Client {id} connecting to {to}"));
                let attempt = tokio::select! {
                    r = self.proto.connect(self.endpoints.current()) => r,
                    _ = stopped(&mut stop) => break None,
                };
                match attempt {
                    Ok((session, orphans)) => {
                        self.round_failures.clear();
                        self.on_connected(session, orphans)
                            .await
                            .map(|_| Turn::Continue)
                    }
                    Err(e) => {
                        self.endpoints.failed();
                        self.round_failures.push(e);
                        if self.round_failures.len() < self.endpoints.len() {
                            continue; // the next server at once; backoff after a whole round
                        }
                        Err(all_failed(std::mem::take(&mut self.round_failures)))
                    }
                }
            };
            match result {
                Ok(Turn::Continue) => {}
                Ok(Turn::Finished) => break None,
                Err(e) => {
                    if self.proto.is_connected() {
                        let mut events = Vec::new();
                        self.proto.salvage(&mut events);
                        self.handle(events, false);
                        self.proto.lost();
                    }
                    if let Some(end) = self.on_failed(e) {
                        break end;
                    }
                    let delay = self.backoff.next_delay();
                    let id = &self.options.client_id;
                    self.shared.lock().log(LogLevel::Info, || {
                        format!("Client {id} reconnecting in {:.1} s", delay.as_secs_f64())
                    });
                    tokio::select! {
                        _ = tokio::time::sleep(delay) => {}
                        _ = stopped(&mut stop) => break None,
                    }
                }
            }
        };
        self.close(reason);
    }

    /// One turn while connected: send what is queued, then wait for the broker, more work, the
    /// keep-alive timer or `stop()`.
    async fn turn(&mut self, stop: &mut watch::Receiver<bool>) -> Result<Turn, Error> {
        let (finished, more) = self.send_queued().await?;
        if finished {
            return Ok(Turn::Finished);
        }
        let reading = self.should_read();
        let ping_at = self.ping_at;
        tokio::select! {
            biased;
            _ = stopped(stop) => return Ok(Turn::Finished),
            packet = self.proto.next_packet(), if reading => {
                let mut events = Vec::new();
                let applied = match packet {
                    Ok(p) => self.proto.receive(p, &mut events).await,
                    Err(e) => Err(e),
                };
                let flushed = match applied {
                    Ok(()) => self.proto.flush().await,
                    Err(e) => Err(e),
                };
                self.handle(events, flushed.is_ok());
                flushed?;
            }
            _ = self.shared.work.wait(), if !more => {}
            _ = tokio::task::yield_now(), if more => {}
            _ = sleep_until(ping_at), if ping_at.is_some() => {
                self.ping_at = ping_at.map(|t| t + self.keep_alive);
                let mut events = Vec::new();
                let pinged = self.proto.ping(&mut events).await;
                self.handle(events, pinged.is_ok());
                pinged?;
            }
        }
        Ok(Turn::Continue)
    }

    /// Turns queued acknowledgements and requests into packets and writes them in one go.
    /// Returns (DISCONNECT written, more is waiting).
    async fn send_queued(&mut self) -> Result<(bool, bool), Error> {
        let mut events = Vec::new();
        let mut sent = 0;
        let mut finished = false;
        let mut more = false;
        loop {
            let next = {
                let mut st = self.shared.lock();
                if let Some(ack) = st.acks_out.pop_front() {
                    Some(ack)
                } else {
                    match st.outbox.front() {
                        Some((_, r)) if !r.needs_window() || self.proto.window_open() => {
                            st.outbox.pop_front().map(|(_, r)| r)
                        }
                        _ => None,
                    }
                }
            };
            let Some(request) = next else { break };
            let disconnect = matches!(request, Request::Disconnect);
            if let Err(e) = self.proto.send(request, &mut events).await {
                self.handle(events, false);
                return Err(e);
            }
            sent += 1;
            if disconnect {
                finished = true;
                break;
            }
            if sent >= SEND_BATCH {
                more = true;
                break;
            }
        }
        if sent == 0 {
            return Ok((false, false));
        }
        let flushed = self.proto.flush().await;
        self.handle(events, flushed.is_ok());
        flushed.map(|_| (finished, more))
    }

    /// Reading stops while the inbox is full and nothing waits for the broker, so a slow PHP
    /// consumer throttles the broker instead of growing the process; a keep-alive reply or an
    /// acknowledgement is read all the same, up to the inbox's hard limit.
    fn should_read(&self) -> bool {
        let st = self.shared.lock();
        if st.inbox.is_overfull() {
            return false;
        }
        !st.inbox.is_full() || st.tracker.open() > 0 || self.proto.awaiting_pong()
    }

    async fn on_connected(
        &mut self,
        session: bool,
        orphans: Vec<(u16, Request)>,
    ) -> Result<(), Error> {
        self.backoff.connected();
        let id = &self.options.client_id;
        let to = self.endpoints.current();
        let limits = self.proto.limits();
        self.keep_alive = match limits.server_keep_alive {
            Some(secs) => Duration::from_secs(secs.into()),
            None => self.options.keep_alive,
        };
        self.shared.lock().log(LogLevel::Info, || {
            let mut line = format!(
                "Client {id} connected to {to} (session present: {}",
                session as u8
            );
            if self.options.protocol == crate::engine::options::Protocol::V5 {
                line += &format!(
                    ", MQTT 5: receive maximum {}, maximum QoS {}",
                    limits.receive_maximum, limits.maximum_qos
                );
                if let Some(k) = limits.server_keep_alive {
                    line += &format!(", server keep alive {k} s");
                }
                if let Some(assigned) = &limits.assigned_client_identifier {
                    line += &format!(", assigned client id {assigned}");
                }
            }
            line + ")"
        });
        self.ping_at = (!self.keep_alive.is_zero()).then(|| Instant::now() + self.keep_alive);
        {
            let mut st = self.shared.lock();
            st.link = Link::Up;
            st.limits = self.proto.limits();
            if !self.connected_once {
                self.connected_once = true;
                st.first = Some(Ok(session));
            } else {
                st.stats.reconnects += 1;
                // QoS 1 publishes the lost session never acknowledged go out again, first.
                for (pkid, request) in orphans.into_iter().rev() {
                    if let Some(id) = st.tracker.requeue(pkid) {
                        st.outbox.push_front((id, request));
                    }
                }
                st.tracker.on_reconnected(session);
            }
            if !session {
                st.session.forget_delivery_state();
                // Their packet ids mean nothing to the new session.
                st.acks_out.clear();
                // Subscribe again before anything queued goes out; "connected" is reported once
                // the broker confirmed it.
                // One SUBSCRIBE per run of filters with the same MQTT 5 subscription properties
                // (they belong to the packet); "connected" waits for the last one's SUBACK.
                let mut groups: Vec<Vec<Subscription>> = Vec::new();
                for sub in st.session.subscriptions.clone() {
                    let same = |s: &Subscription| {
                        s.options.subscription_identifier == sub.options.subscription_identifier
                            && s.options.user_properties == sub.options.user_properties
                    };
                    match groups.last_mut() {
                        Some(group) if same(&group[0]) => group.push(sub),
                        _ => groups.push(vec![sub]),
                    }
                }
                let mut last = None;
                for filters in groups.into_iter().rev() {
                    let (tx, rx) = mpsc::channel();
                    let id = st.tracker.register_first(Kind::Subscribe, Some(tx.into()));
                    st.outbox.push_front((id, Request::Subscribe { filters }));
                    last.get_or_insert(rx);
                }
                if let Some(rx) = last {
                    st.resubscribing = Some((session, rx));
                }
            }
            if st.resubscribing.is_none() {
                st.inbox.push(InboxEvent::Connected {
                    session_present: session,
                });
            }
        }
        self.shared.notify_changed();
        if session {
            let mut events = Vec::new();
            let resent = self.proto.resend(&mut events).await;
            let flushed = match resent {
                Ok(()) => self.proto.flush().await,
                Err(e) => Err(e),
            };
            self.handle(events, flushed.is_ok());
            flushed?;
        }
        Ok(())
    }

    /// Records a failure to connect or a lost connection; returns `Some(reason)` when the driver
    /// must stop.
    fn on_failed(&self, error: Error) -> Option<Option<Error>> {
        let mut st = self.shared.lock();
        let id = &self.options.client_id;
        if !self.connected_once {
            st.log(LogLevel::Error, || {
                format!("Client {id}: {}", error.message)
            });
            st.first = Some(Err(error.clone()));
            return Some(Some(error));
        }
        // A protocol error (a packet this client cannot accept) would only happen again.
        if st.closing || !self.options.reconnect || error.kind == ErrorKind::Protocol {
            if !st.closing {
                st.log(LogLevel::Error, || {
                    format!("Client {id}: {}", error.message)
                });
            }
            return Some(Some(error));
        }
        st.log(LogLevel::Warning, || {
            format!("Client {id}: {}", error.message)
        });
        if st.link == Link::Up {
            st.link = Link::Reconnecting;
            st.inbox
                .push(InboxEvent::Disconnected { error: Some(error) });
            drop(st);
            self.shared.notify_changed();
        }
        None
    }

    /// The driver ends: closes the socket, fails what is still open, reports the disconnection.
    fn close(self, reason: Option<Error>) {
        let Driver {
            shared,
            proto,
            connected_once,
            options,
            ..
        } = self;
        drop(proto); // closes the socket
        let mut st = shared.lock();
        if connected_once && st.closing {
            let id = &options.client_id;
            st.log(LogLevel::Info, || format!("Client {id} disconnected"));
        }
        let was_up = st.link != Link::Closed && connected_once;
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
        Self::notices(&mut st);
        st.outbox.clear();
        st.closed_reason = Some(closed);
        if was_up {
            let ev = if st.closing { None } else { reason };
            st.inbox.push(InboxEvent::Disconnected { error: ev });
        }
        if st.first.is_none() && !connected_once {
            st.first = Some(Err(error));
        }
        drop(st);
        shared.notify_changed();
    }

    /// Applies events in order. `written` is false for events of packets that could not be
    /// flushed (the connection failed first).
    fn handle(&self, events: Vec<Event>, written: bool) {
        if events.is_empty() {
            return;
        }
        let mut st = self.shared.lock();
        for event in events {
            if st.log_level == Some(LogLevel::Debug) {
                Self::log_event(&mut st, &self.options.client_id, &event, written);
            }
            match event {
                Event::Publish(m) => self.on_message(&mut st, m),
                Event::PubRel { pkid } => {
                    st.session.qos2_received.remove(&pkid);
                }
                Event::PubAck { pkid, reason, text } => {
                    st.tracker.on_ack(Ack::PubAck { pkid, reason, text })
                }
                Event::PubRec { pkid, reason, text } => {
                    st.tracker.on_ack(Ack::PubRec { pkid, reason, text })
                }
                Event::PubComp { pkid, reason, text } => {
                    st.tracker.on_ack(Ack::PubComp { pkid, reason, text })
                }
                Event::SubAck { pkid, codes } => st.tracker.on_ack(Ack::SubAck { pkid, codes }),
                Event::UnsubAck { pkid, reason } => {
                    st.tracker.on_ack(Ack::UnsubAck { pkid, reason })
                }
                Event::Sent(sent) => {
                    if sent == super::tracker::Sent::Disconnect {
                        // Only disconnect() sends DISCONNECT: the connection is done.
                        st.closing = true;
                    }
                    st.tracker.on_sent(sent, written)
                }
            }
        }
        Self::restored(&mut st);
        Self::notices(&mut st);
        let completed = st.tracker.take_completed();
        st.stats.published += completed.len() as u64;
        if st.report_published {
            for pkid in completed {
                st.inbox.push(InboxEvent::Published { pkid });
            }
        }
        drop(st);
        self.shared.notify_changed();
    }

    fn on_message(&self, st: &mut State, mut m: Message) {
        let qos = m.qos;
        // Already handed to PHP: a QoS 2 one acknowledged and awaiting PUBREL, or (manual
        // acknowledgement) one PHP still holds, sent again after a reconnect.
        let acknowledged_qos2 = qos == 2 && st.session.qos2_received.contains(&m.pkid);
        if acknowledged_qos2 || (qos > 0 && st.session.acks.holds(m.pkid)) {
            // PUBREC again for an acknowledged QoS 2 one (rumqttc sends it itself in automatic
            // mode); one PHP holds is acknowledged when PHP is done with it.
            if self.options.ack == AckMode::Manual && acknowledged_qos2 {
                st.acks_out.push_back(Request::PubRec(m.pkid));
            }
            return;
        }
        if self.options.ack == AckMode::Manual && qos > 0 {
            m.ack_seq = st.session.acks.arrived(qos, m.pkid);
        } else if qos == 2 {
            st.session.qos2_received.insert(m.pkid);
        }
        st.stats.received += 1;
        st.inbox.push(InboxEvent::Message(m));
    }

    /// A debug line per packet, in libmosquitto's words.
    fn log_event(st: &mut State, id: &str, event: &Event, written: bool) {
        let line = match event {
            Event::Publish(m) => format!(
                "Client {id} received PUBLISH (d{}, q{}, r{}, m{}, '{}', ... ({} bytes))",
                m.dup as u8,
                m.qos,
                m.retain as u8,
                m.pkid,
                m.topic,
                m.payload.len()
            ),
            Event::PubAck { pkid, .. } => format!("Client {id} received PUBACK (Mid: {pkid})"),
            Event::PubRec { pkid, .. } => format!("Client {id} received PUBREC (Mid: {pkid})"),
            Event::PubRel { pkid } => format!("Client {id} received PUBREL (Mid: {pkid})"),
            Event::PubComp { pkid, .. } => format!("Client {id} received PUBCOMP (Mid: {pkid})"),
            Event::SubAck { pkid, .. } => format!("Client {id} received SUBACK (Mid: {pkid})"),
            Event::UnsubAck { pkid, .. } => format!("Client {id} received UNSUBACK (Mid: {pkid})"),
            Event::Sent(sent) if written => format!("Client {id} sending {sent:?}"),
            Event::Sent(_) => return,
        };
        st.log(LogLevel::Debug, || line);
    }

    /// Requests queued with a notice that completed: the session learns what the broker
    /// confirmed, and the caller gets an inbox event.
    pub(super) fn notices(st: &mut State) {
        for (notice, result) in st.tracker.take_notices() {
            match (&notice.change, &result) {
                (SessionChange::Subscribed(sub), Ok(Outcome::Subscribed { codes }))
                    if codes.first().is_some_and(|c| *c < 0x80) =>
                {
                    st.session.subscribed(sub.clone());
                }
                (SessionChange::Unsubscribed(filter), Ok(_)) => {
                    st.session.unsubscribed(filter);
                }
                _ => {}
            }
            st.inbox.push(InboxEvent::Done {
                tag: notice.tag,
                result,
            });
        }
    }

    /// After a reconnect without session: "connected" is reported once the subscriptions are
    /// answered, refused or failed (the connection is as restored as it gets).
    fn restored(st: &mut State) {
        if let Some((session, rx)) = &st.resubscribing {
            if !matches!(rx.try_recv(), Err(mpsc::TryRecvError::Empty)) {
                let session_present = *session;
                st.resubscribing = None;
                st.inbox.push(InboxEvent::Connected { session_present });
            }
        }
    }
}

/// The error of a round in which every server failed: the one error when there is one server,
/// else each server's.
fn all_failed(mut errors: Vec<Error>) -> Error {
    if errors.len() == 1 {
        return errors.remove(0);
    }
    let code = errors.iter().map(|e| e.code).find(|c| *c != 0).unwrap_or(0);
    let each: Vec<String> = errors.into_iter().map(|e| e.message).collect();
    Error::new(
        ErrorKind::Connection,
        code,
        format!("no server could be reached: {}", each.join("; ")),
    )
}

/// Resolves once `stop()` was called (holding no borrow of the channel afterwards).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}
