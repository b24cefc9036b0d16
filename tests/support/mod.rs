//! A real mosquitto for the engine tests: own config, free loopback port, stopped by PID on drop.
#![allow(dead_code)]

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Broker {
    pub port: u16,
    dir: PathBuf,
    child: Option<Child>,
    extra: String,
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Broker {
    pub fn start() -> Broker {
        Self::start_with("")
    }

    /// Starts mosquitto with extra configuration lines.
    pub fn start_with(extra: &str) -> Broker {
        let port = free_port();
        let dir =
            std::env::temp_dir().join(format!("mqtt-engine-test-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut b = Broker {
            port,
            dir,
            child: None,
            extra: extra.to_string(),
        };
        b.spawn();
        b
    }

    fn spawn(&mut self) {
        let conf = self.dir.join("mosquitto.conf");
        let mut f = std::fs::File::create(&conf).unwrap();
        writeln!(
            f,
            "listener {} 127.0.0.1\nallow_anonymous true\npersistence false\n{}",
            self.port, self.extra
        )
        .unwrap();
        let child = Command::new("mosquitto")
            .arg("-c")
            .arg(&conf)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("mosquitto must be installed (apt-get install mosquitto)");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "mosquitto did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// SIGKILL: the broker vanishes without a word.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    pub fn restart(&mut self) {
        self.kill();
        self.spawn();
    }
}

impl Drop for Broker {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs `mosquitto_sub` for `count` messages on `topic`, returning its output lines.
pub fn sub(port: u16, topic: &str, count: usize) -> std::process::Child {
    Command::new("mosquitto_sub")
        .args([
            "-h",
            "127.0.0.1",
            "-p",
            &port.to_string(),
            "-t",
            topic,
            "-C",
            &count.to_string(),
            "-W",
            "20",
            "-q",
            "2",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap()
}
