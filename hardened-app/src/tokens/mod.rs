//! Token hygiene: no token is ever forgotten while it may still work.
//!
//! The app holds one access token per linked provider, but the providers keep more alive:
//!
//! - **GitHub** issues a new token at every authorization (each login through the web flow)
//!   and keeps the earlier ones valid (up to ten per user, app and scopes; OAuth App tokens
//!   never expire). So at a GitHub re-login the token the app held is *superseded*: it is
//!   retired in the transaction that stores the new one, then revoked at GitHub before the
//!   callback answers ([`after_login`]). If GitHub cannot be reached it stays retired, pending
//!   in the revocation queue, which the revocation worker ([`worker`]) retries with backoff
//!   until GitHub confirms it dead; that user's GitHub disconnect tries it again at once too.
//! - **Google** issues a new access token at every code exchange (3599 s) and keeps the
//!   older ones until they expire, but revoking *any* token of a grant ends the whole grant,
//!   the new token included. So a superseded Google token is never revoked: it is retired
//!   with its expiry and purged once that has passed; a Google disconnect, which ends the
//!   grant, deletes the user's retired Google rows with it.
//!
//! Why revoke GitHub's superseded tokens at each re-login rather than remove the whole grant
//! at disconnect: a superseded token is then ended as soon as the app stops using it, instead
//! of living on until a disconnect that may never come; and a disconnect still sweeps
//! whatever is left (retired GitHub tokens whose revocation failed, then the token the app
//! holds).
//!
//! Every token the app revokes is retired first, then revoked by one function that records
//! the outcome on its row ([`revoke`]), whoever calls it. A disconnect that cannot reach the
//! provider unlinks at once and leaves the token pending in the revocation queue (see
//! [`crate::routes::disconnect`]): a Google one too, since the user asked for the grant to
//! end. A new login of that Google account cancels it (the grant is in use again), and the
//! token is left to expire; a call already on its way is checked after ([`grant`]).
//!
//! A login that fails after its code exchange (the profile call or the database write fails)
//! leaves a token nothing will use ([`discard`]). A GitHub one is retired without a user and
//! revoked; if that fails, it stays pending in the revocation queue. A Google one is *not* revoked: that
//! would end the user's whole grant, and with it the token the app may already hold for a
//! returning user (the login failed before the app could tell who it was), which is exactly a
//! token revoked unnecessarily. It is retired without a user with its expiry instead, so it is
//! never forgotten while it works, and is purged within the hour it lives.
//!
//! Logs name providers, rows and errors, never a token.

pub mod grant;
pub mod revoke;
pub mod worker;

use crate::db::{self, retired, retired::Retired};
use crate::providers::Grant;
use crate::state::AppState;
use common::Provider;
use revoke::{Attempt, Claim};

/// After a successful login: at GitHub, revokes the token it superseded. Best effort: a
/// failure leaves it pending in the revocation queue; the login succeeds anyway. Never
/// revokes a Google token (that would end the grant, and with it the token just stored).
pub async fn after_login(state: &AppState, provider: Provider, superseded: Option<Retired>) {
    let Some(row) = superseded.filter(|_| provider == Provider::GitHub) else {
        return;
    };
    // Claimed already: the worker is revoking it.
    let Some(claim) = Claim::take(&state.revoking, row) else {
        return;
    };
    let id = claim.row.id;
    match revoke::revoke(state, &claim).await {
        Ok(Attempt::Ended { .. }) => {
            tracing::info!(%provider, retired_token = id, "the superseded token was revoked")
        }
        Ok(Attempt::Superseded) => {}
        Ok(Attempt::Failed(failure)) => tracing::warn!(%provider, retired_token = id,
            error = %failure.error,
            "the superseded token could not be revoked: pending in the revocation queue"),
        Err(error) => tracing::warn!(%provider, retired_token = id,
            error = %format!("{error:#}"),
            "the superseded token's revocation could not be recorded: the worker retries it"),
    }
}

/// A token from a login that failed after the code exchange: nothing will use it. It is
/// retired without a user; a GitHub one is then revoked (pending in the revocation queue if
/// that fails), a Google one kept until it expires, never revoked (see the module docs).
pub async fn discard(state: &AppState, provider: Provider, grant: Grant) {
    let revoking = state.revoking.clone();
    let token = grant.access_token.clone();
    let kept = state
        .db
        .run(move |conn| {
            let now = db::now();
            let ends = retired::lifetime_end(provider, retired::announced_end(&grant, now), now);
            let row = retired::retire(conn, provider, None, &grant.access_token, ends, now)?;
            // Claimed before the worker can see it: this login sends its revocation.
            Ok(Claim::take(&revoking, row))
        })
        .await;
    let claim = match kept {
        Ok(Some(claim)) => claim,
        Ok(None) => return,
        Err(error) => return unrecorded(state, provider, &token, &error).await,
    };
    let id = claim.row.id;
    if provider == Provider::Google {
        return tracing::info!(%provider, retired_token = id,
            "the token of the failed login is kept until it expires (revoking it would end the grant)");
    }
    match revoke::revoke(state, &claim).await {
        Ok(Attempt::Ended { revoked, .. }) => tracing::info!(%provider, retired_token = id,
            ?revoked, "the token of the failed login was revoked"),
        Ok(Attempt::Superseded) => {}
        Ok(Attempt::Failed(failure)) => tracing::warn!(%provider, retired_token = id,
            error = %failure.error,
            "the token of the failed login could not be revoked: pending in the revocation queue"),
        Err(error) => tracing::error!(%provider, retired_token = id,
            error = %format!("{error:#}"),
            "the failed login's revocation could not be recorded: the worker retries it"),
    }
}

/// A failed login's token that the database refused to keep (a full disk, the likely reason
/// the login failed): a GitHub one is revoked all the same, the one call no row records,
/// since none can be written; a Google one is left to expire within the hour.
async fn unrecorded(state: &AppState, provider: Provider, token: &str, error: &db::Error) {
    let revoked = match provider {
        Provider::GitHub => Some(state.providers.revoke(provider, token).await),
        Provider::Google => None,
    };
    tracing::error!(%provider, %error, ?revoked,
        "the token of the failed login could not be kept: revoked unrecorded (GitHub), or left \
         to expire (Google)");
}
