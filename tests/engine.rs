//! The engine against a real mosquitto: connect, publish with acknowledgements, subscribe,
//! lost connections and reconnects.

mod support;

use std::time::{Duration, Instant};

use bytes::Bytes;
use mqtt::engine::value::Value;
use mqtt::engine::{Connection, Defaults, ErrorKind, Event, Options};
use support::Broker;

/// The timeout of every blocking call in these tests.
const T: Duration = Duration::from_secs(10);

fn options(port: u16, extra: Vec<(&str, Value)>) -> Options {
    let pairs: Vec<(String, Value)> = extra.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    Options::parse("127.0.0.1", port as i64, &pairs, Defaults::default()).unwrap()
}

fn connect(port: u16, extra: Vec<(&str, Value)>) -> Connection {
    Connection::connect(options(port, extra), &mut || Ok(())).unwrap()
}

fn ok() -> impl FnMut() -> mqtt::engine::Result<()> {
    || Ok(())
}

#[test]
fn publishes_at_every_qos_and_reports_packet_ids() {
    let broker = Broker::start();
    let c = connect(broker.port, vec![]);
    assert!(c.is_connected());
    assert_eq!(
        c.publish(b"t/0", Bytes::from_static(b"zero"), 0, false, T, &mut ok())
            .unwrap(),
        0
    );
    let p1 = c
        .publish(b"t/1", Bytes::from_static(b"one"), 1, false, T, &mut ok())
        .unwrap();
    let p2 = c
        .publish(b"t/2", Bytes::from_static(b"two"), 2, false, T, &mut ok())
        .unwrap();
    assert!(p1 > 0 && p2 > 0 && p1 != p2);
    c.disconnect(T, &mut ok()).unwrap();
    assert!(!c.is_connected());
    let e = c
        .publish(b"t", Bytes::new(), 1, false, T, &mut ok())
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Connection);
}

#[test]
fn refused_and_missing_brokers_are_connection_errors() {
    let port = support::free_port();
    let t = Instant::now();
    let e = Connection::connect(options(port, vec![]), &mut || Ok(()))
        .err()
        .unwrap();
    assert_eq!(e.kind, ErrorKind::Connection);
    assert!(e.message.contains("refused"), "{}", e.message);
    assert!(t.elapsed() < Duration::from_secs(5));

    let broker = Broker::start_with("allow_anonymous false");
    let e = Connection::connect(options(broker.port, vec![]), &mut || Ok(()))
        .err()
        .unwrap();
    assert_eq!((e.kind, e.code), (ErrorKind::Connection, 5));
}

/// Pipelines mixed-QoS publishes with the given in-flight window and checks each completes.
fn pipeline_mixed_qos(max_inflight: i64) {
    let broker = Broker::start();
    let c = connect(
        broker.port,
        vec![("max_inflight", Value::Int(max_inflight))],
    );
    let mut tick = ok();
    let batch = std::sync::Arc::new(mqtt::engine::batch::Batch::default());
    // Mixed QoS keeps acknowledgements out of order, so packet ids collide in rumqttc, and a
    // QoS 2 id freed at PUBREC is reused before its PUBCOMP.
    for i in 0..300u32 {
        let qos = (i % 3) as i64;
        c.publish_start(
            b"load",
            Bytes::from(i.to_be_bytes().to_vec()),
            qos,
            false,
            &batch,
            T,
            &mut tick,
        )
        .unwrap();
    }
    assert!(c
        .wait_batch(&batch, Instant::now() + Duration::from_secs(10), &mut tick)
        .unwrap());
    let totals = batch.take();
    assert_eq!(
        (totals.done, totals.lost),
        (300, 0),
        "{:?}",
        totals.first_error
    );
    assert_eq!(c.stats().1, 0);
}

#[test]
fn many_publishes_in_flight_complete_each_by_its_own_ack() {
    pipeline_mixed_qos(100);
}

#[test]
fn a_small_window_reuses_packet_ids_without_mixing_up_acks() {
    pipeline_mixed_qos(3);
}

#[test]
fn subscribes_and_receives_its_own_messages() {
    let broker = Broker::start();
    let c = connect(broker.port, vec![]);
    assert_eq!(c.subscribe("s/#", 2, T, &mut ok()).unwrap(), 2);
    c.publish(
        b"s/a",
        Bytes::from_static(b"\0bin\xff"),
        2,
        false,
        T,
        &mut ok(),
    )
    .unwrap();
    let m = c
        .next_message(Duration::from_secs(5), &mut ok())
        .unwrap()
        .expect("message");
    assert_eq!(
        (m.topic.as_str(), &m.payload[..], m.qos),
        ("s/a", &b"\0bin\xff"[..], 2)
    );
    c.unsubscribe("s/#", T, &mut ok()).unwrap();
    c.publish(b"s/a", Bytes::from_static(b"x"), 1, false, T, &mut ok())
        .unwrap();
    assert!(c
        .next_message(Duration::from_millis(300), &mut ok())
        .unwrap()
        .is_none());
}

#[test]
fn killed_broker_fails_the_publish_within_the_timeout() {
    let mut broker = Broker::start();
    let c = connect(
        broker.port,
        vec![
            ("timeout", Value::Float(2.0)),
            ("reconnect_delay", Value::Float(0.05)),
        ],
    );
    broker.kill();
    let t = Instant::now();
    let e = c
        .publish(
            b"t",
            Bytes::from_static(b"x"),
            1,
            false,
            Duration::from_secs(2),
            &mut ok(),
        )
        .unwrap_err();
    assert!(
        matches!(e.kind, ErrorKind::Timeout | ErrorKind::Connection),
        "{e:?}"
    );
    assert!(t.elapsed() < Duration::from_secs(4), "{:?}", t.elapsed());
}

#[test]
fn reconnects_after_a_broker_restart_and_resubscribes() {
    let mut broker = Broker::start();
    let c = connect(broker.port, vec![("reconnect_delay", Value::Float(0.05))]);
    c.subscribe("r/#", 1, T, &mut ok()).unwrap();
    broker.restart();
    // The next publish waits for the automatic reconnect, then succeeds.
    let pkid = c
        .publish(b"r/x", Bytes::from_static(b"after"), 1, false, T, &mut ok())
        .unwrap();
    assert!(pkid > 0);
    let mut saw_lost = false;
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match c
            .next_event(Some(Duration::from_millis(100)), &mut ok())
            .unwrap()
        {
            Some(Event::Disconnected { error: Some(_) }) => saw_lost = true,
            Some(Event::Message(m)) => {
                assert_eq!(&m.payload[..], b"after");
                break;
            }
            _ => assert!(Instant::now() < deadline, "no message after resubscribe"),
        }
    }
    assert!(saw_lost);
    assert_eq!(c.stats().0.reconnects, 1);
}

#[test]
fn tick_errors_end_a_wait() {
    let broker = Broker::start();
    let c = connect(broker.port, vec![]);
    let t = Instant::now();
    let mut n = 0;
    let e = c
        .next_message(Duration::from_secs(10), &mut || {
            n += 1;
            if n == 3 {
                Err(mqtt::engine::Error::interrupted())
            } else {
                Ok(())
            }
        })
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Interrupted);
    assert!(t.elapsed() < Duration::from_secs(1));
}

#[test]
fn notices_report_completion_as_events_and_the_wake_fd_is_readable_while_events_wait() {
    let broker = Broker::start();
    let c = connect(broker.port, vec![]);
    let fd = c.wake_fd().unwrap();
    let readable = |fd: i32| {
        let mut p = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: polls one live pollfd for at most 0 ms.
        unsafe { libc::poll(&mut p, 1, 0) == 1 }
    };
    assert!(readable(fd), "the \"connected\" event waits");
    while c.next_event(None, &mut ok()).unwrap().is_some() {}
    assert!(!readable(fd), "nothing waits any more");
    c.subscribe_notify("n/#", 1, 7).unwrap();
    c.publish_notify(b"n/a", Bytes::from_static(b"x"), 1, false, 8, T, &mut ok())
        .unwrap();
    let mut done = Vec::new();
    let mut messages = 0;
    let until = Instant::now() + Duration::from_secs(5);
    while (done.len() < 2 || messages < 1) && Instant::now() < until {
        match c
            .next_event(Some(Duration::from_millis(100)), &mut ok())
            .unwrap()
        {
            Some(Event::Done { tag, result }) => done.push((tag, result.is_ok())),
            Some(Event::Message(_)) => messages += 1,
            _ => {}
        }
        if c.has_events() {
            assert!(readable(fd), "events wait: the descriptor is readable");
        }
    }
    assert_eq!(done, vec![(7, true), (8, true)]);
    assert_eq!(messages, 1);
    assert!(!readable(fd), "inbox drained: not readable");
    c.unsubscribe_notify("n/#", 9).unwrap();
    let ev = c
        .next_event(Some(Duration::from_secs(5)), &mut ok())
        .unwrap();
    assert!(
        matches!(
            ev,
            Some(Event::Done {
                tag: 9,
                result: Ok(_)
            })
        ),
        "{ev:?}"
    );
}
