//! MQTT 3.1.1, on rumqttc's v4 state machine and codec.
//!
//! The adapter opens the stream itself (`transport.rs`: TCP, TLS, WebSockets), frames packets
//! with rumqttc's codec and lets rumqttc's public `MqttState` assign packet ids and keep what
//! must be retransmitted. That way many requests become packets in one turn and leave in one
//! write, and each request learns its packet id the moment it becomes a packet. Where rumqttc
//! 0.25 departs from the specification, the adapter corrects it here:
//! - a PUBREL for a packet id it does not know (the broker resending it after a reconnect, or
//!   after this process was restarted on a persistent session) is answered with PUBCOMP, as
//!   MQTT-4.3.3 requires, instead of ending the connection;
//! - a PUBACK, PUBREC or PUBCOMP for a packet id with nothing in flight is ignored instead of
//!   ending the connection;
//! - a PUBLISH sent again after a reconnect carries DUP = 1 (MQTT-3.3.1-1);
//! - a publish that waited for a packet id freed by PUBCOMP is tracked like any other (rumqttc
//!   sends it untracked: never resent after a reconnect, and its id reused while in flight);
//! - after a reconnect without session, a publish held back for a busy packet id is forgotten
//!   (its id means nothing to the new session; the tracker fails it).

use std::collections::{HashSet, VecDeque};
use std::time::Duration;

use futures_util::{FutureExt, SinkExt, StreamExt};
use rumqttc::mqttbytes::Error as CodecError;
use rumqttc::{
    Codec, ConnAck, Connect, ConnectReturnCode, Event as Raw, Incoming, LastWill, Login, MqttState,
    Outgoing, Packet, PingReq, PubAck, PubComp, PubRec, QoS, Request as RawRequest, StateError,
    SubscribeFilter, SubscribeReasonCode,
};
use tokio_util::codec::Framed;

use super::{Event, Request};
use crate::engine::endpoint::Endpoint;
use crate::engine::error::{connack_v4_text, Error, ErrorKind};
use crate::engine::inbox::Message;
use crate::engine::options::{AckMode, Options};
use crate::engine::tracker::Sent;
use crate::engine::transport::{self, Security, Stream};

/// The open connection, or an error saying there is none.
macro_rules! link {
    ($adapter:expr) => {
        match $adapter.link.as_mut() {
            Some(link) => link,
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
    state: MqttState,
    /// The connection's packets, framed by rumqttc's codec; None while not connected.
    link: Option<Framed<Stream, Codec>>,
    /// What the last connection left unacknowledged, for `resend()` after a reconnect.
    pending: VecDeque<RawRequest>,
    /// QoS 2 packet ids received on this connection and not released yet: the ones rumqttc
    /// knows. A PUBREL for any other id is answered here.
    incoming_qos2: HashSet<u16>,
    max_inflight: u16,
    /// Where the connection goes, for error messages.
    address: String,
    max_packet_size_in: usize,
    connect_timeout: Duration,
    flush_timeout: Duration,
    options: Options,
    security: Option<Security>,
}

pub fn qos_of(qos: u8) -> QoS {
    match qos {
        0 => QoS::AtMostOnce,
        1 => QoS::AtLeastOnce,
        _ => QoS::ExactlyOnce,
    }
}

fn connect_packet(o: &Options) -> Connect {
    let mut c = Connect::new(o.client_id.clone());
    c.keep_alive = o.keep_alive.as_secs().min(u64::from(u16::MAX)) as u16;
    c.clean_session = o.clean_session;
    c.last_will = o
        .will
        .as_ref()
        .map(|w| LastWill::new(w.topic.clone(), w.payload.clone(), qos_of(w.qos), w.retain));
    c.login = o.username.as_ref().map(|user| {
        let pass = o.password.as_ref().map(|p| p.0.clone()).unwrap_or_default();
        Login::new(user.clone(), pass)
    });
    c
}

/// The stream, CONNECT and the broker's CONNACK.
async fn open(
    endpoint: &Endpoint,
    security: Option<&Security>,
    options: &Options,
) -> Result<(Framed<Stream, Codec>, ConnAck), Error> {
    let address = endpoint.to_string();
    let stream = transport::open(endpoint, security).await?;
    let codec = Codec {
        max_incoming_size: options.max_packet_size_in,
        max_outgoing_size: options.max_packet_size_out,
    };
    let mut link = Framed::new(stream, codec);
    let connect = Packet::Connect(connect_packet(options));
    if let Err(e) = link.send(connect).await {
        return Err(connect_failed(security, &address, e));
    }
    match link.next().await {
        Some(Ok(Packet::ConnAck(c))) if c.code == ConnectReturnCode::Success => Ok((link, c)),
        Some(Ok(Packet::ConnAck(c))) => {
            let code = c.code as u8;
            Err(Error::new(
                ErrorKind::Connection,
                code as i64,
                connack_v4_text(code),
            ))
        }
        Some(Ok(other)) => Err(Error::connection(format!(
            "cannot connect to {address}: the broker answered CONNECT with a packet of type {} \
             instead of CONNACK",
            packet_type(&other)
        ))),
        Some(Err(e)) => Err(connect_failed(security, &address, e)),
        None => Err(Error::connection(format!(
            "cannot connect to {}: the connection was closed before CONNACK",
            address
        ))),
    }
}

/// The control packet type's number (MQTT-2.2.1), never the packet's content.
fn packet_type(p: &Packet) -> u8 {
    match p {
        Packet::Connect(_) => 1,
        Packet::ConnAck(_) => 2,
        Packet::Publish(_) => 3,
        Packet::PubAck(_) => 4,
        Packet::PubRec(_) => 5,
        Packet::PubRel(_) => 6,
        Packet::PubComp(_) => 7,
        Packet::Subscribe(_) => 8,
        Packet::SubAck(_) => 9,
        Packet::Unsubscribe(_) => 10,
        Packet::UnsubAck(_) => 11,
        Packet::PingReq => 12,
        Packet::PingResp => 13,
        Packet::Disconnect => 14,
    }
}

/// A failure between the stream's opening and CONNACK.
fn connect_failed(security: Option<&Security>, address: &str, e: CodecError) -> Error {
    let (io, cause) = match e {
        CodecError::Io(io) => (Some(io.kind()), io.to_string()),
        other => (None, other.to_string()),
    };
    super::tls::before_connack(security.is_some(), address, io, &cause)
}

impl V4 {
    pub fn new(o: &Options) -> Result<V4, Error> {
        let security = super::tls::security(o)?;
        let connect_timeout = o.connect_timeout.max(Duration::from_millis(1));
        Ok(V4 {
            state: MqttState::new(o.max_inflight, o.ack == AckMode::Manual),
            link: None,
            pending: VecDeque::new(),
            incoming_qos2: HashSet::new(),
            max_inflight: o.max_inflight,
            address: format!("{}:{}", o.host, o.port),
            max_packet_size_in: o.max_packet_size_in,
            connect_timeout,
            flush_timeout: connect_timeout.max(Duration::from_secs(10)),
            options: o.clone(),
            security,
        })
    }

    pub fn is_connected(&self) -> bool {
        self.link.is_some()
    }

    /// Opens the connection to `endpoint` and waits for CONNACK; returns whether the broker kept
    /// a session and, when it did not, the QoS 1 publishes of the last connection that were
    /// never acknowledged (by packet id): at least once allows sending them again as new
    /// messages, where rumqttc would drop them. Call only while not connected.
    pub async fn connect(
        &mut self,
        endpoint: &Endpoint,
    ) -> Result<(bool, Vec<(u16, Request)>), Error> {
        self.address = endpoint.to_string();
        let opened = tokio::time::timeout(
            self.connect_timeout,
            open(endpoint, self.security.as_ref(), &self.options),
        )
        .await;
        let (link, connack) = match opened {
            Ok(r) => r?,
            Err(_) => {
                return Err(Error::connection(format!(
                    "cannot connect to {}: timed out",
                    self.address
                )))
            }
        };
        self.link = Some(link);
        if connack.session_present {
            return Ok((true, Vec::new()));
        }
        // A new session: what the old one left unacknowledged means nothing to the broker.
        self.state.collision = None;
        let orphans = std::mem::take(&mut self.pending)
            .into_iter()
            .filter_map(|r| match r {
                RawRequest::Publish(p) if p.qos == QoS::AtLeastOnce => Some((
                    p.pkid,
                    Request::Publish {
                        topic: p.topic,
                        payload: p.payload,
                        qos: 1,
                        retain: p.retain,
                        properties: None,
                    },
                )),
                _ => None,
            })
            .collect();
        Ok((false, orphans))
    }

    /// After a CONNACK with session: sends again what the last connection left unacknowledged.
    pub async fn resend(&mut self, out: &mut Vec<Event>) -> Result<(), Error> {
        while let Some(request) = self.pending.pop_front() {
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
        self.state.inflight() < self.max_inflight && self.state.collision.is_none()
    }

    /// Whether a PINGREQ is waiting for its PINGRESP (reading must go on even with a full inbox).
    pub fn awaiting_pong(&self) -> bool {
        self.state.await_pingresp
    }

    /// Turns a request into a packet in the write buffer (written by `flush()`).
    pub async fn send(&mut self, request: Request, out: &mut Vec<Event>) -> Result<(), Error> {
        let raw = match request {
            // MQTT 3.1.1 has no properties: the PHP layer refuses them before they get here.
            Request::Publish {
                topic,
                payload,
                qos,
                retain,
                properties: _,
            } => {
                let mut p = rumqttc::Publish::from_bytes(topic, qos_of(qos), payload);
                p.retain = retain;
                RawRequest::Publish(p)
            }
            Request::Subscribe { filters } => RawRequest::Subscribe(rumqttc::Subscribe::new_many(
                filters
                    .into_iter()
                    .map(|s| SubscribeFilter::new(s.filter, qos_of(s.qos))),
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
        let link = link!(self);
        match tokio::time::timeout(timeout, link.flush()).await {
            Ok(r) => r.map_err(|e| self.codec_error(e)),
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
        let link = link!(self);
        match link.next().await {
            Some(r) => r.map_err(|e| self.codec_error(e)),
            None => Err(self.state_error(StateError::ConnectionAborted)),
        }
    }

    /// Applies `first` and the packets already received behind it (up to a batch); replies go to
    /// the write buffer.
    pub async fn receive(&mut self, first: Incoming, out: &mut Vec<Event>) -> Result<(), Error> {
        let mut packet = first;
        for _ in 1..READ_BATCH {
            self.incoming(packet, out).await?;
            let next = link!(self).next().now_or_never();
            match next {
                Some(Some(Ok(p))) => packet = p,
                Some(Some(Err(e))) => return Err(self.codec_error(e)),
                Some(None) => return Err(self.state_error(StateError::ConnectionAborted)),
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
                let link = link!(self);
                let r = link.feed(Packet::PubComp(PubComp::new(pkid))).await;
                return r.map_err(|e| self.codec_error(e));
            }
            Incoming::Publish(p) if p.qos == QoS::ExactlyOnce => {
                self.incoming_qos2.insert(p.pkid);
            }
            _ => {}
        }
        // The publish waiting for the packet id this PUBCOMP frees. rumqttc would send it without
        // tracking it (not resent after a reconnect, its PUBACK unsolicited): sent below instead,
        // as any publish.
        let freed = match &packet {
            Incoming::PubComp(c)
                if self
                    .state
                    .collision
                    .as_ref()
                    .is_some_and(|p| p.pkid == c.pkid) =>
            {
                self.state.collision.take()
            }
            _ => None,
        };
        let is_ack = matches!(
            packet,
            Incoming::PubAck(_) | Incoming::PubRec(_) | Incoming::PubComp(_)
        );
        let reply = match self.state.handle_incoming_packet(packet) {
            Ok(reply) => reply,
            // An acknowledgement for a packet id with nothing in flight (a broker resending one
            // after a reconnect): ignored, as libmosquitto does, where rumqttc would end the
            // connection. Its event still reaches the tracker, which completes a request only
            // if one is waiting for that id.
            Err(StateError::Unsolicited(_)) if is_ack => None,
            Err(e) => return Err(self.state_error(e)),
        };
        if let Some(reply) = reply {
            let link = link!(self);
            let r = link.feed(reply).await;
            r.map_err(|e| self.codec_error(e))?;
        }
        self.drain(out);
        if let Some(publish) = freed {
            self.state.collision_ping_count = 0;
            self.apply(RawRequest::Publish(publish), out).await?;
        }
        Ok(())
    }

    async fn apply(&mut self, request: RawRequest, out: &mut Vec<Event>) -> Result<(), Error> {
        let packet = self
            .state
            .handle_outgoing_packet(request)
            .map_err(|e| self.state_error(e))?;
        if let Some(packet) = packet {
            let link = link!(self);
            let r = link.feed(packet).await;
            r.map_err(|e| self.codec_error(e))?;
        }
        self.drain(out);
        Ok(())
    }

    /// The connection failed: applies the packets that already arrived on it, unanswered (no
    /// reply can be written any more). A write can fail before everything the broker sent was
    /// read, and a broker may die right after it forwarded a message it had not saved yet: that
    /// message would be lost unless taken now.
    pub fn salvage(&mut self, out: &mut Vec<Event>) {
        let Some(link) = self.link.as_mut() else {
            return;
        };
        while let Some(Some(Ok(packet))) = link.next().now_or_never() {
            if let Incoming::Publish(p) = &packet {
                if p.qos == QoS::ExactlyOnce {
                    self.incoming_qos2.insert(p.pkid);
                }
            }
            // The event is recorded before any error; the reply is not sent.
            let _ = self.state.handle_incoming_packet(packet);
        }
        self.drain(out);
    }

    /// The connection failed: keeps what is unacknowledged for `resend()` after a reconnect.
    pub fn lost(&mut self) {
        self.link = None;
        self.pending.extend(self.state.clean());
        self.incoming_qos2.clear();
    }

    /// rumqttc's events, as the driver's.
    fn drain(&mut self, out: &mut Vec<Event>) {
        for raw in self.state.events.drain(..) {
            let event = match raw {
                Raw::Incoming(Incoming::Publish(p)) => Event::Publish(Message {
                    topic: p.topic,
                    payload: p.payload,
                    qos: p.qos as u8,
                    retain: p.retain,
                    dup: p.dup,
                    pkid: p.pkid,
                    ack_seq: 0,
                    properties: None,
                }),
                Raw::Incoming(Incoming::PubAck(a)) => Event::PubAck {
                    pkid: a.pkid,
                    reason: 0,
                    text: None,
                },
                Raw::Incoming(Incoming::PubRec(a)) => Event::PubRec {
                    pkid: a.pkid,
                    reason: 0,
                    text: None,
                },
                Raw::Incoming(Incoming::PubRel(a)) => Event::PubRel { pkid: a.pkid },
                Raw::Incoming(Incoming::PubComp(a)) => Event::PubComp {
                    pkid: a.pkid,
                    reason: 0,
                    text: None,
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
                Raw::Incoming(Incoming::UnsubAck(a)) => Event::UnsubAck {
                    pkid: a.pkid,
                    reason: 0,
                },
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
            StateError::Io(io) | StateError::Deserialization(CodecError::Io(io)) => {
                Error::connection(format!("connection to {} lost: {io}", self.address))
            }
            StateError::ConnectionAborted => Error::connection(format!(
                "connection to {} lost: closed by the broker",
                self.address
            )),
            other => Error::connection(format!("connection to {} lost: {other}", self.address)),
        }
    }

    fn codec_error(&self, e: CodecError) -> Error {
        self.state_error(StateError::Deserialization(e))
    }
}
