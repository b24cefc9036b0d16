//! MQTT 5 behaviour that mosquitto 2.0.11 cannot show (it closes connections without a
//! DISCONNECT and sends no reason strings): checked against a scripted fake broker on loopback.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

use bytes::Bytes;
use mqtt::engine::error::ErrorKind;
use mqtt::engine::value::Value;
use mqtt::engine::{Connection, Defaults, Options};

mod wire;
use wire::read_packet;

const T: Duration = Duration::from_secs(5);

/// A packet with a reason code and a Reason String property (0x1F).
fn with_reason(first: u8, head: &[u8], reason: u8, text: &str) -> Vec<u8> {
    let mut props = vec![0x1F, 0, text.len() as u8];
    props.extend_from_slice(text.as_bytes());
    let mut body = head.to_vec();
    body.push(reason);
    body.push(props.len() as u8);
    body.extend(props);
    let mut p = vec![first, body.len() as u8];
    p.extend(body);
    p
}

/// A fake MQTT 5 broker: accepts one client, answers CONNECT, then runs `script`.
fn fake_broker(
    script: impl FnOnce(&mut TcpStream) + Send + 'static,
) -> (u16, thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        s.set_read_timeout(Some(T)).unwrap();
        let (kind, body) = read_packet(&mut s);
        assert_eq!(kind >> 4, 1, "CONNECT first");
        assert_eq!(body[6], 5, "protocol level 5");
        // CONNACK, accepted, receive maximum 2.
        s.write_all(&[0x20, 0x06, 0x00, 0x00, 0x03, 0x21, 0x00, 0x02])
            .unwrap();
        script(&mut s);
    });
    (port, handle)
}

fn connect(port: u16) -> Connection {
    let pairs = vec![
        ("reconnect".to_string(), Value::Bool(false)),
        ("protocol".to_string(), Value::Int(5)),
    ];
    let o = Options::parse("127.0.0.1", port as i64, &pairs, Defaults::default()).unwrap();
    Connection::connect(o, &mut || Ok(())).unwrap()
}

#[test]
fn a_refused_publish_carries_the_reason_code_and_string() {
    let (port, broker) = fake_broker(|s| {
        let (kind, body) = read_packet(s);
        assert_eq!(kind >> 4, 3, "PUBLISH");
        let pkid = [body[3], body[4]]; // after the 1-byte topic "t"
        s.write_all(&with_reason(0x40, &pkid, 0x97, "quota of the day used up"))
            .unwrap();
        let _ = read_packet(s); // DISCONNECT
    });
    let c = connect(port);
    let e = c
        .publish(b"t", Bytes::from_static(b"x"), 1, false, T, &mut || Ok(()))
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Protocol);
    assert_eq!(e.code, 0x97);
    assert_eq!(
        e.message,
        "the broker rejected the publish: quota exceeded (reason code 0x97): quota of the day \
         used up"
    );
    assert!(c.is_connected(), "a refusal does not end the connection");
    c.disconnect(T, &mut || Ok(())).unwrap();
    broker.join().unwrap();
}

#[test]
fn a_server_disconnect_ends_the_connection_with_its_reason() {
    let (port, broker) = fake_broker(|s| {
        s.write_all(&with_reason(0xE0, &[], 0x8B, "maintenance"))
            .unwrap();
    });
    let c = connect(port);
    let e = match c.next_message(T, &mut || Ok(())) {
        Err(e) => e,
        Ok(_) => c.closed_reason().expect("the connection ended"),
    };
    assert_eq!(e.kind, ErrorKind::Connection);
    assert_eq!(e.code, 0x8B);
    assert!(
        e.message.ends_with(
            "closed by the broker: server shutting down (reason code 0x8b): maintenance"
        ),
        "{}",
        e.message
    );
    broker.join().unwrap();
}

#[test]
fn no_more_than_the_brokers_receive_maximum_is_in_flight() {
    let (port, broker) = fake_broker(|s| {
        // Two QoS 1 publishes arrive; the third must wait for an acknowledgement.
        let mut ids = Vec::new();
        for _ in 0..2 {
            let (kind, body) = read_packet(s);
            assert_eq!(kind >> 4, 3);
            ids.push([body[3], body[4]]);
        }
        s.set_read_timeout(Some(Duration::from_millis(300)))
            .unwrap();
        let mut probe = [0u8; 1];
        assert!(
            s.read(&mut probe).is_err(),
            "a third publish came past the receive maximum"
        );
        s.set_read_timeout(Some(T)).unwrap();
        for id in ids {
            s.write_all(&[0x40, 0x02, id[0], id[1]]).unwrap();
        }
        let (kind, body) = read_packet(s);
        assert_eq!(kind >> 4, 3, "the third after the acknowledgements");
        s.write_all(&[0x40, 0x02, body[3], body[4]]).unwrap();
        let _ = read_packet(s);
    });
    let c = connect(port);
    let batch = std::sync::Arc::new(mqtt::engine::batch::Batch::default());
    for _ in 0..3 {
        c.publish_start(
            b"t",
            Bytes::from_static(b"x"),
            1,
            false,
            &batch,
            T,
            &mut || Ok(()),
        )
        .unwrap();
    }
    let deadline = std::time::Instant::now() + T;
    assert!(c.wait_batch(&batch, deadline, &mut || Ok(())).unwrap());
    c.disconnect(T, &mut || Ok(())).unwrap();
    broker.join().unwrap();
}

/// (topic, packet id, topic alias, dup) of an MQTT 5 QoS 1 PUBLISH.
fn publish_fields(first: u8, body: &[u8]) -> (String, u16, Option<u16>, bool) {
    let tlen = u16::from_be_bytes([body[0], body[1]]) as usize;
    let topic = String::from_utf8(body[2..2 + tlen].to_vec()).unwrap();
    let at = 2 + tlen;
    let pkid = u16::from_be_bytes([body[at], body[at + 1]]);
    let plen = body[at + 2] as usize; // short property lists: one length byte
    let props = &body[at + 3..at + 3 + plen];
    let alias = props
        .windows(3)
        .find(|w| w[0] == 0x23)
        .map(|w| u16::from_be_bytes([w[1], w[2]]));
    (topic, pkid, alias, first & 0x08 != 0)
}

#[test]
fn repeated_topics_go_as_aliases_and_a_resent_publish_names_its_topic_again() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let broker = thread::spawn(move || {
        // CONNACK, accepted, topic alias maximum 4 (session present on the second connection).
        let connack = |present: u8| [0x20, 0x06, present, 0x00, 0x03, 0x22, 0x00, 0x04];
        let (mut s, _) = listener.accept().unwrap();
        s.set_read_timeout(Some(T)).unwrap();
        read_packet(&mut s);
        s.write_all(&connack(0)).unwrap();
        let (f1, b1) = read_packet(&mut s);
        let first = publish_fields(f1, &b1);
        s.write_all(&[0x40, 0x02, (first.1 >> 8) as u8, first.1 as u8])
            .unwrap();
        let (f2, b2) = read_packet(&mut s);
        let second = publish_fields(f2, &b2);
        drop(s); // lost before the second is acknowledged
        let (mut s, _) = listener.accept().unwrap();
        s.set_read_timeout(Some(T)).unwrap();
        read_packet(&mut s);
        s.write_all(&connack(1)).unwrap();
        let (f3, b3) = read_packet(&mut s);
        let resent = publish_fields(f3, &b3);
        s.write_all(&[0x40, 0x02, (resent.1 >> 8) as u8, resent.1 as u8])
            .unwrap();
        let _ = read_packet(&mut s);
        (first, second, resent)
    });
    let pairs = vec![
        ("protocol".to_string(), Value::Int(5)),
        ("clean_session".to_string(), Value::Bool(false)),
        ("client_id".to_string(), Value::Str(b"alias-test".to_vec())),
        ("reconnect_delay".to_string(), Value::Float(0.01)),
    ];
    let o = Options::parse("127.0.0.1", port as i64, &pairs, Defaults::default()).unwrap();
    let c = Connection::connect(o, &mut || Ok(())).unwrap();
    for _ in 0..2 {
        c.publish(
            b"sensors/building-7/floor-3/temperature",
            Bytes::from_static(b"21"),
            1,
            false,
            T,
            &mut || Ok(()),
        )
        .unwrap();
    }
    c.disconnect(T, &mut || Ok(())).unwrap();
    let (first, second, resent) = broker.join().unwrap();
    let topic = "sensors/building-7/floor-3/temperature".to_string();
    assert_eq!(
        (first.0, first.2),
        (topic.clone(), Some(1)),
        "the first names topic and alias"
    );
    assert_eq!(
        (second.0, second.2),
        (String::new(), Some(1)),
        "the second only the alias"
    );
    assert_eq!(
        (resent.0, resent.1, resent.2, resent.3),
        (topic, second.1, None, true),
        "resent on the new connection: its topic in full, the same packet id, DUP, no alias"
    );
}

#[test]
fn a_refused_unsubscribe_carries_its_reason_code() {
    let (port, broker) = fake_broker(|s| {
        for reason in [0x87u8, 0x11] {
            let (kind, body) = read_packet(s);
            assert_eq!(kind >> 4, 10, "UNSUBSCRIBE");
            s.write_all(&[0xB0, 0x04, body[0], body[1], 0x00, reason])
                .unwrap();
        }
        let _ = read_packet(s);
    });
    let c = connect(port);
    let e = c.unsubscribe("a/#", T, &mut || Ok(())).unwrap_err();
    assert_eq!((e.kind, e.code), (ErrorKind::Protocol, 0x87));
    assert_eq!(
        e.message,
        "the broker refused the unsubscription: not authorized (reason code 0x87)"
    );
    // 0x11 "no subscription existed" is a success.
    c.unsubscribe("b/#", T, &mut || Ok(())).unwrap();
    c.disconnect(T, &mut || Ok(())).unwrap();
    broker.join().unwrap();
}
