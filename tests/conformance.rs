//! Where rumqttc 0.25 departs from MQTT, the engine must not: checked against a scripted fake
//! broker on loopback that sends what a real broker may send and reads the client's exact
//! packets back.

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

use bytes::Bytes;
use mqtt::engine::value::Value;
use mqtt::engine::{Connection, Defaults, Options};

mod wire;
use wire::read_packet;

const T: Duration = Duration::from_secs(5);

/// A fake broker that accepts one client, answers CONNECT, then runs `script`.
fn fake_broker(
    script: impl FnOnce(&mut TcpStream) + Send + 'static,
) -> (u16, thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        s.set_read_timeout(Some(T)).unwrap();
        let (kind, _) = read_packet(&mut s);
        assert_eq!(kind >> 4, 1, "CONNECT first");
        s.write_all(&[0x20, 0x02, 0x00, 0x00]).unwrap(); // CONNACK, accepted
        script(&mut s);
    });
    (port, handle)
}

fn connect(port: u16) -> Connection {
    let pairs = vec![("reconnect".to_string(), Value::Bool(false))];
    let o = Options::parse("127.0.0.1", port as i64, &pairs, Defaults::default()).unwrap();
    Connection::connect(o, &mut || Ok(())).unwrap()
}

#[test]
fn unexpected_acknowledgements_are_ignored_and_an_unknown_pubrel_is_completed() {
    let (port, broker) = fake_broker(|s| {
        // Acknowledgements for packet ids the client never used.
        s.write_all(&[0x40, 0x02, 0x00, 0x63]).unwrap(); // PUBACK 99
        s.write_all(&[0x50, 0x02, 0x00, 0x62]).unwrap(); // PUBREC 98
        s.write_all(&[0x70, 0x02, 0x00, 0x61]).unwrap(); // PUBCOMP 97
                                                         // A PUBREL the client knows nothing of: MQTT wants a PUBCOMP back.
        s.write_all(&[0x62, 0x02, 0x00, 0x05]).unwrap(); // PUBREL 5
        let (kind, body) = read_packet(s);
        assert_eq!((kind, body), (0x70, vec![0x00, 0x05]), "PUBCOMP 5");
        // The client is still there: its QoS 1 publish gets its PUBACK.
        let (kind, body) = read_packet(s);
        assert_eq!(kind & 0xf6, 0x32, "a QoS 1 PUBLISH");
        let topic_len = u16::from_be_bytes([body[0], body[1]]) as usize;
        let pkid = [body[2 + topic_len], body[3 + topic_len]];
        s.write_all(&[0x40, 0x02, pkid[0], pkid[1]]).unwrap();
        let (kind, _) = read_packet(s);
        assert_eq!(kind, 0xe0, "DISCONNECT");
    });
    let c = connect(port);
    std::thread::sleep(Duration::from_millis(200));
    let pkid = c
        .publish(b"t", Bytes::from_static(b"x"), 1, false, T, &mut || Ok(()))
        .expect("the connection survived the unexpected packets");
    assert!(pkid > 0);
    assert_eq!(c.stats().0.reconnects, 0);
    c.disconnect(T, &mut || Ok(())).unwrap();
    broker.join().unwrap();
}

#[test]
fn a_publish_sent_again_after_a_reconnect_carries_dup() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let broker = thread::spawn(move || {
        // First connection: take the QoS 1 publish, never acknowledge it, drop the connection.
        let (mut s, _) = listener.accept().unwrap();
        s.set_read_timeout(Some(T)).unwrap();
        read_packet(&mut s);
        s.write_all(&[0x20, 0x02, 0x00, 0x00]).unwrap();
        let (kind, first) = read_packet(&mut s);
        assert_eq!(kind & 0x08, 0, "first sending: DUP 0");
        drop(s);
        // Second connection, session present: the same publish again, now with DUP 1.
        let (mut s, _) = listener.accept().unwrap();
        s.set_read_timeout(Some(T)).unwrap();
        read_packet(&mut s);
        s.write_all(&[0x20, 0x02, 0x01, 0x00]).unwrap();
        let (kind, again) = read_packet(&mut s);
        assert_eq!(kind & 0x08, 0x08, "sent again: DUP 1");
        assert_eq!(again, first, "same topic, packet id and payload");
        let topic_len = u16::from_be_bytes([again[0], again[1]]) as usize;
        s.write_all(&[0x40, 0x02, again[2 + topic_len], again[3 + topic_len]])
            .unwrap();
        let _ = read_packet(&mut s); // DISCONNECT
    });
    let pairs = vec![
        ("client_id".to_string(), Value::Str(b"dup-test".to_vec())),
        ("clean_session".to_string(), Value::Bool(false)),
        ("reconnect_delay".to_string(), Value::Float(0.05)),
    ];
    let o = Options::parse("127.0.0.1", port as i64, &pairs, Defaults::default()).unwrap();
    let c = Connection::connect(o, &mut || Ok(())).unwrap();
    let pkid = c
        .publish(b"t", Bytes::from_static(b"x"), 1, false, T, &mut || Ok(()))
        .expect("acknowledged on the second connection");
    assert!(pkid > 0);
    c.disconnect(T, &mut || Ok(())).unwrap();
    broker.join().unwrap();
}

/// The broker takes a publish, drops the connection without acknowledging it, and comes back
/// without the session: `second` gets the (reconnected) client's next packet.
fn lost_session_broker(
    qos: u8,
    second: impl FnOnce(&mut TcpStream) + Send + 'static,
) -> (u16, thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        s.set_read_timeout(Some(T)).unwrap();
        read_packet(&mut s);
        s.write_all(&[0x20, 0x02, 0x00, 0x00]).unwrap();
        let (kind, _) = read_packet(&mut s);
        assert_eq!((kind >> 4, (kind >> 1) & 3), (3, qos), "the publish");
        drop(s);
        let (mut s, _) = listener.accept().unwrap();
        s.set_read_timeout(Some(T)).unwrap();
        read_packet(&mut s);
        s.write_all(&[0x20, 0x02, 0x00, 0x00]).unwrap(); // no session
        second(&mut s);
    });
    (port, handle)
}

fn reconnecting_client(port: u16) -> Connection {
    let pairs = vec![("reconnect_delay".to_string(), Value::Float(0.05))];
    let o = Options::parse("127.0.0.1", port as i64, &pairs, Defaults::default()).unwrap();
    Connection::connect(o, &mut || Ok(())).unwrap()
}

#[test]
fn a_qos1_publish_whose_session_was_lost_is_sent_again_on_the_new_one() {
    let (port, broker) = lost_session_broker(1, |s| {
        let (kind, body) = read_packet(s);
        assert_eq!(
            kind & 0xf6,
            0x32,
            "the same QoS 1 publish, as a new message"
        );
        let topic_len = u16::from_be_bytes([body[0], body[1]]) as usize;
        assert_eq!(&body[2..2 + topic_len], b"t");
        assert_eq!(&body[4 + topic_len..], b"x");
        s.write_all(&[0x40, 0x02, body[2 + topic_len], body[3 + topic_len]])
            .unwrap();
        let _ = read_packet(s); // DISCONNECT
    });
    let c = reconnecting_client(port);
    let pkid = c
        .publish(b"t", Bytes::from_static(b"x"), 1, false, T, &mut || Ok(()))
        .expect("at least once: acknowledged on the new session");
    assert!(pkid > 0);
    c.disconnect(T, &mut || Ok(())).unwrap();
    broker.join().unwrap();
}

#[test]
fn a_qos2_publish_whose_session_was_lost_fails_as_maybe_delivered() {
    let (port, broker) = lost_session_broker(2, |s| {
        let _ = read_packet(s); // DISCONNECT, nothing sent again
    });
    let c = reconnecting_client(port);
    let e = c
        .publish(b"t", Bytes::from_static(b"x"), 2, false, T, &mut || Ok(()))
        .unwrap_err();
    assert!(
        e.message.contains("may or may not have been delivered"),
        "{e:?}"
    );
    c.disconnect(T, &mut || Ok(())).unwrap();
    broker.join().unwrap();
}

/// The packet id of a QoS 1/2 PUBLISH body.
fn publish_pkid(body: &[u8]) -> u16 {
    let topic_len = u16::from_be_bytes([body[0], body[1]]) as usize;
    u16::from_be_bytes([body[2 + topic_len], body[3 + topic_len]])
}

fn publish_payload(body: &[u8]) -> &[u8] {
    let topic_len = u16::from_be_bytes([body[0], body[1]]) as usize;
    &body[4 + topic_len..]
}

/// With a window of 2, the broker acknowledges a QoS 1 publish (id 2) before the QoS 2 one
/// (id 1): the third publish, c, fits in the window but its packet id, 1, stays busy until
/// PUBCOMP 1. The SUBSCRIBE queued behind c shows that c was taken and held back. Reads what
/// must come until c is sent; returns with c in flight.
fn collide_on_id_1(s: &mut TcpStream) {
    let (kind, body) = read_packet(s);
    assert_eq!(
        (kind & 0xf6, publish_pkid(&body)),
        (0x34, 1),
        "a: QoS 2, id 1"
    );
    let (kind, body) = read_packet(s);
    assert_eq!(
        (kind & 0xf6, publish_pkid(&body)),
        (0x32, 2),
        "b: QoS 1, id 2"
    );
    s.write_all(&[0x40, 0x02, 0x00, 0x02]).unwrap(); // PUBACK 2
    let (kind, body) = read_packet(s);
    assert_eq!(kind, 0x82, "SUBSCRIBE, while c waits for id 1");
    s.write_all(&[0x90, 0x03, body[0], body[1], 0x00]).unwrap(); // SUBACK
    s.write_all(&[0x50, 0x02, 0x00, 0x01]).unwrap(); // PUBREC 1
    let (kind, body) = read_packet(s);
    assert_eq!((kind, body), (0x62, vec![0x00, 0x01]), "PUBREL 1");
    s.write_all(&[0x70, 0x02, 0x00, 0x01]).unwrap(); // PUBCOMP 1: id 1 is free
    let (kind, body) = read_packet(s);
    assert_eq!((kind & 0xf6, publish_pkid(&body)), (0x32, 1), "c, id 1");
    assert_eq!(publish_payload(&body), b"c");
}

/// Queues a (QoS 2), b, c, a SUBSCRIBE, then the rest (QoS 1), and waits until all completed.
fn publish_all(c: &Connection, payloads: &[&[u8]]) -> mqtt::engine::batch::Totals {
    let batch = std::sync::Arc::new(mqtt::engine::batch::Batch::default());
    for (i, payload) in payloads.iter().enumerate() {
        let qos = if i == 0 { 2 } else { 1 };
        let topic = Bytes::copy_from_slice(payload);
        c.publish_start(b"t", topic, qos, false, &batch, T, &mut || Ok(()))
            .unwrap();
        if i == 2 {
            c.subscribe_notify("s", 0, 1).unwrap();
        }
    }
    let deadline = std::time::Instant::now() + T;
    let done = c.wait_batch(&batch, deadline, &mut || Ok(())).unwrap();
    assert!(done, "all completed");
    batch.take()
}

#[test]
fn a_packet_id_collision_resolved_by_pubcomp_is_acknowledged_without_dropping_the_link() {
    let (port, broker) = fake_broker(|s| {
        collide_on_id_1(s);
        // c holds id 1 and a place in the window until its PUBACK: d waits for id 1, then e
        // takes id 2.
        s.write_all(&[0x40, 0x02, 0x00, 0x01]).unwrap(); // PUBACK 1, for c
        let (kind, body) = read_packet(s);
        assert_eq!((kind & 0xf6, publish_pkid(&body)), (0x32, 1), "d, id 1");
        assert_eq!(publish_payload(&body), b"d");
        let (kind, body) = read_packet(s);
        assert_eq!((kind & 0xf6, publish_pkid(&body)), (0x32, 2), "e, id 2");
        assert_eq!(publish_payload(&body), b"e");
        s.write_all(&[0x40, 0x02, 0x00, 0x01]).unwrap(); // PUBACK 1, for d
        s.write_all(&[0x40, 0x02, 0x00, 0x02]).unwrap(); // PUBACK 2, for e
        let (kind, _) = read_packet(s);
        assert_eq!(kind, 0xe0, "DISCONNECT, the link never dropped");
    });
    let pairs = vec![
        ("reconnect".to_string(), Value::Bool(false)),
        ("max_inflight".to_string(), Value::Int(2)),
    ];
    let o = Options::parse("127.0.0.1", port as i64, &pairs, Defaults::default()).unwrap();
    let c = Connection::connect(o, &mut || Ok(())).unwrap();
    let totals = publish_all(&c, &[b"a", b"b", b"c", b"d", b"e"]);
    let (done, lost) = (totals.done, totals.lost);
    assert_eq!((done, lost), (5, 0), "{:?}", totals.first_error);
    assert_eq!(c.stats().0.reconnects, 0);
    c.disconnect(T, &mut || Ok(())).unwrap();
    broker.join().unwrap();
}

#[test]
fn a_publish_sent_when_a_collision_resolved_is_sent_again_after_a_reconnect() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let broker = thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        s.set_read_timeout(Some(T)).unwrap();
        read_packet(&mut s);
        s.write_all(&[0x20, 0x02, 0x00, 0x00]).unwrap();
        collide_on_id_1(&mut s);
        drop(s); // the third publish is never acknowledged on this connection
        let (mut s, _) = listener.accept().unwrap();
        s.set_read_timeout(Some(T)).unwrap();
        read_packet(&mut s);
        s.write_all(&[0x20, 0x02, 0x01, 0x00]).unwrap(); // session present
        let (kind, body) = read_packet(&mut s);
        assert_eq!(
            (kind & 0xfe, publish_pkid(&body)),
            (0x3a, 1),
            "the third publish again, DUP 1"
        );
        assert_eq!(publish_payload(&body), b"c");
        s.write_all(&[0x40, 0x02, 0x00, 0x01]).unwrap(); // PUBACK 1
        let (kind, _) = read_packet(&mut s);
        assert_eq!(kind, 0xe0, "DISCONNECT");
    });
    let pairs = vec![
        (
            "client_id".to_string(),
            Value::Str(b"collision-resend".to_vec()),
        ),
        ("clean_session".to_string(), Value::Bool(false)),
        ("reconnect_delay".to_string(), Value::Float(0.05)),
        ("max_inflight".to_string(), Value::Int(2)),
    ];
    let o = Options::parse("127.0.0.1", port as i64, &pairs, Defaults::default()).unwrap();
    let c = Connection::connect(o, &mut || Ok(())).unwrap();
    let totals = publish_all(&c, &[b"a", b"b", b"c"]);
    assert_eq!(
        (totals.done, totals.lost),
        (3, 0),
        "{:?}",
        totals.first_error
    );
    c.disconnect(T, &mut || Ok(())).unwrap();
    broker.join().unwrap();
}

/// Messages handed to the caller until `last` arrived (or nothing came for `T`).
fn messages_until(c: &Connection, last: &[u8]) -> Vec<Vec<u8>> {
    let mut got = Vec::new();
    while let Some(m) = c.next_message(T, &mut || Ok(())).unwrap() {
        got.push(m.payload.to_vec());
        if &m.payload[..] == last {
            break;
        }
    }
    got
}

#[test]
fn a_received_qos2_message_awaiting_pubrel_survives_a_reconnect_and_is_delivered_once() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let broker = thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        s.set_read_timeout(Some(T)).unwrap();
        read_packet(&mut s);
        s.write_all(&[0x20, 0x02, 0x00, 0x00]).unwrap();
        s.write_all(&[0x34, 0x06, 0x00, 0x01, b't', 0x00, 0x07, b'x'])
            .unwrap(); // PUBLISH q2 7 "x"
        let (kind, body) = read_packet(&mut s);
        assert_eq!((kind, body), (0x50, vec![0x00, 0x07]), "PUBREC 7");
        drop(s); // lost before PUBREL
        let (mut s, _) = listener.accept().unwrap();
        s.set_read_timeout(Some(T)).unwrap();
        read_packet(&mut s);
        s.write_all(&[0x20, 0x02, 0x01, 0x00]).unwrap(); // session present
                                                         // The broker missed the PUBREC: the same message again, DUP 1. Acknowledged again, not
                                                         // delivered again.
        s.write_all(&[0x3c, 0x06, 0x00, 0x01, b't', 0x00, 0x07, b'x'])
            .unwrap();
        let (kind, body) = read_packet(&mut s);
        assert_eq!((kind, body), (0x50, vec![0x00, 0x07]), "PUBREC 7 again");
        s.write_all(&[0x62, 0x02, 0x00, 0x07]).unwrap(); // PUBREL 7
        let (kind, body) = read_packet(&mut s);
        assert_eq!((kind, body), (0x70, vec![0x00, 0x07]), "PUBCOMP 7");
        // Id 7 is free again: a new message with it is a new message.
        s.write_all(&[0x34, 0x06, 0x00, 0x01, b't', 0x00, 0x07, b'y'])
            .unwrap();
        let (kind, body) = read_packet(&mut s);
        assert_eq!((kind, body), (0x50, vec![0x00, 0x07]), "PUBREC 7 for y");
        let (kind, _) = read_packet(&mut s);
        assert_eq!(kind, 0xe0, "DISCONNECT");
    });
    let c = persistent_client(port, "qos2-awaiting-pubrel");
    assert_eq!(messages_until(&c, b"y"), vec![b"x".to_vec(), b"y".to_vec()]);
    c.disconnect(T, &mut || Ok(())).unwrap();
    broker.join().unwrap();
}

#[test]
fn a_pubrel_resent_on_the_resumed_session_is_completed_and_nothing_is_delivered_twice() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let broker = thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        s.set_read_timeout(Some(T)).unwrap();
        read_packet(&mut s);
        s.write_all(&[0x20, 0x02, 0x00, 0x00]).unwrap();
        s.write_all(&[0x34, 0x06, 0x00, 0x01, b't', 0x00, 0x07, b'x'])
            .unwrap(); // PUBLISH q2 7 "x"
        let (kind, body) = read_packet(&mut s);
        assert_eq!((kind, body), (0x50, vec![0x00, 0x07]), "PUBREC 7");
        drop(s); // lost before PUBREL
        let (mut s, _) = listener.accept().unwrap();
        s.set_read_timeout(Some(T)).unwrap();
        read_packet(&mut s);
        s.write_all(&[0x20, 0x02, 0x01, 0x00]).unwrap(); // session present
        s.write_all(&[0x62, 0x02, 0x00, 0x07]).unwrap(); // PUBREL 7 again (MQTT-4.4.0-1)
        let (kind, body) = read_packet(&mut s);
        assert_eq!((kind, body), (0x70, vec![0x00, 0x07]), "PUBCOMP 7");
        s.write_all(&[0x34, 0x06, 0x00, 0x01, b't', 0x00, 0x08, b'y'])
            .unwrap();
        let (kind, body) = read_packet(&mut s);
        assert_eq!((kind, body), (0x50, vec![0x00, 0x08]), "PUBREC 8");
        let (kind, _) = read_packet(&mut s);
        assert_eq!(kind, 0xe0, "DISCONNECT, the link never dropped again");
    });
    let c = persistent_client(port, "qos2-pubrel-resent");
    assert_eq!(messages_until(&c, b"y"), vec![b"x".to_vec(), b"y".to_vec()]);
    assert_eq!(c.stats().0.reconnects, 1);
    c.disconnect(T, &mut || Ok(())).unwrap();
    broker.join().unwrap();
}

fn persistent_client(port: u16, id: &str) -> Connection {
    let pairs = vec![
        ("client_id".to_string(), Value::Str(id.as_bytes().to_vec())),
        ("clean_session".to_string(), Value::Bool(false)),
        ("reconnect_delay".to_string(), Value::Float(0.05)),
    ];
    let o = Options::parse("127.0.0.1", port as i64, &pairs, Defaults::default()).unwrap();
    Connection::connect(o, &mut || Ok(())).unwrap()
}

/// Closes `s` with a reset, as a killed process's socket with unread data is closed.
fn reset(s: TcpStream) {
    use std::os::fd::AsRawFd;
    let linger = libc::linger {
        l_onoff: 1,
        l_linger: 0,
    };
    let size = std::mem::size_of::<libc::linger>() as libc::socklen_t;
    let ptr = &linger as *const libc::linger as *const libc::c_void;
    let r =
        unsafe { libc::setsockopt(s.as_raw_fd(), libc::SOL_SOCKET, libc::SO_LINGER, ptr, size) };
    assert_eq!(r, 0);
    drop(s);
}

#[test]
fn messages_that_arrived_before_a_reset_are_delivered_though_a_write_failed_first() {
    // More than the inbox holds (1,000): the client stops reading with these still unread.
    const N: u16 = 1100;
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (reset_tx, reset_rx) = std::sync::mpsc::channel();
    let broker = thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        s.set_read_timeout(Some(T)).unwrap();
        read_packet(&mut s);
        s.write_all(&[0x20, 0x02, 0x00, 0x00]).unwrap();
        let mut all = Vec::new();
        for id in 1..=N {
            let [hi, lo] = id.to_be_bytes();
            all.extend_from_slice(&[0x32, 0x07, 0x00, 0x01, b't', hi, lo, hi, lo]);
        }
        s.write_all(&all).unwrap();
        for _ in 0..1000 {
            let (kind, _) = read_packet(&mut s);
            assert_eq!(kind, 0x40, "PUBACK");
        }
        // The broker dies: its messages sent and not acknowledged yet are gone with it, as a
        // broker that forwarded a message before saving it loses it.
        reset(s);
        reset_tx.send(()).unwrap();
        let (mut s, _) = listener.accept().unwrap();
        s.set_read_timeout(Some(T)).unwrap();
        read_packet(&mut s);
        s.write_all(&[0x20, 0x02, 0x01, 0x00]).unwrap(); // session present, nothing to resend
        while read_packet(&mut s).0 != 0xe0 {} // until DISCONNECT
    });
    let c = persistent_client(port, "salvage");
    reset_rx.recv_timeout(T).unwrap();
    // Writing comes first: it fails on the reset connection before the rest was read.
    let _ = c.publish(b"w", Bytes::from_static(b"w"), 0, false, T, &mut || Ok(()));
    let mut got = std::collections::BTreeSet::new();
    while got.len() < N as usize {
        match c.next_message(T, &mut || Ok(())).unwrap() {
            Some(m) => got.insert(u16::from_be_bytes([m.payload[0], m.payload[1]])),
            None => break,
        };
    }
    assert_eq!(
        got.len(),
        N as usize,
        "every message that arrived is delivered"
    );
    // Back on the broker's second connection (its second "connected") before saying goodbye.
    let connected = std::iter::from_fn(|| c.next_event(Some(T), &mut || Ok(())).unwrap())
        .filter(|e| matches!(e, mqtt::engine::inbox::Event::Connected { .. }))
        .take(2)
        .count();
    assert_eq!(connected, 2, "reconnected");
    c.disconnect(T, &mut || Ok(())).unwrap();
    broker.join().unwrap();
}
