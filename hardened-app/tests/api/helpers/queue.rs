//! The revocation queue in tests: schedules that make the revocation worker wait or hurry, and
//! waiting for the queue to empty. A test that looks at a pending revocation runs with
//! [`PAUSED`] (nothing is retried while it looks); one that watches the worker deliver runs
//! with [`FAST`] and [`TestApp::queue_drained`], which waits for the outcome, never for a
//! duration.

use std::time::{Duration, Instant};

use hardened_app::backoff::Backoff;

use super::TestApp;
use super::database::RetiredRow;

/// The worker retries nothing for an hour: pending revocations stay as they are.
pub const PAUSED: Backoff = Backoff {
    first: Duration::from_secs(3600),
    cap: Duration::from_secs(3600),
};

/// The worker retries within milliseconds.
pub const FAST: Backoff = Backoff {
    first: Duration::from_millis(10),
    cap: Duration::from_millis(40),
};

impl TestApp {
    /// The rows the app owes a revocation, oldest first.
    pub fn pending(&self) -> Vec<RetiredRow> {
        self.retired().into_iter().filter(|r| r.pending).collect()
    }

    /// Waits until no revocation is pending, failing after 20 s with what is left.
    pub async fn queue_drained(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let pending = self.pending();
            if pending.is_empty() {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "still pending after 20 s: {pending:?}"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}
