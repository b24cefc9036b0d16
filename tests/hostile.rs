//! Nothing a broker sends may crash or hang the client: scripted, deliberately hostile servers on
//! loopback (silent, garbage, a 256 MiB packet announced, a connection dropped mid-packet, a
//! flood). Each must end the blocking call with an error of the right kind within its timeout,
//! with bounded memory; with `reconnect` off every later call must fail too.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use bytes::Bytes;
use mqtt::engine::inbox::{HARD_MAX_MESSAGES, MAX_MESSAGES};
use mqtt::engine::value::Value;
use mqtt::engine::{Connection, Defaults, Error, ErrorKind, Options};

/// Timeout of the client's blocking calls in these tests.
const T: Duration = Duration::from_millis(700);
/// What a call may take beyond its timeout (a busy machine).
const SLACK: Duration = Duration::from_millis(1500);

/// Serialises the tests that measure the process's memory.
static MEMORY: Mutex<()> = Mutex::new(());

/// A hostile server on a free loopback port: runs `script` for each connection, until dropped.
struct Server {
    port: u16,
    stop: Arc<AtomicBool>,
    accepted: Arc<AtomicUsize>,
    thread: Option<thread::JoinHandle<()>>,
}

type Script = dyn Fn(&mut TcpStream, &AtomicBool) + Send + Sync;

impl Server {
    fn start(script: impl Fn(&mut TcpStream, &AtomicBool) + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let accepted = Arc::new(AtomicUsize::new(0));
        let script: Arc<Script> = Arc::new(script);
        let (stop2, accepted2) = (stop.clone(), accepted.clone());
        let thread = thread::spawn(move || {
            let mut clients = Vec::new();
            while !stop2.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((mut s, _)) => {
                        accepted2.fetch_add(1, Ordering::SeqCst);
                        s.set_nonblocking(false).unwrap();
                        s.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
                        s.set_write_timeout(Some(Duration::from_millis(50)))
                            .unwrap();
                        let (script, stop) = (script.clone(), stop2.clone());
                        clients.push(thread::spawn(move || script(&mut s, &stop)));
                    }
                    Err(_) => thread::sleep(Duration::from_millis(5)),
                }
            }
            for c in clients {
                let _ = c.join();
            }
        });
        Server {
            port,
            stop,
            accepted,
            thread: Some(thread),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Reads one MQTT packet (first byte, body); None on timeout, end of stream or stop.
fn read_packet(s: &mut TcpStream, stop: &AtomicBool) -> Option<(u8, Vec<u8>)> {
    let mut read = |n: usize| -> Option<Vec<u8>> {
        let mut buf = vec![0u8; n];
        let mut at = 0;
        let deadline = Instant::now() + Duration::from_secs(5);
        while at < n {
            if stop.load(Ordering::SeqCst) || Instant::now() > deadline {
                return None;
            }
            match s.read(&mut buf[at..]) {
                Ok(0) => return None,
                Ok(k) => at += k,
                Err(e) if is_timeout(&e) => {}
                Err(_) => return None,
            }
        }
        Some(buf)
    };
    let first = read(1)?[0];
    let (mut len, mut shift) = (0usize, 0);
    loop {
        let b = read(1)?[0];
        len |= ((b & 0x7f) as usize) << shift;
        shift += 7;
        if b & 0x80 == 0 {
            break;
        }
    }
    Some((first, read(len)?))
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
    )
}

/// Keeps the connection open, reading and discarding, until the server stops or the client
/// closes it.
fn hold(s: &mut TcpStream, stop: &AtomicBool) {
    let mut buf = [0u8; 4096];
    while !stop.load(Ordering::SeqCst) {
        match s.read(&mut buf) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) if is_timeout(&e) => {}
            Err(_) => return,
        }
    }
}

/// Reads CONNECT and accepts it.
fn accept_connect(s: &mut TcpStream, stop: &AtomicBool) -> bool {
    match read_packet(s, stop) {
        Some((k, _)) if k >> 4 == 1 => s.write_all(&[0x20, 0x02, 0x00, 0x00]).is_ok(),
        _ => false,
    }
}

fn options(port: u16, extra: &[(&str, Value)]) -> Options {
    let mut pairs = vec![
        ("reconnect".to_string(), Value::Bool(false)),
        ("connect_timeout".to_string(), Value::Float(T.as_secs_f64())),
        ("timeout".to_string(), Value::Float(T.as_secs_f64())),
    ];
    pairs.extend(extra.iter().map(|(k, v)| (k.to_string(), v.clone())));
    Options::parse("127.0.0.1", port as i64, &pairs, Defaults::default()).unwrap()
}

fn connect(port: u16, extra: &[(&str, Value)]) -> mqtt::engine::Result<Connection> {
    Connection::connect(options(port, extra), &mut || Ok(()))
}

/// Runs `f`, asserting it ends within `limit`.
fn within<R>(limit: Duration, what: &str, f: impl FnOnce() -> R) -> R {
    let started = Instant::now();
    let r = f();
    let took = started.elapsed();
    assert!(took <= limit, "{what} took {took:?}, more than {limit:?}");
    r
}

fn connect_fails(port: u16) -> Error {
    within(T + SLACK, "connect", || connect(port, &[]))
        .err()
        .expect("connect must fail")
}

/// With the connection gone and reconnect off, every blocking call fails with a connection
/// error, again and again, at once.
fn every_call_fails(c: &Connection) {
    let ok = &mut || Ok(());
    for _ in 0..3 {
        let e = within(SLACK, "receive", || c.next_message(T, ok)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Connection, "{e:?}");
    }
    let e = within(SLACK, "publish", || {
        c.publish(b"t", Bytes::from_static(b"x"), 1, false, T, ok)
    })
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Connection, "{e:?}");
    let e = within(SLACK, "subscribe", || c.subscribe("t", 1, T, ok)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Connection, "{e:?}");
    assert!(!c.is_connected());
}

/// Waits (at most `limit`) for the connection to close: a receive() that fails.
fn lost_within(c: &Connection, limit: Duration) -> Error {
    let started = Instant::now();
    loop {
        match c.next_message(Duration::from_millis(100), &mut || Ok(())) {
            Err(e) => return e,
            Ok(_) => assert!(started.elapsed() < limit, "still connected after {limit:?}"),
        }
    }
}

#[test]
fn a_server_that_accepts_and_never_answers_fails_connect_within_its_timeout() {
    let server = Server::start(hold);
    let e = connect_fails(server.port);
    assert_eq!(e.kind, ErrorKind::Connection, "{e:?}");
    assert!(server.accepted.load(Ordering::SeqCst) >= 1);
}

#[test]
fn a_broker_that_stops_answering_times_out_each_call_then_keep_alive_drops_it() {
    let server = Server::start(|s, stop| {
        if accept_connect(s, stop) {
            hold(s, stop); // never an acknowledgement, never a PINGRESP
        }
    });
    let c = connect(server.port, &[("keep_alive", Value::Int(1))]).unwrap();
    let ok = &mut || Ok(());
    let e = within(T + SLACK, "publish", || {
        c.publish(b"t", Bytes::from_static(b"x"), 1, false, T, ok)
    })
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Timeout, "{e:?}");
    let e = within(T + SLACK, "subscribe", || c.subscribe("t/#", 1, T, ok)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Timeout, "{e:?}");
    // No PINGRESP: the connection is given up after at most two keep-alive periods.
    let e = lost_within(&c, Duration::from_secs(4));
    assert_eq!(e.kind, ErrorKind::Connection, "{e:?}");
    every_call_fails(&c);
}

/// A deterministic xorshift generator.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

#[test]
fn garbage_instead_of_connack_fails_connect() {
    for seed in 1..=8u64 {
        let server = Server::start(move |s, stop| {
            if read_packet(s, stop).is_some() {
                let mut rng = Rng(seed * 0x9E37_79B9_7F4A_7C15);
                // Never a valid CONNACK: the first byte is not 0x20.
                let mut junk = rng.bytes(64);
                junk[0] |= 0x01;
                let _ = s.write_all(&junk);
                hold(s, stop);
            }
        });
        let e = connect_fails(server.port);
        assert_eq!(e.kind, ErrorKind::Connection, "seed {seed}: {e:?}");
    }
}

#[test]
fn http_instead_of_mqtt_fails_connect() {
    let server = Server::start(|s, stop| {
        let _ = read_packet(s, stop);
        let _ = s.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        hold(s, stop);
    });
    let e = connect_fails(server.port);
    assert_eq!(e.kind, ErrorKind::Connection, "{e:?}");
}

#[test]
fn garbage_after_connack_closes_the_connection() {
    // A reserved packet type, a CONNACK twice, a PUBLISH with QoS 3, a topic that is not UTF-8,
    // a length that never ends.
    let junk: [&[u8]; 5] = [
        &[0xF0, 0x00],
        &[0x20, 0x02, 0x00, 0x00],
        &[0x36, 0x05, 0x00, 0x01, b't', 0x00, 0x01],
        &[0x30, 0x05, 0x00, 0x03, 0xC3, 0x28, 0xFF],
        &[0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
    ];
    for bytes in junk {
        let server = Server::start(move |s, stop| {
            if accept_connect(s, stop) {
                let _ = s.write_all(bytes);
                hold(s, stop);
            }
        });
        let c = connect(server.port, &[]).unwrap();
        let e = within(T + SLACK, "receive", || lost_within(&c, T));
        assert_eq!(e.kind, ErrorKind::Connection, "{bytes:x?}: {e:?}");
        every_call_fails(&c);
    }
}

#[test]
fn a_256_mib_packet_announced_after_connack_is_refused_without_allocating_it() {
    let _one = MEMORY.lock().unwrap_or_else(|e| e.into_inner());
    let server = Server::start(|s, stop| {
        if accept_connect(s, stop) {
            // PUBLISH with the largest remaining length there is (256 MiB - 1), then a trickle.
            let _ = s.write_all(&[0x30, 0xFF, 0xFF, 0xFF, 0x7F, 0x00, 0x01, b't']);
            hold(s, stop);
        }
    });
    let before = rss_kib();
    let c = connect(server.port, &[]).unwrap();
    let e = within(T + SLACK, "receive", || lost_within(&c, T));
    assert_eq!(e.kind, ErrorKind::Connection, "{e:?}");
    assert!(e.message.contains("max_packet_size"), "{e:?}");
    every_call_fails(&c);
    let grown = rss_kib().saturating_sub(before);
    assert!(grown < 32 * 1024, "resident memory grew by {grown} KiB");
}

#[test]
fn a_connection_dropped_in_the_middle_of_connack_fails_connect() {
    let server = Server::start(|s, stop| {
        if read_packet(s, stop).is_some() {
            let _ = s.write_all(&[0x20, 0x02, 0x00]);
            // dropped here
        }
    });
    let e = connect_fails(server.port);
    assert_eq!(e.kind, ErrorKind::Connection, "{e:?}");
}

#[test]
fn a_connection_dropped_in_the_middle_of_a_publish_fails_every_later_call() {
    let server = Server::start(|s, stop| {
        if accept_connect(s, stop) {
            // Half a PUBLISH (announces 100 bytes, sends 6), then the connection goes.
            let _ = s.write_all(&[0x30, 100, 0x00, 0x01, b't', b'x', b'y', b'z']);
        }
    });
    let c = connect(server.port, &[]).unwrap();
    let e = within(T + SLACK, "receive", || lost_within(&c, T));
    assert_eq!(e.kind, ErrorKind::Connection, "{e:?}");
    every_call_fails(&c);
}

#[test]
fn a_blocking_receive_wakes_with_an_error_when_the_connection_drops() {
    let server = Server::start(|s, stop| {
        if accept_connect(s, stop) {
            // Gives the client time to block in receive() first.
            let deadline = Instant::now() + Duration::from_millis(300);
            while Instant::now() < deadline && !stop.load(Ordering::SeqCst) {
                thread::sleep(Duration::from_millis(10));
            }
        }
    });
    let c = connect(server.port, &[]).unwrap();
    let started = Instant::now();
    let e = c
        .next_message(Duration::from_secs(30), &mut || Ok(()))
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Connection, "{e:?}");
    assert!(started.elapsed() < Duration::from_secs(5), "woke at once");
    every_call_fails(&c);
}

/// Resident memory of this process, from /proc/self/status.
fn rss_kib() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// A QoS 0 PUBLISH of `payload` bytes on topic "f".
fn publish_packet(payload: usize) -> Vec<u8> {
    let remaining = 3 + payload;
    let mut p = vec![0x30];
    let mut n = remaining;
    loop {
        let b = (n % 128) as u8;
        n /= 128;
        p.push(if n > 0 { b | 0x80 } else { b });
        if n == 0 {
            break;
        }
    }
    p.extend_from_slice(&[0x00, 0x01, b'f']);
    p.resize(p.len() + payload, b'x');
    p
}

/// Floods PUBLISHes of `payload` bytes as fast as the client takes them, up to `limit` bytes in
/// all (so that a client without a bound shows it without exhausting the machine). Reads
/// nothing: a QoS 1 publish of the client's is never acknowledged.
fn flood(payload: usize, limit: usize, sent: Arc<AtomicUsize>) -> Server {
    Server::start(move |s, stop| {
        if !accept_connect(s, stop) {
            return;
        }
        let packet = publish_packet(payload);
        while !stop.load(Ordering::SeqCst) && sent.load(Ordering::SeqCst) < limit {
            match s.write(&packet) {
                Ok(n) => {
                    sent.fetch_add(n, Ordering::SeqCst);
                    if n < packet.len() && s.write_all(&packet[n..]).is_err() {
                        return;
                    }
                    sent.fetch_add(packet.len() - n, Ordering::SeqCst);
                }
                Err(e) if is_timeout(&e) => {}
                Err(_) => return,
            }
        }
        hold(s, stop);
    })
}

/// Waits until the server has written `n` more bytes or stopped making progress for a second.
fn settle(sent: &AtomicUsize) {
    let mut last = sent.load(Ordering::SeqCst);
    let mut still_since = Instant::now();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline && still_since.elapsed() < Duration::from_millis(500) {
        thread::sleep(Duration::from_millis(50));
        let now = sent.load(Ordering::SeqCst);
        if now != last {
            last = now;
            still_since = Instant::now();
        }
    }
}

#[test]
fn a_flood_fills_the_inbox_to_its_limit_and_the_broker_is_throttled() {
    let _one = MEMORY.lock().unwrap_or_else(|e| e.into_inner());
    let sent = Arc::new(AtomicUsize::new(0));
    let server = flood(1024, 512 << 20, sent.clone());
    let before = rss_kib();
    let c = connect(server.port, &[]).unwrap();
    settle(&sent); // the server is blocked: the client stopped reading
    let queued = c.stats().2;
    assert!(
        (MAX_MESSAGES..MAX_MESSAGES + 128).contains(&queued),
        "{queued} messages queued"
    );
    assert!(
        sent.load(Ordering::SeqCst) < 64 << 20,
        "the flood was not throttled"
    );
    let grown = rss_kib().saturating_sub(before);
    assert!(grown < 48 * 1024, "resident memory grew by {grown} KiB");
    // Consuming makes room and the flood resumes.
    let ok = &mut || Ok(());
    for _ in 0..2 * MAX_MESSAGES {
        let m = c.next_message(T, ok).unwrap().expect("a message");
        assert_eq!(m.payload.len(), 1024);
    }
    drop(server);
}

#[test]
fn a_flood_while_a_publish_is_never_acknowledged_stays_bounded() {
    let _one = MEMORY.lock().unwrap_or_else(|e| e.into_inner());
    let sent = Arc::new(AtomicUsize::new(0));
    // 512 MiB at most: an unbounded client would keep most of it.
    let server = flood(16 * 1024, 512 << 20, sent.clone());
    let before = rss_kib();
    let c = connect(server.port, &[]).unwrap();
    // Its PUBACK never comes: the publish stays in flight while the flood goes on.
    let e = c
        .publish(b"t", Bytes::from_static(b"x"), 1, false, T, &mut || Ok(()))
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Timeout, "{e:?}");
    settle(&sent);
    let queued = c.stats().2;
    let written = sent.load(Ordering::SeqCst);
    assert!(
        queued <= HARD_MAX_MESSAGES,
        "{queued} messages queued, {written} bytes taken from the broker"
    );
    assert!(written < 160 << 20, "{written} bytes taken from the broker");
    let grown = rss_kib().saturating_sub(before);
    assert!(grown < 160 * 1024, "resident memory grew by {grown} KiB");
    drop(server);
}
