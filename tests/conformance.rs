//! Where rumqttc 0.25 departs from MQTT, the engine must not: checked against a scripted fake
//! broker on loopback that sends what a real broker may send and reads the client's exact
//! packets back.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

use bytes::Bytes;
use mqtt::engine::value::Value;
use mqtt::engine::{Connection, Defaults, Options};

const T: Duration = Duration::from_secs(5);

/// One MQTT packet from the stream: (first byte, body).
fn read_packet(s: &mut TcpStream) -> (u8, Vec<u8>) {
    let mut first = [0u8; 1];
    s.read_exact(&mut first).unwrap();
    let (mut len, mut shift) = (0usize, 0);
    loop {
        let mut b = [0u8; 1];
        s.read_exact(&mut b).unwrap();
        len |= ((b[0] & 0x7f) as usize) << shift;
        shift += 7;
        if b[0] & 0x80 == 0 {
            break;
        }
    }
    let mut body = vec![0u8; len];
    s.read_exact(&mut body).unwrap();
    (first[0], body)
}

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
