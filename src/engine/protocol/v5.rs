//! MQTT 5, on rumqttc's v5 state machine and codec, with the same surface as `v4`.
//!
//! Like the 3.1.1 adapter it opens the stream itself (`transport.rs`) and works rumqttc's public
//! `MqttState`, so the same fix-ups apply (an unknown PUBREL is completed, an unexpected
//! acknowledgement is ignored, a resent PUBLISH carries DUP). MQTT 5 adds its own:
//! - every acknowledgement's reason code and reason string reach the tracker, so a refused
//!   publish fails with the broker's reason instead of rumqttc's log line;
//! - a PUBREC refusal ends the QoS 2 flow without leaving its slot counted in flight (rumqttc
//!   forgets to release it, and the window would shrink for good);
//! - the broker's CONNACK limits (receive maximum, maximum QoS and packet size) are kept for the
//!   window and for checks before anything is sent;
//! - a server DISCONNECT ends the connection with its reason code and string;
//! - repeated topics go out as topic aliases when the broker allows them (`topic_alias.rs`).

use std::collections::{HashSet, VecDeque};
use std::time::Duration;

use futures_util::{FutureExt, SinkExt, StreamExt};
use rumqttc::v5::mqttbytes::v5::{
    Codec, ConnAck, Connect, ConnectProperties as RawConnectProperties, ConnectReturnCode,
    DisconnectReasonCode, Filter, LastWill, LastWillProperties, Login, Packet, PubAck, PubComp,
    PubRec, PubRel, Publish, PublishProperties as RawPublishProperties, RetainForwardRule,
    Subscribe, SubscribeProperties, Unsubscribe,
};
use rumqttc::v5::mqttbytes::Error as CodecError;
use rumqttc::v5::{Event as Raw, Incoming, MqttState, Request as RawRequest, StateError};
use rumqttc::Outgoing;
use tokio_util::codec::Framed;

use super::topic_alias::TopicAliases;
use super::v5_codes::{self as codes, qos_byte, qos_of};
use super::{Event, Request, Subscription};
use crate::engine::endpoint::Endpoint;
use crate::engine::error::{reason_text, Error, ErrorKind};
use crate::engine::inbox::Message;
use crate::engine::options::{AckMode, Options};
use crate::engine::properties::{PublishProperties, RetainHandling, ServerLimits};
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

pub struct V5 {
    state: MqttState,
    link: Option<Framed<Stream, Codec>>,
    /// What the last connection left unacknowledged, for `resend()` after a reconnect.
    pending: VecDeque<RawRequest>,
    /// QoS 2 packet ids received on this connection and not released yet (the ones rumqttc
    /// knows); a PUBREL for any other id is answered here.
    incoming_qos2: HashSet<u16>,
    max_inflight: u16,
    /// What the broker's CONNACK allows.
    limits: ServerLimits,
    aliases: TopicAliases,
    address: String,
    max_packet_size_in: usize,
    connect_timeout: Duration,
    flush_timeout: Duration,
    options: Options,
    security: Option<Security>,
}

pub fn raw_properties(p: &PublishProperties) -> RawPublishProperties {
    RawPublishProperties {
        payload_format_indicator: p.payload_format_indicator,
        message_expiry_interval: p.message_expiry_interval,
        topic_alias: None,
        response_topic: p.response_topic.clone(),
        correlation_data: p.correlation_data.clone(),
        user_properties: p.user_properties.clone(),
        subscription_identifiers: Vec::new(),
        content_type: p.content_type.clone(),
    }
}

fn properties_of(p: RawPublishProperties) -> PublishProperties {
    PublishProperties {
        payload_format_indicator: p.payload_format_indicator,
        message_expiry_interval: p.message_expiry_interval,
        content_type: p.content_type,
        response_topic: p.response_topic,
        correlation_data: p.correlation_data,
        user_properties: p.user_properties,
        subscription_identifiers: p.subscription_identifiers,
        topic_alias: p.topic_alias,
        will_delay_interval: None,
    }
}

fn connect_packet(o: &Options) -> Packet {
    let mut properties = RawConnectProperties::new();
    properties.session_expiry_interval = (o.session_expiry > 0).then_some(o.session_expiry);
    // The broker must not send us more than we accept.
    properties.max_packet_size = u32::try_from(o.max_packet_size_in).ok();
    let c = &o.connect_properties;
    properties.receive_maximum = c.receive_maximum;
    properties.topic_alias_max = c.topic_alias_maximum;
    properties.request_response_info = c.request_response_information.map(u8::from);
    properties.request_problem_info = c.request_problem_information.map(u8::from);
    properties.user_properties = c.user_properties.clone();
    let connect = Connect {
        keep_alive: o.keep_alive.as_secs().min(u64::from(u16::MAX)) as u16,
        client_id: o.client_id.clone(),
        clean_start: o.clean_session,
        properties: Some(properties),
    };
    let will = o.will.as_ref().map(|w| {
        let properties = w.properties.as_ref().map(|p| LastWillProperties {
            delay_interval: p.will_delay_interval,
            payload_format_indicator: p.payload_format_indicator,
            message_expiry_interval: p.message_expiry_interval,
            content_type: p.content_type.clone(),
            response_topic: p.response_topic.clone(),
            correlation_data: p.correlation_data.clone(),
            user_properties: p.user_properties.clone(),
        });
        LastWill::new(
            w.topic.clone(),
            w.payload.to_vec(),
            qos_of(w.qos),
            w.retain,
            properties,
        )
    });
    let login = o.username.as_ref().map(|user| {
        let pass = o.password.as_ref().map(|p| p.0.clone()).unwrap_or_default();
        Login::new(user.clone(), pass)
    });
    Packet::Connect(connect, will, login)
}

fn limits_of(c: &ConnAck) -> ServerLimits {
    let mut l = ServerLimits::default();
    if let Some(p) = &c.properties {
        l.receive_maximum = p.receive_max.unwrap_or(u16::MAX).max(1);
        l.maximum_packet_size = p.max_packet_size;
        l.maximum_qos = p.max_qos.unwrap_or(2).min(2);
        l.retain_available = p.retain_available != Some(0);
        l.assigned_client_identifier = p.assigned_client_identifier.clone();
        l.server_keep_alive = p.server_keep_alive;
        l.session_expiry_interval = p.session_expiry_interval;
        l.topic_alias_maximum = p.topic_alias_max.unwrap_or(0);
    }
    l
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
        max_incoming_size: u32::try_from(options.max_packet_size_in).ok(),
        max_outgoing_size: u32::try_from(options.max_packet_size_out).ok(),
    };
    let mut link = Framed::new(stream, codec);
    if let Err(e) = link.send(connect_packet(options)).await {
        return Err(connect_failed(security, &address, e));
    }
    match link.next().await {
        Some(Ok(Packet::ConnAck(c))) if c.code == ConnectReturnCode::Success => Ok((link, c)),
        Some(Ok(Packet::ConnAck(c))) => {
            let code = codes::connack(c.code);
            let text = c.properties.and_then(|p| p.reason_string);
            Err(Error::new(
                ErrorKind::Connection,
                code as i64,
                format!(
                    "connection refused: {} (reason code 0x{code:02x}){}",
                    reason_text(code),
                    text.map(|t| format!(": {t}")).unwrap_or_default()
                ),
            ))
        }
        Some(Ok(Packet::Disconnect(d))) => Err(disconnected(
            &address,
            d.reason_code,
            d.properties.and_then(|p| p.reason_string),
        )),
        Some(Ok(_)) => Err(Error::connection(format!(
            "cannot connect to {address}: the broker answered CONNECT with another packet than \
             CONNACK"
        ))),
        Some(Err(e)) => Err(connect_failed(security, &address, e)),
        None => Err(Error::connection(format!(
            "cannot connect to {address}: the connection was closed before CONNACK (does the \
             broker speak MQTT 5?)"
        ))),
    }
}

fn connect_failed(security: Option<&Security>, address: &str, e: CodecError) -> Error {
    let (io, cause) = match e {
        CodecError::Io(io) => (Some(io.kind()), io.to_string()),
        other => (None, other.to_string()),
    };
    super::tls::before_connack(security.is_some(), address, io, &cause)
}

/// A DISCONNECT from the broker, with its reason.
fn disconnected(address: &str, code: DisconnectReasonCode, text: Option<String>) -> Error {
    let code = code as u8;
    Error::new(
        ErrorKind::Connection,
        code as i64,
        format!(
            "connection to {address} closed by the broker: {} (reason code 0x{code:02x}){}",
            reason_text(code),
            text.map(|t| format!(": {t}")).unwrap_or_default()
        ),
    )
}

impl V5 {
    pub fn new(o: &Options) -> Result<V5, Error> {
        let security = super::tls::security(o)?;
        let connect_timeout = o.connect_timeout.max(Duration::from_millis(1));
        Ok(V5 {
            state: MqttState::new(o.max_inflight, o.ack == AckMode::Manual),
            link: None,
            pending: VecDeque::new(),
            incoming_qos2: HashSet::new(),
            max_inflight: o.max_inflight,
            limits: ServerLimits::default(),
            aliases: TopicAliases::default(),
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

    /// What the broker's last CONNACK allows.
    pub fn limits(&self) -> &ServerLimits {
        &self.limits
    }

    /// As `V4::connect`.
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
        self.limits = limits_of(&connack);
        // Aliases of the last connection mean nothing on this one.
        self.aliases.start(self.limits.topic_alias_maximum);
        for request in self.pending.iter_mut() {
            if let RawRequest::Publish(p) = request {
                self.aliases.restore(p);
            }
        }
        if let Some(p) = self.state.collision.as_mut() {
            self.aliases.restore(p);
        }
        // rumqttc learns the broker's topic alias maximum and receive maximum from it.
        let session_present = connack.session_present;
        let _ = self
            .state
            .handle_incoming_packet(Incoming::ConnAck(connack));
        self.state.events.clear();
        if session_present {
            return Ok((true, Vec::new()));
        }
        self.state.collision = None;
        let orphans = std::mem::take(&mut self.pending)
            .into_iter()
            .filter_map(|r| match r {
                RawRequest::Publish(p) if p.qos == rumqttc::v5::mqttbytes::QoS::AtLeastOnce => {
                    Some((
                        p.pkid,
                        Request::Publish {
                            topic: String::from_utf8_lossy(&p.topic).into_owned(),
                            payload: p.payload,
                            qos: 1,
                            retain: p.retain,
                            properties: p.properties.map(|p| Box::new(properties_of(p))),
                        },
                    ))
                }
                _ => None,
            })
            .collect();
        Ok((false, orphans))
    }

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

    /// Whether a QoS 1/2 publish can take a packet id now: our window, bounded by the broker's
    /// receive maximum.
    pub fn window_open(&self) -> bool {
        let window = self.max_inflight.min(self.limits.receive_maximum);
        self.state.inflight() < window && self.state.collision.is_none()
    }

    pub fn awaiting_pong(&self) -> bool {
        self.state.await_pingresp
    }

    pub async fn send(&mut self, request: Request, out: &mut Vec<Event>) -> Result<(), Error> {
        let raw = match request {
            Request::Publish {
                topic,
                payload,
                qos,
                retain,
                properties,
            } => {
                let properties = properties.map(|p| raw_properties(&p));
                let mut p = Publish::new(topic, qos_of(qos), payload, properties);
                p.retain = retain;
                self.aliases.apply(&mut p);
                RawRequest::Publish(p)
            }
            Request::Subscribe { filters } => RawRequest::Subscribe(subscribe_packet(filters)),
            Request::Unsubscribe { filter } => {
                RawRequest::Unsubscribe(Unsubscribe::new(filter, None))
            }
            Request::PubAck(pkid) => RawRequest::PubAck(PubAck::new(pkid, None)),
            Request::PubRec(pkid) => {
                self.incoming_qos2.insert(pkid);
                RawRequest::PubRec(PubRec::new(pkid, None))
            }
            Request::Disconnect => RawRequest::Disconnect,
        };
        self.apply(raw, out).await
    }

    pub async fn ping(&mut self, out: &mut Vec<Event>) -> Result<(), Error> {
        self.apply(RawRequest::PingReq, out).await?;
        self.flush().await
    }

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

    pub async fn next_packet(&mut self) -> Result<Incoming, Error> {
        let link = link!(self);
        match link.next().await {
            Some(r) => r.map_err(|e| self.codec_error(e)),
            None => Err(self.state_error(StateError::ConnectionAborted)),
        }
    }

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
                let pkid = rel.pkid;
                out.push(Event::PubRel { pkid });
                let link = link!(self);
                let r = link.feed(Packet::PubComp(PubComp::new(pkid, None))).await;
                return r.map_err(|e| self.codec_error(e));
            }
            Incoming::Publish(p) if p.qos == rumqttc::v5::mqttbytes::QoS::ExactlyOnce => {
                self.incoming_qos2.insert(p.pkid);
            }
            Incoming::Disconnect(d) => {
                let text = d.properties.as_ref().and_then(|p| p.reason_string.clone());
                return Err(disconnected(&self.address, d.reason_code, text));
            }
            _ => {}
        }
        // The publish waiting for the packet id this PUBCOMP frees: rumqttc would send it
        // untracked (as in the 3.1.1 adapter); sent below as any publish.
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
        let refused_pubrec = match &packet {
            Incoming::PubRec(r) if codes::pubrec(r.reason) >= 0x80 => Some(r.pkid),
            _ => None,
        };
        let is_ack = matches!(
            packet,
            Incoming::PubAck(_) | Incoming::PubRec(_) | Incoming::PubComp(_)
        );
        let reply = match self.state.handle_incoming_packet(packet) {
            Ok(reply) => reply,
            Err(StateError::Unsolicited(_)) if is_ack => None,
            Err(e) => return Err(self.state_error(e)),
        };
        if let Some(pkid) = refused_pubrec {
            self.release_refused(pkid);
        }
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

    /// As `V4::salvage`: the packets that already arrived on a failed connection, unanswered.
    pub fn salvage(&mut self, out: &mut Vec<Event>) {
        let Some(link) = self.link.as_mut() else {
            return;
        };
        while let Some(Some(Ok(packet))) = link.next().now_or_never() {
            match &packet {
                Incoming::Publish(p) if p.qos == rumqttc::v5::mqttbytes::QoS::ExactlyOnce => {
                    self.incoming_qos2.insert(p.pkid);
                }
                Incoming::Disconnect(_) => break,
                _ => {}
            }
            let _ = self.state.handle_incoming_packet(packet);
        }
        self.drain(out);
    }

    /// A refused PUBREC ended the QoS 2 flow, but rumqttc still counts it in flight. Walking
    /// its state through release and completion (nothing goes on the wire) frees the slot.
    fn release_refused(&mut self, pkid: u16) {
        let seen = self.state.events.len();
        if self
            .state
            .handle_outgoing_packet(RawRequest::PubRel(PubRel::new(pkid, None)))
            .is_ok()
        {
            let _ = self
                .state
                .handle_incoming_packet(Incoming::PubComp(PubComp::new(pkid, None)));
        }
        self.state.events.truncate(seen);
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

    pub fn lost(&mut self) {
        self.link = None;
        self.pending.extend(self.state.clean());
        self.incoming_qos2.clear();
    }

    fn drain(&mut self, out: &mut Vec<Event>) {
        for raw in self.state.events.drain(..) {
            let event = match raw {
                Raw::Incoming(Incoming::Publish(p)) => Event::Publish(Message {
                    topic: String::from_utf8_lossy(&p.topic).into_owned(),
                    payload: p.payload,
                    qos: qos_byte(p.qos),
                    retain: p.retain,
                    dup: p.dup,
                    pkid: p.pkid,
                    ack_seq: 0,
                    properties: p
                        .properties
                        .map(|p| Box::new(properties_of(p)))
                        .filter(|p| !p.is_empty()),
                }),
                Raw::Incoming(Incoming::PubAck(a)) => Event::PubAck {
                    pkid: a.pkid,
                    reason: codes::puback(a.reason),
                    text: a.properties.and_then(|p| p.reason_string),
                },
                Raw::Incoming(Incoming::PubRec(a)) => Event::PubRec {
                    pkid: a.pkid,
                    reason: codes::pubrec(a.reason),
                    text: a.properties.and_then(|p| p.reason_string),
                },
                Raw::Incoming(Incoming::PubRel(a)) => Event::PubRel { pkid: a.pkid },
                Raw::Incoming(Incoming::PubComp(a)) => Event::PubComp {
                    pkid: a.pkid,
                    reason: codes::pubcomp(a.reason),
                    text: a.properties.and_then(|p| p.reason_string),
                },
                Raw::Incoming(Incoming::SubAck(a)) => Event::SubAck {
                    pkid: a.pkid,
                    codes: a.return_codes.iter().map(codes::suback).collect(),
                },
                Raw::Incoming(Incoming::UnsubAck(a)) => Event::UnsubAck {
                    pkid: a.pkid,
                    reason: a.reasons.first().map_or(0, codes::unsuback),
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

    fn codec_error(&self, e: CodecError) -> Error {
        self.state_error(StateError::Deserialization(e))
    }

    fn state_error(&self, e: StateError) -> Error {
        match e {
            StateError::Deserialization(CodecError::PayloadSizeLimitExceeded {
                pkt_size, ..
            })
            | StateError::IncomingPacketTooLarge { pkt_size, .. } => Error::new(
                ErrorKind::Protocol,
                0,
                format!(
                    "the broker sent a {pkt_size}-byte packet, larger than max_packet_size ({} \
                     bytes); the connection was closed, raise max_packet_size to receive it",
                    self.max_packet_size_in
                ),
            ),
            StateError::OutgoingPacketTooLarge { pkt_size, max } => Error::new(
                ErrorKind::Protocol,
                0x95,
                format!("a {pkt_size}-byte packet is larger than the broker accepts ({max} bytes)"),
            ),
            StateError::Io(io) | StateError::Deserialization(CodecError::Io(io)) => {
                Error::connection(format!("connection to {} lost: {io}", self.address))
            }
            StateError::ConnectionAborted => Error::connection(format!(
                "connection to {} lost: closed by the broker",
                self.address
            )),
            StateError::ServerDisconnect {
                reason_code,
                reason_string,
            } => disconnected(&self.address, reason_code, reason_string),
            other => Error::connection(format!("connection to {} lost: {other}", self.address)),
        }
    }
}

/// One SUBSCRIBE for `filters`; the first filter's subscription identifier and user properties
/// are the packet's.
fn subscribe_packet(filters: Vec<Subscription>) -> Subscribe {
    let properties = filters.first().and_then(|s| {
        let o = &s.options;
        (o.subscription_identifier.is_some() || !o.user_properties.is_empty()).then(|| {
            SubscribeProperties {
                id: o.subscription_identifier,
                user_properties: o.user_properties.clone(),
            }
        })
    });
    Subscribe::new_many(
        filters.into_iter().map(|s| Filter {
            path: s.filter,
            qos: qos_of(s.qos),
            nolocal: s.options.no_local,
            preserve_retain: s.options.retain_as_published,
            retain_forward_rule: match s.options.retain_handling {
                RetainHandling::OnSubscribe => RetainForwardRule::OnEverySubscribe,
                RetainHandling::OnNewSubscription => RetainForwardRule::OnNewSubscribe,
                RetainHandling::Never => RetainForwardRule::Never,
            },
        }),
        properties,
    )
}
