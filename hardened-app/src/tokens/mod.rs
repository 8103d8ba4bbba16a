//! Token hygiene: no token is ever forgotten while it may still work.
//!
//! The app holds one access token per linked provider, but the providers keep more alive:
//!
//! - **GitHub** issues a new token at every authorization (each login through the web flow)
//!   and keeps the earlier ones valid (up to ten per user, app and scopes; OAuth App tokens
//!   never expire). So at a GitHub re-login the token the app held is *superseded*: it is
//!   retired in the transaction that stores the new one, then revoked at GitHub before the
//!   callback answers ([`after_login`]). If GitHub cannot be reached it stays retired, pending
//!   in the revocation queue ([`queue`]), which retries it with backoff until GitHub confirms
//!   it dead; that user's GitHub disconnect tries it again at once too.
//! - **Google** issues a new access token at every code exchange (3599 s) and keeps the
//!   older ones until they expire, but revoking *any* token of a grant ends the whole grant,
//!   the new token included. So a superseded Google token is never revoked: it is retired
//!   with its expiry and purged once that has passed; a Google disconnect, which ends the
//!   grant, deletes the user's retired Google rows with it.
//!
//! So at a GitHub re-login the app revokes the superseded token (never a Google one), rather
//! than removing the whole grant at disconnect. Why: a token is never forgotten while it may
//! still work, and GitHub keeps every token of every login alive, so a superseded one is
//! ended as soon as the app stops using it instead of living on until a disconnect that may
//! never come; Google is the exception, because revoking any of its tokens ends the whole
//! grant, the new token included; and a disconnect still sweeps whatever is left (retired
//! GitHub tokens whose revocation failed, then the token the app holds).
//!
//! A disconnect that cannot reach the provider unlinks at once and leaves the token pending in
//! the queue (see [`crate::routes::disconnect`]): a Google one too, since the user asked for
//! the grant to end. A new login of that Google account cancels it (the grant is in use
//! again), and the token is left to expire; a call already on its way is checked after
//! ([`grant`]).
//!
//! A login that fails after its code exchange (the profile call or the database write fails)
//! leaves a token nothing will use ([`discard`]). A GitHub one is revoked; if that fails, it is
//! retired without a user, pending in the queue. A Google one is *not* revoked: that
//! would end the user's whole grant, and with it the token the app may already hold for a
//! returning user (the login failed before the app could tell who it was), which is exactly a
//! token revoked unnecessarily. It is retired without a user with its expiry instead, so it is
//! never forgotten while it works, and is purged within the hour it lives.
//!
//! Logs name providers, rows and errors, never a token.

pub mod grant;
pub mod queue;

use crate::db::{self, retired, retired::Retired, retired::Unopened};
use crate::providers::{Grant, Provider, ProviderError, Revoked};
use crate::state::AppState;

/// How one attempt at a retired token's revocation ended.
#[derive(Debug)]
pub enum Attempt {
    /// The provider confirmed the token dead (revoked now, or already): its row is gone.
    Ended(Revoked),
    /// The provider did not: the row stays, due again later (or refused, see
    /// [`ProviderError::is_transient`]).
    Failed(ProviderError),
    /// Another request, or the queue, is revoking this token right now.
    Busy,
    /// A queued Google revocation no longer owed: its account was linked again, so the grant
    /// is in use ([`grant::still_owed`]). Not sent; the token is left to expire.
    Superseded,
}

/// Revokes a retired token and deletes its row once the provider confirmed it dead; a
/// Google revocation that ended the grant deletes the user's older Google rows too, whose
/// tokens ended with it. On failure the row stays, due again after the backoff, or marked
/// refused (logged as an error: only the operator can fix it).
pub async fn revoke_retired(state: &AppState, row: &Retired) -> anyhow::Result<Attempt> {
    let Some(_one_at_a_time) = state.revoking.begin(&row.id) else {
        return Ok(Attempt::Busy);
    };
    if !grant::owed(state, row).await? {
        return Ok(Attempt::Superseded);
    }
    match state
        .providers
        .revoke(row.provider, &row.access_token)
        .await
    {
        Ok(revoked) => {
            let ended = row.clone();
            state
                .db
                .run(move |conn| forget_ended(conn, &ended, revoked))
                .await?;
            if revoked == Revoked::Now {
                grant::settle_after_queue(state, row).await?;
            }
            Ok(Attempt::Ended(revoked))
        }
        Err(error) => {
            let failure = failure(state, &error, row.attempts + 1);
            let id = row.id;
            if failure.refused {
                tracing::error!(provider = %row.provider, retired_token = id, %error,
                    "the provider refused a revocation in a way retrying cannot fix: \
                     correct the app's configuration and restart it");
            }
            state
                .db
                .run(move |conn| match failure.refused {
                    true => retired::refuse(conn, id, &failure.error),
                    false => retired::postpone(conn, id, &failure.error, failure.next_ms),
                })
                .await?;
            // The queue may be asleep until later than this row's next attempt.
            state.queue.notify_one();
            Ok(Attempt::Failed(error))
        }
    }
}

/// Sets aside a row whose token does not open: it cannot be revoked, and must not be
/// forgotten while it may still work. It stays pending, shown to its user, and is logged as an
/// error naming the row and the cause, for the operator (see the README's "revocation
/// queue"); the next start tries it again.
pub async fn set_aside(state: &AppState, row: &Unopened) -> anyhow::Result<()> {
    let id = row.id;
    state
        .db
        .run(move |conn| retired::set_aside(conn, id, retired::DOES_NOT_OPEN))
        .await?;
    tracing::error!(provider = %row.provider, retired_token = id,
        "a pending revocation is set aside: {}", retired::DOES_NOT_OPEN);
    Ok(())
}

/// Deletes a row the provider confirmed dead, with the older Google rows a revocation that
/// ended the grant killed.
fn forget_ended(
    conn: &mut rusqlite::Connection,
    row: &Retired,
    revoked: Revoked,
) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    retired::forget(&tx, row.id)?;
    if let (Provider::Google, Revoked::Now, Some(user)) = (row.provider, revoked, &row.user_id) {
        retired::forget_ended_with_grant(&tx, user, Provider::Google, row.id, db::now())?;
    }
    tx.commit()
}

/// What the queue keeps of the `failures`-th failed attempt: the error, whether retrying can
/// fix it, and when the next attempt is due.
pub fn failure(state: &AppState, error: &ProviderError, failures: u32) -> retired::Failure {
    let wait = state.config().retry.delay(failures);
    retired::Failure {
        error: error.to_string(),
        attempts: failures,
        refused: !error.is_transient(),
        next_ms: db::now_ms().saturating_add(i64::try_from(wait.as_millis()).unwrap_or(i64::MAX)),
    }
}

/// After a successful login: at GitHub, revokes the token it superseded. Best effort: a
/// failure leaves it pending in the queue; the login succeeds anyway. Never revokes a Google
/// token (that would end the grant, and with it the token just stored).
pub async fn after_login(state: &AppState, provider: Provider, superseded: Option<Retired>) {
    let Some(row) = superseded.filter(|_| provider == Provider::GitHub) else {
        return;
    };
    match revoke_retired(state, &row).await {
        Ok(Attempt::Ended(_)) => {
            tracing::info!(%provider, retired_token = row.id, "the superseded token was revoked")
        }
        Ok(Attempt::Busy | Attempt::Superseded) => {}
        Ok(Attempt::Failed(error)) => tracing::warn!(%provider, retired_token = row.id, %error,
            "the superseded token could not be revoked: pending in the revocation queue"),
        Err(error) => {
            tracing::warn!(%provider, retired_token = row.id, error = %format!("{error:#}"),
            "the superseded token's revocation could not be recorded: the queue retries it")
        }
    }
}

/// A token from a login that failed after the code exchange: nothing will use it. A GitHub
/// one is revoked, and retired without a user (pending in the queue) if that fails; a Google
/// one is retired until it expires, never revoked (see the module docs).
pub async fn discard(state: &AppState, provider: Provider, grant: Grant) {
    let failure = match provider {
        Provider::Google => None,
        Provider::GitHub => match state.providers.revoke(provider, &grant.access_token).await {
            Ok(revoked) => {
                tracing::info!(%provider, ?revoked, "the token of the failed login was revoked");
                return;
            }
            Err(error) => Some(failure(state, &error, 1)),
        },
    };
    let noted = failure.clone();
    let kept = state
        .db
        .run(move |conn| {
            let now = db::now();
            let ends = retired::lifetime_end(provider, retired::announced_end(&grant, now), now);
            let row = retired::retire(conn, provider, None, &grant.access_token, ends, now)?;
            match &noted {
                Some(f) if f.refused => retired::refuse(conn, row.id, &f.error)?,
                Some(f) => retired::postpone(conn, row.id, &f.error, f.next_ms)?,
                None => {}
            }
            Ok(row.id)
        })
        .await;
    if failure.is_some() {
        state.queue.notify_one();
    }
    match (kept, failure) {
        (Ok(id), None) => tracing::info!(%provider, retired_token = id,
            "the token of the failed login is kept until it expires (revoking it would end the grant)"),
        (Ok(id), Some(f)) => tracing::warn!(%provider, retired_token = id, error = %f.error,
            "the token of the failed login could not be revoked: pending in the revocation queue"),
        (Err(db_error), error) => {
            tracing::error!(%provider, ?error, db_error = %format!("{db_error:#}"),
            "the token of the failed login could be neither revoked nor kept")
        }
    }
}
