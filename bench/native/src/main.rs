//! Reference publisher for bench/run.sh: rumqttc 0.25 on a current-thread tokio runtime, with
//! tcp_nodelay and 20 messages in flight, the way the extension drives it minus PHP.
//!
//! Usage: mqtt-bench-native HOST PORT MODE QOS N [PAYLOAD_BYTES] [INFLIGHT] [TOPIC]
//!   MODE async     publish N messages through the request channel while the event loop runs;
//!                  done when the last one is written (QoS 0) or acknowledged (PUBACK / PUBCOMP)
//!   MODE blocking  one at a time: publish, then poll until its PUBACK / PUBCOMP (QoS 0: until it
//!                  is written) before the next
//!
//! Prints one line `RESULT n=N secs=S start=T0 end=T1` (T0/T1 are Unix times in seconds, taken
//! after CONNACK and at the last acknowledgement), like the PHP scenarios of bench/run.sh.

use rumqttc::{AsyncClient, Event, EventLoop, Incoming, MqttOptions, NetworkOptions, Outgoing, QoS};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};


fn unix_now() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs_f64()
}

fn die(msg: String) -> ! {
    eprintln!("mqtt-bench-native: {msg}");
    std::process::exit(2)
}

/// Whether `ev` completes one publish of QoS `qos`.
fn completes(ev: &Event, qos: QoS) -> bool {
    match (qos, ev) {
        (QoS::AtMostOnce, Event::Outgoing(Outgoing::Publish(_))) => true,
        (QoS::AtLeastOnce, Event::Incoming(Incoming::PubAck(_))) => true,
        (QoS::ExactlyOnce, Event::Incoming(Incoming::PubComp(_))) => true,
        _ => false,
    }
}

async fn poll(el: &mut EventLoop) -> Event {
    match el.poll().await {
        Ok(ev) => ev,
        Err(e) => die(format!("connection error: {e}")),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 6 {
        die("usage: HOST PORT async|blocking QOS N [PAYLOAD_BYTES] [INFLIGHT] [TOPIC]".into());
    }
    let host = args[1].clone();
    let port: u16 = args[2].parse().unwrap_or_else(|_| die("bad port".into()));
    let mode = args[3].as_str();
    let qos = match args[4].as_str() {
        "0" => QoS::AtMostOnce,
        "1" => QoS::AtLeastOnce,
        "2" => QoS::ExactlyOnce,
        q => die(format!("bad qos {q}")),
    };
    let n: usize = args[5].parse().unwrap_or_else(|_| die("bad N".into()));
    let size: usize = args.get(6).map_or(64, |s| s.parse().unwrap_or_else(|_| die("bad size".into())));
    let inflight: u16 = args.get(7).map_or(20, |s| s.parse().unwrap_or_else(|_| die("bad inflight".into())));
    let topic: String = args.get(8).cloned().unwrap_or_else(|| "bench/native".into());

    let mut opts = MqttOptions::new(format!("bench-native-{}", std::process::id()), host, port);
    opts.set_keep_alive(Duration::from_secs(60));
    opts.set_inflight(inflight);
    opts.set_max_packet_size(1 << 20, 1 << 20);
    let (client, mut el) = AsyncClient::new(opts, 1024);
    let mut net = NetworkOptions::new();
    net.set_tcp_nodelay(true);
    el.set_network_options(net);

    // Connect before the clock starts, as the PHP scenarios do.
    loop {
        if let Event::Incoming(Incoming::ConnAck(_)) = poll(&mut el).await {
            break;
        }
    }
    let payload = vec![b'x'; size];
    let start_unix = unix_now();
    let start = Instant::now();
    match mode {
        "async" => {
            let c = client.clone();
            let p = payload.clone();
            let t = topic.clone();
            let producer = tokio::spawn(async move {
                for _ in 0..n {
                    if c.publish(t.as_str(), qos, false, p.clone()).await.is_err() {
                        break;
                    }
                }
            });
            let mut done = 0;
            while done < n {
                if completes(&poll(&mut el).await, qos) {
                    done += 1;
                }
            }
            producer.await.unwrap();
        }
        "blocking" => {
            for _ in 0..n {
                client
                    .publish(topic.as_str(), qos, false, payload.clone())
                    .await
                    .unwrap_or_else(|e| die(format!("publish: {e}")));
                while !completes(&poll(&mut el).await, qos) {}
            }
        }
        m => die(format!("bad mode {m}")),
    }
    let secs = start.elapsed().as_secs_f64();
    let end_unix = start_unix + secs;
    println!("RESULT n={n} secs={secs:.6} start={start_unix:.6} end={end_unix:.6}");

    // Leave cleanly (DISCONNECT), without counting it.
    let _ = client.disconnect().await;
    let deadline = Instant::now() + Duration::from_secs(2);
    while Instant::now() < deadline {
        match tokio::time::timeout(Duration::from_millis(200), el.poll()).await {
            Ok(Ok(Event::Outgoing(Outgoing::Disconnect))) | Ok(Err(_)) | Err(_) => break,
            _ => {}
        }
    }
}
