//! The revocation queue: a background task that retries every pending revocation (a retired
//! token the app owes a revocation, see [`crate::db::retired`]) until the provider confirms
//! the token dead.
//!
//! - **Durable.** The queue is the `retired_tokens` table: a revocation is queued in the same
//!   transaction that stops using its token, so a crash (even `SIGKILL`) at any point loses
//!   nothing, and the task resumes with whatever is due when the app starts again.
//! - **Backoff.** A failed attempt is due again after [`crate::backoff::Backoff`]'s capped,
//!   jittered wait (1 s, 2 s, 4 s... up to 5 minutes by default).
//! - **Once.** A row is deleted as soon as the provider confirmed its token dead, and one
//!   attempt at a time is made per row ([`crate::state::AppState::revoking`]): no revocation
//!   is sent again once confirmed.
//! - **Refusals.** A refusal that retrying cannot fix (wrong client credentials) is logged as
//!   an error, shown on the user's home page and in `/me`, and not retried, until the next
//!   start: the operator may have corrected the configuration by then.
//! - **Unreadable rows.** A row whose sealed token does not open is set aside
//!   ([`tokens::set_aside`]): still pending, logged, shown, tried again at the next start;
//!   the rows after it go on. One bad row never stops the queue for everyone.
//! - **Restarts.** At start-up every pending revocation is due at once.
//!
//! Its failures are logged with their whole cause (`{:#}`), never as a bare "Internal Server
//! Error".

use std::time::Duration;

use crate::db::{self, retired};
use crate::state::AppState;
use crate::tokens::{self, Attempt};

/// How many due revocations one pass takes at most, between two looks at the clock.
const BATCH: usize = 16;
/// How long the task sleeps when nothing is due (a queued revocation wakes it at once).
const IDLE: Duration = Duration::from_secs(60);
/// How soon to look again at a row another request was revoking.
const BUSY_RETRY: Duration = Duration::from_millis(100);

/// Runs the queue until the app stops.
pub async fn run(state: AppState) {
    start(&state).await;
    loop {
        let wait = match pass(&state).await {
            Ok(wait) => wait,
            Err(error) => {
                tracing::error!(error = %format!("{error:#}"),
                    "the revocation queue failed: trying again in a minute");
                IDLE
            }
        };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = state.queue.notified() => {}
        }
    }
}

/// At start-up every pending revocation is due at once (refused and set-aside ones too: the
/// configuration, the key or the database may have been corrected), and what is pending is
/// logged.
async fn start(state: &AppState) {
    let counts = state
        .db
        .run(|conn| {
            let (refused, set_aside) = retired::held_back_count(conn)?;
            Ok((
                retired::due_at_start(conn, db::now_ms())?,
                refused,
                set_aside,
            ))
        })
        .await;
    match counts {
        Ok((0, ..)) => {}
        Ok((pending, refused, set_aside)) => tracing::info!(
            pending,
            refused,
            set_aside,
            "revocation queue: resuming the pending revocations, refused and set-aside ones included"
        ),
        Err(error) => tracing::error!(error = %format!("{error:#}"),
            "the revocation queue cannot read the database"),
    }
}

/// Attempts every revocation due now, and says how long to wait before the next pass.
async fn pass(state: &AppState) -> anyhow::Result<Duration> {
    let mut busy = false;
    loop {
        let due = state
            .db
            .run(|conn| retired::due(conn, db::now_ms(), BATCH))
            .await?;
        let full = due.len() == BATCH;
        for row in &due {
            let row = match row {
                Ok(row) => row,
                Err(unopened) => {
                    tokens::set_aside(state, unopened).await?;
                    continue;
                }
            };
            match tokens::revoke_retired(state, row).await? {
                Attempt::Ended(revoked) => tracing::info!(provider = %row.provider,
                    retired_token = row.id, ?revoked, "queued revocation confirmed"),
                Attempt::Failed(error) => tracing::warn!(provider = %row.provider,
                    retired_token = row.id, attempts = row.attempts + 1, %error,
                    "queued revocation failed: tried again later"),
                Attempt::Superseded => tracing::info!(provider = %row.provider,
                    retired_token = row.id, "queued revocation dropped: the Google account is \
                    linked again, its grant in use; the token is left to expire"),
                Attempt::Busy => busy = true,
            }
        }
        if !full || busy {
            break;
        }
    }
    let next = state.db.run(|conn| retired::next_due_ms(conn)).await?;
    let wait = match next {
        Some(at) => Duration::from_millis(u64::try_from(at - db::now_ms()).unwrap_or(0)).min(IDLE),
        None => IDLE,
    };
    Ok(if busy { wait.min(BUSY_RETRY) } else { wait })
}
