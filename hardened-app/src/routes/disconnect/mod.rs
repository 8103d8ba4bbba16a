//! `POST /disconnect/{provider}`: end every token the app knows for that provider and user,
//! then forget them and unlink the provider. With the token hygiene of [`crate::tokens`], the
//! one place the app revokes the token it holds.
//!
//! The held token is retired first (a pending row, claimed by this request), then revoked
//! like any other retired token ([`crate::tokens::revoke`]), then the link goes:
//!
//! - GitHub: the user's retired tokens are revoked oldest first (superseded at re-logins
//!   whose revocation failed), the held one last. After a failure the rest are not tried.
//! - Google: revoking the held token ends the whole grant (every token Google issued this app
//!   for the user), so the user's older retired Google tokens end with it and their rows are
//!   deleted. Superseded Google tokens are never revoked on their own, since that would have
//!   ended the grant while the app still used it.
//!
//! A revocation that meets an outage (the provider unreachable, slow, or answering 5xx) does
//! not hold the disconnect back: the provider is unlinked all the same, and the token stays
//! pending in the revocation queue, which the revocation worker retries until the provider
//! confirms it dead. The answer is then 202 and says so; `/me` and the home page show the
//! pending revocation. A refusal that retrying cannot fix (wrong client credentials) stays
//! pending too, marked refused.
//!
//! The unlink happens only if the link still holds the token that was retired: a login that
//! finished meanwhile stored a new token, which stays linked (409, disconnect again). At
//! Google that new token belongs to the grant the revocation just ended, so it is asked of
//! Google first ([`crate::tokens::grant`]): dead, it is unlinked with the disconnect, which says so
//! (`newerTokensEnded`). Refused with 409 when the provider is the user's only one (they
//! could not log in again), and while another disconnect of the same user is under way (both
//! could otherwise see two providers, and revoke both). A provider answer meaning "already
//! revoked" counts as revoked. Disconnecting is not logging out: the session stays.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};

use crate::db::accounts;
use crate::db::retired::{self, pending::Failure};
use crate::error::AppError;
use crate::providers::Revoked;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::tokens::revoke::{self, Attempt, Claim};
use common::Provider;

use super::events;

mod answer;

/// What became of the token the app held.
#[derive(Debug, Clone)]
pub(super) enum Held {
    /// No token was stored (or a login linked the account again first: answered 409).
    NoneStored,
    /// The provider confirmed it dead: revoked now or already.
    Ended(Revoked),
    /// Not confirmed: pending in the revocation queue, with the failure.
    Pending(Failure),
}

/// What a disconnect ended, and what it left to the revocation queue.
#[derive(Debug, Clone)]
pub(super) struct Ended {
    held: Held,
    /// Older tokens from earlier logins that this disconnect ended (GitHub: revoked one by
    /// one; Google: ended with the grant, unexpired ones only).
    older: usize,
    /// Older tokens still pending in the revocation queue (GitHub only).
    older_pending: usize,
    /// A token a login linked during this disconnect, which died with the Google grant the
    /// disconnect ended: unlinked with it.
    newer: Option<String>,
}

impl Ended {
    fn held(held: Held) -> Ended {
        Ended {
            held,
            older: 0,
            older_pending: 0,
            newer: None,
        }
    }

    /// How many revocations this disconnect left to the revocation queue.
    fn pending(&self) -> usize {
        self.older_pending + usize::from(matches!(self.held, Held::Pending(_)))
    }
}

pub async fn disconnect(
    provider: Provider,
    State(state): State<AppState>,
    SignedIn { user, .. }: SignedIn,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let Some(_one_at_a_time) = state.disconnecting.begin(&user.id) else {
        return Err(AppError::DisconnectInProgress);
    };
    // Claimed until the link is gone: the worker does not revoke it meanwhile.
    let held = retire_held(&state, &user.id, provider).await?;
    let token = held.as_ref().map(|claim| claim.row.access_token.clone());
    let ended = match provider {
        Provider::GitHub => end_github(&state, &user.id, held.as_ref()).await?,
        Provider::Google => end_google(&state, held.as_ref()).await?,
    };
    let linked_now = ended.newer.clone().or(token.clone());
    unlink(&state, &user.id, provider, linked_now).await?;
    tracing::info!(%provider, user = %user.id, held = ?ended.held, older = ended.older,
        pending = ended.pending(), "disconnected");
    let event = events::disconnected(&user, token.as_deref(), ended.pending());
    Ok((event, answer::answer(provider, &ended, &headers)).into_response())
}

/// The refusals before any revocation: not linked, or the only provider.
enum Refusal {
    NotLinked,
    OnlyProvider,
}

/// Retires the token linked for `provider`, once the link is known not to be the only one:
/// pending, claimed by this disconnect, due after the first retry wait should it stop here.
/// `None` when no token is stored.
async fn retire_held(
    state: &AppState,
    user_id: &str,
    provider: Provider,
) -> Result<Option<Claim>, AppError> {
    let (id, revoking) = (user_id.to_string(), state.revoking.clone());
    let next_ms = revoke::due_after(state, 1);
    let retired = state
        .db
        .run(move |conn| {
            let tx = conn.transaction()?;
            let linked = accounts::linked(&tx, &id)?;
            if !linked.iter().any(|l| l.provider == provider) {
                return Ok(Err(Refusal::NotLinked));
            }
            if linked.len() == 1 {
                return Ok(Err(Refusal::OnlyProvider));
            }
            let row = retired::retire_linked(&tx, &id, provider, next_ms)?;
            tx.commit()?;
            // Claimed before the worker can read the row (it reads on this thread too).
            Ok(Ok(row.and_then(|row| Claim::take(&revoking, row))))
        })
        .await?;
    retired.map_err(|refusal| match refusal {
        Refusal::NotLinked => AppError::NotLinked(provider),
        Refusal::OnlyProvider => AppError::OnlyProvider(provider),
    })
}

/// Revokes the user's older retired GitHub tokens, oldest first, then the held one. After a
/// failure the rest are not tried (the provider is down or refusing): they stay pending.
async fn end_github(
    state: &AppState,
    user_id: &str,
    held: Option<&Claim>,
) -> Result<Ended, AppError> {
    let (mut ended, failed) = end_older_github(state, user_id, held).await?;
    ended.held = match (held, failed) {
        (None, _) => Held::NoneStored,
        (Some(claim), Some(older)) => Held::Pending(revoke::untried(state, claim, &older).await?),
        (Some(claim), None) => held_outcome(revoke::revoke(state, claim).await?),
    };
    Ok(ended)
}

/// Revokes the user's retired GitHub tokens but the held one, oldest first, until one fails:
/// how many ended, how many stay pending, and the failure.
async fn end_older_github(
    state: &AppState,
    user_id: &str,
    held: Option<&Claim>,
) -> Result<(Ended, Option<Failure>), AppError> {
    let held_id = held.map(|claim| claim.row.id);
    let id = user_id.to_string();
    let rows = state
        .db
        .run(move |conn| retired::of_user(conn, &id, Provider::GitHub))
        .await?;
    let mut ended = Ended::held(Held::NoneStored);
    let mut failed = None;
    for row in rows {
        let row = match row {
            Ok(row) if Some(row.id) == held_id => continue,
            Ok(row) if failed.is_none() => row,
            Ok(_) => {
                ended.older_pending += 1;
                continue;
            }
            Err(unopened) => {
                revoke::set_aside(&state.db, &unopened).await?;
                ended.older_pending += 1;
                continue;
            }
        };
        // Not claimed: the worker is revoking that one.
        let Some(claim) = Claim::take(&state.revoking, row) else {
            ended.older_pending += 1;
            continue;
        };
        match revoke::revoke(state, &claim).await? {
            Attempt::Ended { .. } => ended.older += 1,
            Attempt::Failed(failure) => {
                failed = Some(failure);
                ended.older_pending += 1;
            }
            Attempt::Superseded => {}
        }
    }
    Ok((ended, failed))
}

/// Revokes the held Google token, which ends the whole grant: the user's older retired Google
/// rows go with it, and a token a login linked meanwhile is unlinked if it died with it
/// ([`crate::tokens::grant`]). If the revocation fails, they stay until the pending one is confirmed
/// (or they expire).
async fn end_google(state: &AppState, held: Option<&Claim>) -> Result<Ended, AppError> {
    let Some(claim) = held else {
        return Ok(Ended::held(Held::NoneStored));
    };
    Ok(match revoke::revoke(state, claim).await? {
        Attempt::Ended {
            revoked,
            older,
            newer_dead,
        } => Ended {
            older,
            newer: newer_dead.map(|dead| dead.token),
            ..Ended::held(Held::Ended(revoked))
        },
        attempt => Ended::held(held_outcome(attempt)),
    })
}

/// What became of the held token, from its attempt.
fn held_outcome(attempt: Attempt) -> Held {
    match attempt {
        Attempt::Ended { revoked, .. } => Held::Ended(revoked),
        Attempt::Failed(failure) => Held::Pending(failure),
        Attempt::Superseded => Held::NoneStored,
    }
}

/// Unlinks the provider if it still holds `token` (the retired one, or a newer one that died
/// with the grant) and is not the only link.
async fn unlink(
    state: &AppState,
    user_id: &str,
    provider: Provider,
    token: Option<String>,
) -> Result<(), AppError> {
    let id = user_id.to_string();
    let unlinked = state
        .db
        .run(move |conn| accounts::unlink_holding(conn, &id, provider, token.as_deref()))
        .await?;
    match unlinked {
        accounts::Unlink::Done => Ok(()),
        accounts::Unlink::Relinked => Err(AppError::Relinked(provider)),
        accounts::Unlink::OnlyProvider => Err(AppError::OnlyProvider(provider)),
        accounts::Unlink::NotLinked => Err(AppError::NotLinked(provider)),
    }
}
