//! MQTT 3.1.1 over rumqttc's v4 client.
//!
//! rumqttc's `EventLoop::poll()` is used only to connect. Once connected, the adapter works the
//! event loop's public parts itself: `MqttState` assigns packet ids and keeps what must be
//! retransmitted, the network codec frames packets. That way many requests become packets in one
//! turn and leave in one write, and each request learns its packet id the moment it becomes a
//! packet. Where rumqttc 0.25 departs from the specification, the adapter corrects it here:
//! - a PUBREL for a packet id it does not know (the broker resending it after a reconnect, or
//!   after this process was restarted on a persistent session) is answered with PUBCOMP, as
//!   MQTT-4.3.3 requires, instead of ending the connection;
//! - a PUBACK, PUBREC or PUBCOMP for a packet id with nothing in flight is ignored instead of
//!   ending the connection;
//! - a PUBLISH sent again after a reconnect carries DUP = 1 (MQTT-3.3.1-1);
//! - after a reconnect without session, a publish held back for a busy packet id is forgotten
//!   (its id means nothing to the new session; the tracker fails it).

use std::collections::HashSet;
use std::time::Duration;

use futures_util::FutureExt;
use rumqttc::{
    ConnectionError, Event as Raw, EventLoop, Incoming, LastWill, MqttOptions, NetworkOptions,
    Outgoing, Packet, PingReq, PubAck, PubComp, PubRec, QoS, Request as RawRequest, StateError,
    SubscribeFilter, SubscribeReasonCode, TlsConfiguration, Transport,
};

use super::{Event, Request};
use crate::engine::endpoint::Endpoint;
use crate::engine::error::{connack_v4_text, Error, ErrorKind};
use crate::engine::inbox::Message;
use crate::engine::options::{AckMode, Options};
use crate::engine::tracker::Sent;

/// rumqttc's `Network` cannot be named outside rumqttc, so it is reached through this macro
/// rather than a function returning it.
macro_rules! network {
    ($adapter:expr) => {
        match $adapter.eventloop.network.as_mut() {
            Some(n) => n,
            None => {
                return Err(Error::connection(format!(
                    "not connected to {}",
                    $adapter.address
                )))
            }
        }
    };
}

/// Packets applied in one turn before the driver looks at its requests again.
const READ_BATCH: usize = 64;

pub struct V4 {
    eventloop: EventLoop,
    /// QoS 2 packet ids received on this connection and not released yet: the ones rumqttc
    /// knows. A PUBREL for any other id is answered here.
    incoming_qos2: HashSet<u16>,
    max_inflight: u16,
    /// Where the connection goes, for error messages.
    address: String,
    max_packet_size_in: usize,
    flush_timeout: Duration,
    options: Options,
    tls: Option<native_tls::TlsConnector>,
}

pub fn qos_of(qos: u8) -> QoS {
    match qos {
        0 => QoS::AtMostOnce,
        1 => QoS::AtLeastOnce,
        _ => QoS::ExactlyOnce,
    }
}

fn mqtt_options(o: &Options, tls: &Option<native_tls::TlsConnector>) -> MqttOptions {
    let mut m = MqttOptions::new(o.client_id.clone(), o.host.clone(), o.port);
    if let Some(connector) = tls {
        m.set_transport(Transport::tls_with_config(
            TlsConfiguration::NativeConnector(connector.clone()),
        ));
    }
    m.set_keep_alive(o.keep_alive)
        .set_clean_session(o.clean_session)
        .set_max_packet_size(o.max_packet_size_in, o.max_packet_size_out)
        .set_inflight(o.max_inflight)
        .set_manual_acks(o.ack == AckMode::Manual);
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

impl V4 {
    pub fn new(o: &Options) -> Result<V4, Error> {
        let tls = o.tls.as_ref().map(super::tls::connector).transpose()?;
        // Requests never go through rumqttc's channel: the capacity does not matter.
        let mut eventloop = EventLoop::new(mqtt_options(o, &tls), 1);
        let mut net = NetworkOptions::new();
        // Without it a QoS 1 publish after a QoS 0 one waits out Nagle + delayed ACK (~40 ms).
        net.set_tcp_nodelay(true);
        let connect_secs = o.connect_timeout.as_secs_f64().ceil().max(1.0) as u64;
        net.set_connection_timeout(connect_secs);
        eventloop.set_network_options(net);
        Ok(V4 {
            eventloop,
            incoming_qos2: HashSet::new(),
            max_inflight: o.max_inflight,
            address: format!("{}:{}", o.host, o.port),
            max_packet_size_in: o.max_packet_size_in,
            flush_timeout: Duration::from_secs(connect_secs.max(10)),
            options: o.clone(),
            tls,
        })
    }

    pub fn is_connected(&self) -> bool {
        self.eventloop.network.is_some()
    }

    /// Opens the network connection to `endpoint` and waits for CONNACK; returns whether the
    /// broker kept a session and, when it did not, the QoS 1 publishes of the last connection
    /// that were never acknowledged (by packet id): at least once allows sending them again as
    /// new messages, where rumqttc would drop them. Call only while not connected.
    pub async fn connect(
        &mut self,
        endpoint: &Endpoint,
    ) -> Result<(bool, Vec<(u16, Request)>), Error> {
        let address = endpoint.to_string();
        if address != self.address {
            let mut o = self.options.clone();
            o.host = endpoint.host.clone();
            o.port = endpoint.port;
            self.eventloop.mqtt_options = mqtt_options(&o, &self.tls);
            self.address = address;
        }
        // poll() forgets the unacknowledged publishes when the broker has no session.
        let unacknowledged = std::mem::take(&mut self.eventloop.pending);
        match self.eventloop.poll().await {
            Ok(Raw::Incoming(Incoming::ConnAck(c))) => {
                if c.session_present {
                    self.eventloop.pending = unacknowledged;
                    return Ok((true, Vec::new()));
                }
                self.eventloop.state.collision = None;
                let orphans = unacknowledged
                    .into_iter()
                    .filter_map(|r| match r {
                        RawRequest::Publish(p) if p.qos == QoS::AtLeastOnce => Some((
                            p.pkid,
                            Request::Publish {
                                topic: p.topic,
                                payload: p.payload,
                                qos: 1,
                                retain: p.retain,
                            },
                        )),
                        _ => None,
                    })
                    .collect();
                Ok((false, orphans))
            }
            Ok(other) => {
                self.eventloop.pending = unacknowledged;
                self.eventloop.clean();
                Err(Error::connection(format!(
                    "connection to {} failed: expected CONNACK, got {other:?}",
                    self.address
                )))
            }
            Err(e) => {
                self.eventloop.pending = unacknowledged;
                Err(self.describe(&e))
            }
        }
    }

    /// After a CONNACK with session: sends again what the last connection left unacknowledged.
    pub async fn resend(&mut self, out: &mut Vec<Event>) -> Result<(), Error> {
        while let Some(request) = self.eventloop.pending.pop_front() {
            let request = match request {
                RawRequest::Publish(mut p) => {
                    p.dup = true;
                    RawRequest::Publish(p)
                }
                other => other,
            };
            self.apply(request, out).await?;
        }
        Ok(())
    }

    /// Whether a QoS 1/2 publish can take a packet id now.
    pub fn window_open(&self) -> bool {
        self.eventloop.state.inflight() < self.max_inflight
            && self.eventloop.state.collision.is_none()
    }

    /// Whether a PINGREQ is waiting for its PINGRESP (reading must go on even with a full inbox).
    pub fn awaiting_pong(&self) -> bool {
        self.eventloop.state.await_pingresp
    }

    /// Turns a request into a packet in the write buffer (written by `flush()`).
    pub async fn send(&mut self, request: Request, out: &mut Vec<Event>) -> Result<(), Error> {
        let raw = match request {
            Request::Publish {
                topic,
                payload,
                qos,
                retain,
            } => {
                let mut p = rumqttc::Publish::from_bytes(topic, qos_of(qos), payload);
                p.retain = retain;
                RawRequest::Publish(p)
            }
            Request::Subscribe { filters } => RawRequest::Subscribe(rumqttc::Subscribe::new_many(
                filters
                    .into_iter()
                    .map(|(f, q)| SubscribeFilter::new(f, qos_of(q))),
            )),
            Request::Unsubscribe { filter } => {
                RawRequest::Unsubscribe(rumqttc::Unsubscribe::new(filter))
            }
            Request::PubAck(pkid) => RawRequest::PubAck(PubAck::new(pkid)),
            Request::PubRec(pkid) => {
                self.incoming_qos2.insert(pkid);
                RawRequest::PubRec(PubRec::new(pkid))
            }
            Request::Disconnect => RawRequest::Disconnect(rumqttc::Disconnect),
        };
        self.apply(raw, out).await
    }

    pub async fn ping(&mut self, out: &mut Vec<Event>) -> Result<(), Error> {
        self.apply(RawRequest::PingReq(PingReq), out).await?;
        self.flush().await
    }

    /// Writes what the write buffer holds.
    pub async fn flush(&mut self) -> Result<(), Error> {
        let timeout = self.flush_timeout;
        let network = network!(self);
        match tokio::time::timeout(timeout, network.flush()).await {
            Ok(r) => r.map_err(|e| self.state_error(e)),
            Err(_) => Err(Error::connection(format!(
                "connection to {} lost: could not write for {} s",
                self.address,
                timeout.as_secs()
            ))),
        }
    }

    /// Waits for the next packet from the broker. Cancel-safe: a packet is either returned or
    /// left in the codec's buffer.
    pub async fn next_packet(&mut self) -> Result<Incoming, Error> {
        let network = network!(self);
        let r = network.read().await;
        r.map_err(|e| self.state_error(e))
    }

    /// Applies `first` and the packets already received behind it (up to a batch); replies go to
    /// the write buffer.
    pub async fn receive(&mut self, first: Incoming, out: &mut Vec<Event>) -> Result<(), Error> {
        let mut packet = first;
        for _ in 1..READ_BATCH {
            self.incoming(packet, out).await?;
            let next = network!(self).read().now_or_never();
            match next {
                Some(Ok(p)) => packet = p,
                Some(Err(e)) => return Err(self.state_error(e)),
                None => return Ok(()),
            }
        }
        self.incoming(packet, out).await
    }

    async fn incoming(&mut self, packet: Incoming, out: &mut Vec<Event>) -> Result<(), Error> {
        match &packet {
            Incoming::PubRel(rel) if !self.incoming_qos2.remove(&rel.pkid) => {
                // Not one rumqttc knows: complete it ourselves rather than drop the connection.
                let pkid = rel.pkid;
                out.push(Event::PubRel { pkid });
                let network = network!(self);
                let r = network.write(Packet::PubComp(PubComp::new(pkid))).await;
                return r.map_err(|e| self.state_error(e));
            }
            Incoming::Publish(p) if p.qos == QoS::ExactlyOnce => {
                self.incoming_qos2.insert(p.pkid);
            }
            _ => {}
        }
        let is_ack = matches!(
            packet,
            Incoming::PubAck(_) | Incoming::PubRec(_) | Incoming::PubComp(_)
        );
        let reply = match self.eventloop.state.handle_incoming_packet(packet) {
            Ok(reply) => reply,
            // An acknowledgement for a packet id with nothing in flight (a broker resending one
            // after a reconnect, or rumqttc losing track of a publish it resent after a packet
            // id collision): ignored, as libmosquitto does, where rumqttc would end the
            // connection. Its event still reaches the tracker, which completes a request only
            // if one is waiting for that id.
            Err(StateError::Unsolicited(_)) if is_ack => None,
            Err(e) => return Err(self.state_error(e)),
        };
        if let Some(reply) = reply {
            let network = network!(self);
            let r = network.write(reply).await;
            r.map_err(|e| self.state_error(e))?;
        }
        self.drain(out);
        Ok(())
    }

    async fn apply(&mut self, request: RawRequest, out: &mut Vec<Event>) -> Result<(), Error> {
        let packet = self
            .eventloop
            .state
            .handle_outgoing_packet(request)
            .map_err(|e| self.state_error(e))?;
        if let Some(packet) = packet {
            let network = network!(self);
            let r = network.write(packet).await;
            r.map_err(|e| self.state_error(e))?;
        }
        self.drain(out);
        Ok(())
    }

    /// The connection failed: keeps what is unacknowledged for `resend()` after a reconnect.
    pub fn lost(&mut self) {
        self.eventloop.clean();
        self.incoming_qos2.clear();
    }

    /// rumqttc's events, as the driver's.
    fn drain(&mut self, out: &mut Vec<Event>) {
        for raw in self.eventloop.state.events.drain(..) {
            let event = match raw {
                Raw::Incoming(Incoming::Publish(p)) => Event::Publish(Message {
                    topic: p.topic,
                    payload: p.payload,
                    qos: p.qos as u8,
                    retain: p.retain,
                    dup: p.dup,
                    pkid: p.pkid,
                    ack_seq: 0,
                }),
                Raw::Incoming(Incoming::PubAck(a)) => Event::PubAck {
                    pkid: a.pkid,
                    reason: 0,
                },
                Raw::Incoming(Incoming::PubRec(a)) => Event::PubRec {
                    pkid: a.pkid,
                    reason: 0,
                },
                Raw::Incoming(Incoming::PubRel(a)) => Event::PubRel { pkid: a.pkid },
                Raw::Incoming(Incoming::PubComp(a)) => Event::PubComp {
                    pkid: a.pkid,
                    reason: 0,
                },
                Raw::Incoming(Incoming::SubAck(a)) => Event::SubAck {
                    pkid: a.pkid,
                    codes: a
                        .return_codes
                        .iter()
                        .map(|c| match c {
                            SubscribeReasonCode::Success(q) => *q as u8,
                            SubscribeReasonCode::Failure => 0x80,
                        })
                        .collect(),
                },
                Raw::Incoming(Incoming::UnsubAck(a)) => Event::UnsubAck { pkid: a.pkid },
                Raw::Outgoing(Outgoing::Publish(pkid)) => Event::Sent(Sent::Publish(pkid)),
                Raw::Outgoing(Outgoing::AwaitAck(pkid)) => Event::Sent(Sent::AwaitAck(pkid)),
                Raw::Outgoing(Outgoing::Subscribe(pkid)) => Event::Sent(Sent::Subscribe(pkid)),
                Raw::Outgoing(Outgoing::Unsubscribe(pkid)) => Event::Sent(Sent::Unsubscribe(pkid)),
                Raw::Outgoing(Outgoing::Disconnect) => Event::Sent(Sent::Disconnect),
                _ => continue,
            };
            out.push(event);
        }
    }

    fn state_error(&self, e: StateError) -> Error {
        match e {
            StateError::Deserialization(rumqttc::mqttbytes::Error::PayloadSizeLimitExceeded(
                size,
            )) => Error::new(
                ErrorKind::Protocol,
                0,
                format!(
                    "the broker sent a {size}-byte packet, larger than max_packet_size ({} bytes); \
                     the connection was closed, raise max_packet_size to receive it",
                    self.max_packet_size_in
                ),
            ),
            StateError::Io(io) => {
                Error::connection(format!("connection to {} lost: {io}", self.address))
            }
            StateError::ConnectionAborted => Error::connection(format!(
                "connection to {} lost: closed by the broker",
                self.address
            )),
            other => Error::connection(format!("connection to {} lost: {other}", self.address)),
        }
    }

    fn describe(&self, e: &ConnectionError) -> Error {
        match e {
            ConnectionError::ConnectionRefused(code) => {
                let code = *code as u8;
                Error::new(ErrorKind::Connection, code as i64, connack_v4_text(code))
            }
            ConnectionError::Io(io) => {
                Error::connection(format!("cannot connect to {}: {io}", self.address))
            }
            ConnectionError::Tls(e) => super::tls::describe(&self.address, e),
            ConnectionError::NetworkTimeout => {
                Error::connection(format!("cannot connect to {}: timed out", self.address))
            }
            ConnectionError::MqttState(StateError::Io(io)) => {
                Error::connection(format!("cannot connect to {}: {io}", self.address))
            }
            other => {
                // rumqttc nests the cause in layers of prefixes: keep the cause.
                let text = other.to_string();
                let cause = [
                    "Mqtt state: ",
                    "Mqtt serialization/deserialization error: ",
                    "IO: ",
                ]
                .iter()
                .fold(text.as_str(), |t, prefix| {
                    t.strip_prefix(prefix).unwrap_or(t)
                });
                if self.tls.is_some() && cause.contains("SSL routines") {
                    // A TLS 1.3 server refuses a client certificate after the handshake.
                    return super::tls::describe(&self.address, &cause);
                }
                Error::connection(format!("cannot connect to {}: {cause}", self.address))
            }
        }
    }
}
