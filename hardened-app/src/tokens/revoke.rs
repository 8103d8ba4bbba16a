//! The one way the app revokes a token: it is retired first (a row of `retired_tokens`,
//! pending: the revocation queue), then [`revoke`] sends the call and records its outcome on
//! that row, the same way whoever calls it: a disconnect, a login (the token it superseded, or
//! its own token when it failed), or the revocation worker's retries ([`super::worker`]).
//!
//! - **Confirmed** (revoked, or already revoked): the row is deleted; a Google revocation that
//!   ended the grant deletes the user's older Google rows with it, whose tokens ended too.
//! - **Failed**: the row stays, due again after the backoff, or, when retrying cannot fix it
//!   (wrong client credentials), marked refused and logged as an error for the operator.
//! - **Once**: a row is revoked by whoever holds its [`Claim`], one at a time, so a revocation
//!   the provider confirmed is never sent again.

use crate::db::retired::pending::{self, Failure};
use crate::db::retired::{self, Retired, Unopened};
use crate::db::{self, Db};
use crate::providers::{ProviderError, Revoked};
use crate::state::{AppState, Busy, BusyGuard};
use crate::tokens::grant::{self, LinkedToken};

/// A retired row being revoked: while it lives, nobody else sends its revocation
/// ([`AppState::revoking`]).
pub struct Claim {
    pub row: Retired,
    _busy: BusyGuard<(i64, String)>,
}

impl Claim {
    /// Claims `row`; `None` when a request or the worker is revoking it already.
    pub fn take(revoking: &Busy<(i64, String)>, row: Retired) -> Option<Claim> {
        let busy = revoking.begin(&(row.id, row.access_token.clone()))?;
        Some(Claim { row, _busy: busy })
    }
}

/// How one attempt at a retired token's revocation ended.
#[derive(Debug)]
pub enum Attempt {
    /// The provider confirmed the token dead: its row is gone.
    Ended {
        revoked: Revoked,
        /// Older tokens of the user that ended with a Google grant (unexpired ones), their
        /// rows deleted with this one.
        older: usize,
        /// A token a login linked for that Google account meanwhile, dead with the grant
        /// ([`grant::died_meanwhile`]): the caller does not keep it linked.
        newer_dead: Option<LinkedToken>,
    },
    /// The provider did not: the row stays, with this failure recorded.
    Failed(Failure),
    /// A pending Google revocation no longer owed: its account was linked again, so the grant
    /// is in use ([`grant::still_owed`]). Not sent; the token is left to expire.
    Superseded,
}

/// Sends the claimed row's revocation and records its outcome on the row.
pub async fn revoke(state: &AppState, claim: &Claim) -> anyhow::Result<Attempt> {
    let row = &claim.row;
    if !grant::owed(state, row).await? {
        return Ok(Attempt::Superseded);
    }
    match state
        .providers
        .revoke(row.provider, &row.access_token)
        .await
    {
        Ok(revoked) => confirmed(state, row, revoked).await,
        Err(error) => {
            let failure = failure(state, &error, row.attempts + 1);
            record(state, row, &failure).await?;
            Ok(Attempt::Failed(failure))
        }
    }
}

/// Records a row the disconnect did not try because an older one failed first: due with the
/// backoff, its error naming the older one's.
pub async fn untried(state: &AppState, claim: &Claim, older: &Failure) -> anyhow::Result<Failure> {
    let failure = Failure {
        error: format!(
            "not tried yet: an older token's failed first ({})",
            older.error
        ),
        attempts: claim.row.attempts,
        next_ms: due_after(state, 0),
        refused: older.refused,
    };
    record(state, &claim.row, &failure).await?;
    Ok(failure)
}

/// The provider confirmed the token dead: the row goes, with the older Google rows a revoked
/// grant ended; then, if that grant ended, a token linked for it meanwhile is asked of Google.
async fn confirmed(state: &AppState, row: &Retired, revoked: Revoked) -> anyhow::Result<Attempt> {
    // "Already revoked" may only mean the token expired: the grant was not ended by this call.
    let grant_ended = revoked == Revoked::Now && grant::account(row).is_some();
    let ended = row.clone();
    let older = state
        .db
        .run(move |conn| retired::confirm(conn, &ended, grant_ended))
        .await?;
    let newer_dead = match grant_ended {
        true => grant::died_meanwhile(state, row).await?,
        false => None,
    };
    Ok(Attempt::Ended {
        revoked,
        older,
        newer_dead,
    })
}

/// Records a failed attempt on its row (a refusal logged as an error: only the operator can
/// fix it), and wakes the worker, which may be asleep until later than the row is due.
async fn record(state: &AppState, row: &Retired, failure: &Failure) -> anyhow::Result<()> {
    if failure.refused {
        tracing::error!(provider = %row.provider, retired_token = row.id, error = %failure.error,
            "the provider refused a revocation in a way retrying cannot fix: \
             correct the app's configuration and restart it");
    }
    let (id, noted) = (row.id, failure.clone());
    state
        .db
        .run(move |conn| pending::record_failure(conn, id, &noted))
        .await?;
    state.wake_worker.notify_one();
    Ok(())
}

/// What the revocation queue keeps of the `attempts`-th failed attempt: the error, whether
/// retrying can fix it, and when the next attempt is due.
fn failure(state: &AppState, error: &ProviderError, attempts: u32) -> Failure {
    Failure {
        error: error.to_string(),
        attempts,
        refused: !error.is_transient(),
        next_ms: due_after(state, attempts),
    }
}

/// When a row whose `failures` attempts failed is due again, in milliseconds since the epoch.
pub fn due_after(state: &AppState, failures: u32) -> i64 {
    let wait = state.config().retry.delay(failures);
    db::now_ms().saturating_add(i64::try_from(wait.as_millis()).unwrap_or(i64::MAX))
}

/// Sets aside a row whose token does not open: it cannot be revoked, and must not be
/// forgotten while it may still work. It stays pending, shown to its user, and is logged as an
/// error naming the row and the cause, for the operator (see the README's "revocation
/// queue"); the next start tries it again.
pub async fn set_aside(db: &Db, row: &Unopened) -> anyhow::Result<()> {
    let id = row.id;
    db.run(move |conn| pending::set_aside(conn, id, pending::DOES_NOT_OPEN))
        .await?;
    tracing::error!(provider = %row.provider, retired_token = id,
        "a pending revocation is set aside: {}", pending::DOES_NOT_OPEN);
    Ok(())
}
