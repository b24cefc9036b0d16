//! The event pump under every client's loop(): hands what has arrived to the client's
//! dispatcher, on the PHP thread, and waits only while nothing that counts has run.

use std::cell::Cell;
use std::time::Duration;

use ext_php_rs::exception::{PhpException, PhpResult};

use crate::engine::wait::deadline_in;
use crate::engine::{self, Connection, Event, Tick};

/// Dispatches the events waiting on `conn`; when none has counted yet (`dispatch` returns how
/// many callbacks an event ran), waits up to `wait` for one that does. Stops when `exit` is set
/// and after one inbox's worth of events, so that a busy broker cannot keep a call here
/// forever. Returns the total `dispatch` counted.
pub fn pump(
    conn: &Connection,
    wait: Duration,
    tick: Tick,
    exit: &Cell<bool>,
    error: fn(engine::Error) -> PhpException,
    mut dispatch: impl FnMut(Event) -> PhpResult<i64>,
) -> PhpResult<i64> {
    let deadline = deadline_in(wait);
    let (mut counted, mut handled) = (0, 0);
    while handled < engine::inbox::MAX_MESSAGES && !exit.get() {
        let wait = if counted == 0 {
            deadline.saturating_duration_since(std::time::Instant::now())
        } else {
            Duration::ZERO
        };
        let Some(event) = conn.next_event(Some(wait), tick).map_err(error)? else {
            break;
        };
        counted += dispatch(event)?;
        handled += 1;
    }
    Ok(counted)
}
