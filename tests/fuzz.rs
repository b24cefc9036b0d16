//! Property tests over many random inputs (a fixed-seed xorshift, so a failure reproduces): topic
//! rules, option parsing and packet decoding never panic, and their answers agree with each
//! other. Hand-rolled rather than proptest/quickcheck: no new dependency to build for a few
//! hundred lines of generators.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::thread;
use std::time::{Duration, Instant};

use bytes::BytesMut;
use mqtt::engine::options::KNOWN_KEYS;
use mqtt::engine::topic::{topic_matches, validate_filter, validate_topic};
use mqtt::engine::value::Value;
use mqtt::engine::{Connection, Defaults, ErrorKind, Options};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[self.below(from.len())]
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// A string made mostly of the characters that matter to topics: separators, wildcards, `$`,
/// forbidden code points, multi-byte ones.
fn topicish(rng: &mut Rng) -> String {
    const PARTS: &[&str] = &[
        "a",
        "b",
        "/",
        "/",
        "+",
        "#",
        "$",
        "$share/",
        "$SYS",
        "g",
        "\0",
        "\u{1}",
        "\u{7f}",
        "\u{9f}",
        "é",
        "\u{fdd0}",
        "\u{ffff}",
        "\u{1fffe}",
        "😀",
        " ",
        "",
        "//",
    ];
    let n = rng.below(8);
    (0..n).map(|_| *rng.pick(PARTS)).collect()
}

/// MQTT matching, written the obvious recursive way, to compare with `topic_matches`.
fn reference_match(filter: &[&str], topic: &[&str]) -> bool {
    match (filter.first(), topic.first()) {
        (Some(&"#"), _) => true,
        (Some(&"+"), Some(_)) => reference_match(&filter[1..], &topic[1..]),
        (Some(f), Some(t)) if f == t => reference_match(&filter[1..], &topic[1..]),
        (None, None) => true,
        _ => false,
    }
}

fn reference(filter: &str, topic: &str) -> bool {
    let filter = filter
        .strip_prefix("$share/")
        .and_then(|r| r.split_once('/'))
        .map(|(_, f)| f)
        .unwrap_or(filter);
    if topic.starts_with('$') && (filter.starts_with('+') || filter.starts_with('#')) {
        return false;
    }
    let f: Vec<&str> = filter.split('/').collect();
    let t: Vec<&str> = topic.split('/').collect();
    reference_match(&f, &t)
}

#[test]
fn topic_rules_never_panic_and_agree_with_each_other() {
    let mut rng = Rng(0x5eed_0001);
    let (mut topics, mut filters) = (0, 0);
    for _ in 0..200_000 {
        let t = topicish(&mut rng);
        let f = topicish(&mut rng);
        let as_topic = validate_topic(t.as_bytes());
        let as_filter = validate_filter(&t);
        if let Ok(valid) = as_topic {
            topics += 1;
            assert_eq!(valid, t);
            assert!(!t.is_empty() && !t.contains(['+', '#', '\0']), "{t:?}");
            // Every topic name is a filter that matches itself (but "$share/x" is a shared
            // subscription's prefix when used as a filter).
            if !t.starts_with("$share/") {
                assert!(as_filter.is_ok(), "{t:?}: {as_filter:?}");
                assert!(topic_matches(&t, &t), "{t:?}");
                // "#" matches everything but $-topics; "+/..." as many levels as it has.
                assert_eq!(topic_matches("#", &t), !t.starts_with('$'), "{t:?}");
            }
        } else if let Err(e) = &as_topic {
            assert_eq!(e.kind, ErrorKind::InvalidArgument);
        }
        if let Err(e) = &as_filter {
            assert_eq!(e.kind, ErrorKind::InvalidArgument);
        }
        // Matching never panics, valid or not, and agrees with the reference for valid pairs.
        let m = topic_matches(&f, &t);
        if validate_filter(&f).is_ok() && as_topic.is_ok() {
            filters += 1;
            assert_eq!(m, reference(&f, &t), "filter {f:?}, topic {t:?}");
        }
    }
    // The generator reaches both sides of every rule.
    assert!(topics > 10_000 && filters > 5_000, "{topics} {filters}");
}

#[test]
fn topics_that_are_not_utf8_or_too_long_are_refused() {
    let mut rng = Rng(0x5eed_0002);
    for _ in 0..20_000 {
        let n = rng.below(40);
        let b = rng.bytes(n);
        let utf8 = std::str::from_utf8(&b).is_ok();
        let r = validate_topic(&b);
        if !utf8 {
            assert_eq!(r.unwrap_err().kind, ErrorKind::InvalidArgument);
        }
        let _ = mqtt::engine::topic::validate_filter_bytes(&b);
    }
    let long = "a".repeat(65_536);
    assert!(validate_topic(long.as_bytes()).is_err());
    assert!(validate_filter(&long).is_err());
    assert!(validate_topic("a".repeat(65_535).as_bytes()).is_ok());
}

fn random_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 2 { 7 } else { 8 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 1),
        2 => {
            let any = rng.next() as i64;
            Value::Int(*rng.pick(&[
                0,
                1,
                -1,
                2,
                3,
                4,
                5,
                64,
                65535,
                65536,
                i64::MAX,
                i64::MIN,
                any,
            ]))
        }
        3 => Value::Float(*rng.pick(&[
            0.0,
            -0.0,
            0.001,
            1.5,
            -1.0,
            1e9,
            1e10,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
        ])),
        4 => {
            let n = rng.below(12);
            Value::Str(rng.bytes(n))
        }
        5 => Value::Str(
            rng.pick(&[
                "auto", "manual", "", "mqtt://h", "a/b", "hunter2", "x\0y", "1", "-1", "ca.pem",
            ])
            .as_bytes()
            .to_vec(),
        ),
        6 => Value::Other(["object", "resource", "Closure"][rng.below(3)]),
        _ => {
            let n = rng.below(4);
            Value::Array(
                (0..n)
                    .map(|i| {
                        let key = if rng.below(2) == 0 {
                            i.to_string()
                        } else {
                            rng.pick(&[
                                "topic",
                                "payload",
                                "qos",
                                "retain",
                                "ca_file",
                                "verify_peer",
                                "host",
                                "port",
                                "x",
                            ])
                            .to_string()
                        };
                        (key, random_value(rng, depth + 1))
                    })
                    .collect(),
            )
        }
    }
}

const SECRET: &str = "S3cr3t-pw";

#[test]
fn option_parsing_never_panics_and_only_refuses_with_invalid_argument_never_echoing_the_password() {
    let mut rng = Rng(0x5eed_0003);
    let hosts = [
        "127.0.0.1".to_string(),
        "localhost".to_string(),
        format!("mqtt://u:{SECRET}@h"),
        format!("ws://u:{SECRET}@h:1/x"),
        format!("ws://u:{SECRET}/x@h"),
        format!("u:{SECRET}@h"),
        format!("mqtt://u:{SECRET}@h:99999"),
        format!("mqtt://u:{SECRET}@h/path"),
        format!("bogus://u:{SECRET}@h"),
        format!("mqtt://u:{SECRET}%zz@h"),
        format!("mqtt://u:{SECRET}@"),
        format!("mqtt://u:{SECRET}@[::1"),
        format!("u:{SECRET}@h h"),
        String::new(),
        "h\0".to_string(),
    ];
    let (mut ok, mut refused) = (0, 0);
    for _ in 0..30_000 {
        let host = if rng.below(3) == 0 {
            topicish(&mut rng)
        } else {
            rng.pick(&hosts).clone()
        };
        let port = *rng.pick(&[0, 1, 1883, 65535, 65536, -1, i64::MAX]);
        let n = rng.below(5);
        let mut pairs: Vec<(String, Value)> = (0..n)
            .map(|_| {
                let key = if rng.below(10) == 0 {
                    "nonsense".to_string()
                } else {
                    rng.pick(KNOWN_KEYS).to_string()
                };
                (key, random_value(&mut rng, 0))
            })
            .collect();
        pairs.push(("password".into(), Value::Str(SECRET.as_bytes().to_vec())));
        if rng.below(2) == 0 {
            pairs.push(("username".into(), Value::Str(b"u".to_vec())));
        }
        match Options::parse(&host, port, &pairs, Defaults::default()) {
            Ok(o) => {
                ok += 1;
                assert!(!format!("{:?}", o.password).contains(SECRET));
            }
            Err(e) => {
                refused += 1;
                assert_eq!(
                    e.kind,
                    ErrorKind::InvalidArgument,
                    "{host:?} {pairs:?}: {e:?}"
                );
                assert!(
                    !e.message.contains(SECRET),
                    "the password is in the error: {}",
                    e.message
                );
            }
        }
    }
    assert!(ok > 100 && refused > 100, "{ok} {refused}");
}

/// Valid packets of every type a broker may send, to mutate.
fn seeds() -> Vec<Vec<u8>> {
    vec![
        vec![0x20, 0x02, 0x00, 0x00],
        vec![0x30, 0x05, 0x00, 0x01, b't', b'h', b'i'],
        vec![0x32, 0x07, 0x00, 0x01, b't', 0x00, 0x05, b'h', b'i'],
        vec![0x34, 0x07, 0x00, 0x01, b't', 0x00, 0x06, b'h', b'i'],
        vec![0x40, 0x02, 0x00, 0x01],
        vec![0x50, 0x02, 0x00, 0x01],
        vec![0x62, 0x02, 0x00, 0x01],
        vec![0x70, 0x02, 0x00, 0x01],
        vec![0x90, 0x03, 0x00, 0x01, 0x01],
        vec![0xB0, 0x02, 0x00, 0x01],
        vec![0xD0, 0x00],
    ]
}

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut p = rng.pick(seeds).clone();
    for _ in 0..1 + rng.below(4) {
        match rng.below(5) {
            0 if !p.is_empty() => {
                let i = rng.below(p.len());
                p[i] = rng.next() as u8;
            }
            1 if !p.is_empty() => {
                let i = rng.below(p.len());
                p[i] ^= 1 << rng.below(8);
            }
            2 => {
                let at = rng.below(p.len() + 1);
                p.truncate(at);
            }
            3 => {
                let n = rng.below(8);
                p.extend(rng.bytes(n));
            }
            _ => p.extend(rng.pick(seeds).iter().copied()),
        }
    }
    p
}

#[test]
fn decoding_random_and_mutated_packets_never_panics() {
    let mut rng = Rng(0x5eed_0004);
    let seeds = seeds();
    for i in 0..200_000 {
        let bytes = if i % 4 == 0 {
            let n = rng.below(32);
            rng.bytes(n)
        } else {
            mutate(&mut rng, &seeds)
        };
        let mut buf = BytesMut::from(&bytes[..]);
        // Reads packets until the bytes run out or one is refused.
        for _ in 0..16 {
            if rumqttc::Packet::read(&mut buf, 1024).is_err() {
                break;
            }
        }
    }
}

/// A fake broker that accepts each connection, answers CONNACK and then sends `bytes` once.
#[test]
fn the_client_survives_random_packets_from_a_broker() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut rng = Rng(0x5eed_0005);
    let seeds = seeds();
    let cases: Vec<Vec<u8>> = (0..150)
        .map(|_| {
            let n = 1 + rng.below(4);
            (0..n).flat_map(|_| mutate(&mut rng, &seeds)).collect()
        })
        .collect();
    let sent = cases.clone();
    let server = thread::spawn(move || {
        for bytes in sent {
            let (mut s, _) = listener.accept().unwrap();
            s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let mut buf = [0u8; 512];
            let _ = s.read(&mut buf); // CONNECT
            let _ = s.write_all(&[0x20, 0x02, 0x00, 0x00]);
            let _ = s.write_all(&bytes);
            // Then the connection ends: what the client made of the bytes shows before that.
            s.set_read_timeout(Some(Duration::from_millis(100)))
                .unwrap();
            let _ = s.read(&mut buf);
        }
    });
    let started = Instant::now();
    for bytes in &cases {
        let pairs = vec![
            ("reconnect".to_string(), Value::Bool(false)),
            ("timeout".to_string(), Value::Float(0.5)),
            ("connect_timeout".to_string(), Value::Float(2.0)),
        ];
        let o = Options::parse("127.0.0.1", port as i64, &pairs, Defaults::default()).unwrap();
        let c = Connection::connect(o, &mut || Ok(())).expect("CONNACK comes first");
        // Take whatever arrives until the connection ends; it must end as a connection loss or a
        // protocol error, never a panic in the driver.
        let deadline = Instant::now() + Duration::from_secs(5);
        let e = loop {
            match c.next_message(Duration::from_millis(200), &mut || Ok(())) {
                Ok(_) => assert!(Instant::now() < deadline, "{bytes:x?}: never closed"),
                Err(e) => break e,
            }
        };
        assert_eq!(e.kind, ErrorKind::Connection, "{bytes:x?}: {e:?}");
        let why = c.closed_reason().expect("closed");
        assert!(
            !why.message.contains("internal error"),
            "{bytes:x?}: {why:?}"
        );
    }
    server.join().unwrap();
    assert!(started.elapsed() < Duration::from_secs(60));
}
