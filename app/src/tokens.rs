//! Token hygiene: no token is ever forgotten while it may still work.
//!
//! The app holds one access token per linked provider, but the providers keep more alive:
//!
//! - **GitHub** issues a new token at every authorization (each login through the web flow)
//!   and keeps the earlier ones valid (up to ten per user, app and scopes; OAuth App tokens
//!   never expire). So at a GitHub re-login the token the app held is *superseded*: it is
//!   retired in the transaction that stores the new one, then revoked at GitHub before the
//!   callback answers ([`after_login`]). If GitHub cannot be reached it stays retired and is
//!   retried at the next GitHub login ([`after_login`] sweeps) and at that user's GitHub
//!   disconnect, which answers an error and unlinks nothing until every one is dead.
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
//! A login that fails after its code exchange (the profile call or the database write fails)
//! leaves a token nothing will use ([`discard`]). A GitHub one is revoked; if that fails, it is
//! retired without a user and retried at the next sweep. A Google one is *not* revoked: that
//! would end the user's whole grant, and with it the token the app may already hold for a
//! returning user (the login failed before the app could tell who it was), which is exactly a
//! token revoked unnecessarily. It is retired without a user with its expiry instead, so it is
//! never forgotten while it works, and is purged within the hour it lives.
//!
//! Logs name providers, rows and errors, never a token.

use crate::db::{self, retired, retired::Retired};
use crate::error::AppError;
use crate::providers::{Grant, Provider, Revoked};
use crate::state::AppState;

/// How many retired GitHub tokens one login retries at most, so that a long backlog cannot
/// hold a login's answer for long; the rest wait for the next login.
pub const SWEEP_LIMIT: usize = 10;

/// Revokes a retired token and deletes its row once the provider confirmed it dead
/// (revoked now or already); on failure the row stays, with the error noted.
pub async fn revoke_retired(state: &AppState, row: &Retired) -> Result<Revoked, AppError> {
    let id = row.id;
    match state
        .providers
        .revoke(row.provider, &row.access_token)
        .await
    {
        Ok(revoked) => {
            state.db.call(move |conn| retired::forget(conn, id)).await?;
            Ok(revoked)
        }
        Err(error) => {
            let noted = error.to_string();
            state
                .db
                .call(move |conn| retired::record_failure(conn, id, &noted))
                .await?;
            Err(error.into())
        }
    }
}

/// After a successful login: at GitHub, revokes the token it superseded, then retries the
/// retired GitHub tokens whose revocation failed earlier. Best effort: a failure is logged
/// and the row kept; the login succeeds anyway. Never revokes a Google token (that would end
/// the grant, and with it the token just stored).
pub async fn after_login(state: &AppState, provider: Provider, superseded: Option<Retired>) {
    if provider != Provider::GitHub {
        return;
    }
    if let Some(row) = superseded {
        if let Err(error) = revoke_retired(state, &row).await {
            tracing::warn!(%provider, retired_token = row.id, %error,
                "the superseded token could not be revoked: kept, retried at the next login or disconnect");
            // The provider just failed: the sweep would only fail again.
            return;
        }
        tracing::info!(%provider, retired_token = row.id, "the superseded token was revoked");
    }
    sweep(state, provider).await;
}

/// Retries the oldest retired tokens of `provider`, whoever they belong to, stopping at the
/// first failure (the provider is then down or refusing, and the rest would fail alike).
async fn sweep(state: &AppState, provider: Provider) {
    let rows = match state
        .db
        .call(move |conn| retired::to_sweep(conn, provider, SWEEP_LIMIT))
        .await
    {
        Ok(rows) => rows,
        Err(error) => {
            tracing::warn!(%provider, %error, "cannot read the retired tokens to sweep");
            return;
        }
    };
    for row in rows {
        match revoke_retired(state, &row).await {
            Ok(revoked) => {
                tracing::info!(%provider, retired_token = row.id, ?revoked, "retired token swept")
            }
            Err(error) => {
                tracing::warn!(%provider, retired_token = row.id, %error,
                    "a retired token could not be revoked: kept for the next sweep");
                return;
            }
        }
    }
}

/// A token from a login that failed after the code exchange: nothing will use it. A GitHub
/// one is revoked, and retired without a user if that fails; a Google one is retired until it
/// expires, never revoked (see the module docs).
pub async fn discard(state: &AppState, provider: Provider, grant: Grant) {
    let failure = match provider {
        Provider::Google => None,
        Provider::GitHub => match state.providers.revoke(provider, &grant.access_token).await {
            Ok(revoked) => {
                tracing::info!(%provider, ?revoked, "the token of the failed login was revoked");
                return;
            }
            Err(error) => Some(error.to_string()),
        },
    };
    let noted = failure.clone();
    let kept = state
        .db
        .call(move |conn| {
            let now = db::now();
            let ends = retired::lifetime_end(provider, retired::announced_end(&grant, now), now);
            let row = retired::retire(conn, provider, None, &grant.access_token, ends, now)?;
            if let Some(noted) = &noted {
                retired::record_failure(conn, row.id, noted)?;
            }
            Ok(row.id)
        })
        .await;
    match (kept, failure) {
        (Ok(id), None) => tracing::info!(%provider, retired_token = id,
            "the token of the failed login is kept until it expires (revoking it would end the grant)"),
        (Ok(id), Some(error)) => tracing::warn!(%provider, retired_token = id, %error,
            "the token of the failed login could not be revoked: kept, to retry"),
        (Err(db_error), error) => tracing::error!(%provider, ?error, %db_error,
            "the token of the failed login could be neither revoked nor kept"),
    }
}
