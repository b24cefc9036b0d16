//! How long to wait before reconnecting.
//!
//! Exponential between `reconnect_delay` and `reconnect_max_delay`, with jitter so that many
//! workers cut off together do not come back together. The delay goes back to the minimum only
//! after a connection stayed up for a while: a connection that fails right after CONNACK (another
//! client taking over the same client id, a message the client cannot accept) backs off instead
//! of reconnecting ten times a second forever.

use std::time::{Duration, Instant};

/// A connection that lasted this long is considered healthy when it is lost.
pub const STABLE_AFTER: Duration = Duration::from_secs(10);

pub struct Backoff {
    min: Duration,
    max: Duration,
    next: Duration,
    up_since: Option<Instant>,
    seed: u64,
}

impl Backoff {
    pub fn new(min: Duration, max: Duration) -> Backoff {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1)
            ^ ((std::process::id() as u64) << 32);
        Backoff {
            min,
            max: max.max(min),
            next: min,
            up_since: None,
            seed: seed | 1,
        }
    }

    /// A CONNACK accepted the connection.
    pub fn connected(&mut self) {
        self.up_since = Some(Instant::now());
    }

    /// The connection failed or could not be made: how long to wait before the next attempt.
    pub fn next_delay(&mut self) -> Duration {
        if let Some(since) = self.up_since.take() {
            if since.elapsed() >= STABLE_AFTER {
                self.next = self.min;
            }
        }
        let base = self.next;
        self.next = (self.next * 2).min(self.max);
        // Between half and all of the base delay.
        let half = base / 2;
        half + half.mul_f64(self.random())
    }

    /// xorshift64*: jitter needs no more than that.
    fn random(&mut self) -> f64 {
        let mut x = self.seed;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.seed = x;
        (x.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_to_the_maximum_and_stays_there_while_connections_fail_quickly() {
        let mut b = Backoff::new(Duration::from_millis(100), Duration::from_secs(1));
        let mut last = Duration::ZERO;
        for i in 0..10 {
            b.connected(); // up, then lost at once: not a healthy connection
            let d = b.next_delay();
            let base = Duration::from_millis(100 * (1 << i.min(10))).min(Duration::from_secs(1));
            assert!(
                d >= base / 2 && d <= base,
                "attempt {i}: {d:?} outside {base:?}"
            );
            assert!(d >= last / 4);
            last = d;
        }
    }

    #[test]
    fn starts_over_after_a_stable_connection() {
        let mut b = Backoff::new(Duration::from_millis(100), Duration::from_secs(30));
        for _ in 0..5 {
            b.next_delay();
        }
        b.up_since = Some(Instant::now() - STABLE_AFTER);
        assert!(b.next_delay() <= Duration::from_millis(100));
    }
}
