//! The adapter of the protocol version the options ask for, behind one surface for the driver.

use super::v4::V4;
use super::v5::V5;
use super::{Event, Request};
use crate::engine::endpoint::Endpoint;
use crate::engine::error::Error;
use crate::engine::options::{Options, Protocol};
use crate::engine::properties::ServerLimits;

pub enum Adapter {
    V4(V4),
    V5(Box<V5>),
}

/// A packet read from the broker, not yet applied (see `Adapter::receive`).
pub enum Incoming {
    V4(rumqttc::Packet),
    V5(rumqttc::v5::Incoming),
}

/// Calls the same method on whichever adapter this is.
macro_rules! each {
    ($self:expr, $a:ident => $call:expr) => {
        match $self {
            Adapter::V4($a) => $call,
            Adapter::V5($a) => $call,
        }
    };
}

impl Adapter {
    pub fn new(o: &Options) -> Result<Adapter, Error> {
        Ok(match o.protocol {
            Protocol::V311 => Adapter::V4(V4::new(o)?),
            Protocol::V5 => Adapter::V5(Box::new(V5::new(o)?)),
        })
    }

    pub fn is_connected(&self) -> bool {
        each!(self, a => a.is_connected())
    }

    /// What the broker allows (MQTT 5's CONNACK; no limits under 3.1.1).
    pub fn limits(&self) -> ServerLimits {
        match self {
            Adapter::V4(_) => ServerLimits::default(),
            Adapter::V5(a) => a.limits().clone(),
        }
    }

    pub async fn connect(
        &mut self,
        endpoint: &Endpoint,
    ) -> Result<(bool, Vec<(u16, Request)>), Error> {
        each!(self, a => a.connect(endpoint).await)
    }

    pub async fn resend(&mut self, out: &mut Vec<Event>) -> Result<(), Error> {
        each!(self, a => a.resend(out).await)
    }

    pub fn window_open(&self) -> bool {
        each!(self, a => a.window_open())
    }

    pub fn awaiting_pong(&self) -> bool {
        each!(self, a => a.awaiting_pong())
    }

    pub async fn send(&mut self, request: Request, out: &mut Vec<Event>) -> Result<(), Error> {
        each!(self, a => a.send(request, out).await)
    }

    pub async fn ping(&mut self, out: &mut Vec<Event>) -> Result<(), Error> {
        each!(self, a => a.ping(out).await)
    }

    pub async fn flush(&mut self) -> Result<(), Error> {
        each!(self, a => a.flush().await)
    }

    /// Waits for the next packet from the broker. Cancel-safe.
    pub async fn next_packet(&mut self) -> Result<Incoming, Error> {
        match self {
            Adapter::V4(a) => a.next_packet().await.map(Incoming::V4),
            Adapter::V5(a) => a.next_packet().await.map(Incoming::V5),
        }
    }

    pub async fn receive(&mut self, first: Incoming, out: &mut Vec<Event>) -> Result<(), Error> {
        match (self, first) {
            (Adapter::V4(a), Incoming::V4(p)) => a.receive(p, out).await,
            (Adapter::V5(a), Incoming::V5(p)) => a.receive(p, out).await,
            _ => unreachable!("a packet is applied by the adapter that read it"),
        }
    }

    /// The connection failed: what already arrived on it, applied without replies.
    pub fn salvage(&mut self, out: &mut Vec<Event>) {
        each!(self, a => a.salvage(out))
    }

    pub fn lost(&mut self) {
        each!(self, a => a.lost())
    }
}
