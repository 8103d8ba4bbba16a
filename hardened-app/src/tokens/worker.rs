//! The revocation worker: a background task beside the server that retries every pending
//! revocation (the revocation queue: the pending rows of `retired_tokens`, see
//! [`crate::db::retired`]) until the provider confirms the token dead, each through
//! [`revoke`], as a request would.
//!
//! - **Durable.** A revocation is queued in the same transaction that stops using its token,
//!   or before its first call, so a crash (even `SIGKILL`) at any point loses nothing, and the
//!   worker resumes with whatever is due when the app starts again.
//! - **Backoff.** A failed attempt is due again after [`crate::backoff::Backoff`]'s capped,
//!   jittered wait (1 s, 2 s, 4 s... up to 5 minutes by default).
//! - **Woken.** A request that leaves a revocation pending wakes it
//!   ([`crate::state::AppState::wake_worker`]); otherwise it sleeps until the next row is due.
//! - **Refusals** wait for the next start, when the operator may have corrected the
//!   configuration (see [`super::revoke`]).
//! - **Unreadable rows.** A row whose sealed token does not open is set aside
//!   ([`set_aside`]): still pending, logged, shown, tried again at the next start; the rows
//!   after it go on. One bad row never stops the worker for everyone.
//! - **Restarts.** At start-up every pending revocation is due at once.
//!
//! Its failures are logged with their whole cause (`{:#}`), never as a bare "Internal Server
//! Error".

use std::time::Duration;

use crate::db::retired::Retired;
use crate::db::{self, accounts, retired};
use crate::state::AppState;
use crate::tokens::grant::LinkedToken;
use crate::tokens::revoke::{Attempt, Claim, revoke, set_aside};

/// How many due revocations one pass takes at most, between two looks at the clock.
const BATCH: usize = 16;
/// How long the worker sleeps when nothing is due (a request that queues a revocation wakes
/// it at once).
const IDLE: Duration = Duration::from_secs(60);
/// How soon to look again at a row another request was revoking.
const BUSY_RETRY: Duration = Duration::from_millis(100);

/// Runs the worker until the app stops.
pub async fn run(state: AppState) {
    start(&state).await;
    loop {
        let wait = match pass(&state).await {
            Ok(wait) => wait,
            Err(error) => {
                tracing::error!(error = %format!("{error:#}"),
                    "the revocation worker failed: trying again in a minute");
                IDLE
            }
        };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = state.wake_worker.notified() => {}
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
            let (refused, set_aside) = retired::pending::held_back_count(conn)?;
            Ok((
                retired::pending::due_at_start(conn, db::now_ms())?,
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
            "revocation worker: resuming the pending revocations, refused and set-aside ones included"
        ),
        Err(error) => tracing::error!(error = %format!("{error:#}"),
            "the revocation worker cannot read the database"),
    }
}

/// Attempts every revocation due now, and says how long to wait before the next pass.
async fn pass(state: &AppState) -> anyhow::Result<Duration> {
    let mut busy = false;
    loop {
        let due = state
            .db
            .run(|conn| retired::pending::due(conn, db::now_ms(), BATCH))
            .await?;
        let full = due.len() == BATCH;
        for row in due {
            let row = match row {
                Ok(row) => row,
                Err(unopened) => {
                    set_aside(&state.db, &unopened).await?;
                    continue;
                }
            };
            match Claim::take(&state.revoking, row) {
                Some(claim) => attempt(state, &claim).await?,
                None => busy = true,
            }
        }
        if !full || busy {
            break;
        }
    }
    let next = state
        .db
        .run(|conn| retired::pending::next_due_ms(conn))
        .await?;
    let wait = match next {
        Some(at) => Duration::from_millis(u64::try_from(at - db::now_ms()).unwrap_or(0)).min(IDLE),
        None => IDLE,
    };
    Ok(if busy { wait.min(BUSY_RETRY) } else { wait })
}

/// One attempt at a due row, logged; a confirmed one is settled ([`settle`]).
async fn attempt(state: &AppState, claim: &Claim) -> anyhow::Result<()> {
    let row = &claim.row;
    match revoke(state, claim).await? {
        Attempt::Ended {
            revoked,
            newer_dead,
            ..
        } => {
            tracing::info!(provider = %row.provider, retired_token = row.id, ?revoked,
                "queued revocation confirmed");
            settle(state, row, newer_dead).await?;
        }
        Attempt::Failed(failure) => tracing::warn!(provider = %row.provider,
            retired_token = row.id, attempts = failure.attempts, error = %failure.error,
            "queued revocation failed: tried again later"),
        Attempt::Superseded => tracing::info!(provider = %row.provider,
            retired_token = row.id, "queued revocation dropped: the Google account is \
            linked again, its grant in use; the token is left to expire"),
    }
    Ok(())
}

/// After a confirmed revocation, no dead token stays linked: the row's own (a disconnect
/// that stopped between retiring it and unlinking: the app was killed), and one a Google
/// login linked while the call ended its grant ([`crate::tokens::grant`]). Each is unlinked,
/// or on the user's only link kept without a token ([`accounts::forget_dead`]).
async fn settle(
    state: &AppState,
    row: &Retired,
    newer_dead: Option<LinkedToken>,
) -> anyhow::Result<()> {
    let Some(user_id) = row.user_id.clone() else {
        return Ok(());
    };
    let (provider, own) = (row.provider, row.access_token.clone());
    let newer = newer_dead.clone().map(|dead| dead.token);
    state
        .db
        .run(move |conn| {
            accounts::forget_dead(conn, &user_id, provider, &own)?;
            match newer {
                Some(token) => accounts::forget_dead(conn, &user_id, provider, &token),
                None => Ok(false),
            }
        })
        .await?;
    if let Some(dead) = newer_dead {
        tracing::warn!(user = %dead.user_id,
            "Google was linked again while a queued revocation was ending its grant: the new \
             token died with the grant and is unlinked (link Google again to renew it)");
    }
    Ok(())
}
