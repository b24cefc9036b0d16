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

const T: Duration = Duration::from_secs(5);

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
