//! `POST /disconnect/{provider}`: end every token the app knows for that provider and user,
//! then forget them and unlink the provider. With the token hygiene of [`crate::tokens`], the
//! one place the app revokes the token it holds.
//!
//! - GitHub: first the user's retired tokens (superseded at re-logins whose revocation
//!   failed), then the stored one.
//! - Google: revoking the stored token ends the whole grant (every token Google issued this
//!   app for the user), so the user's older retired Google tokens end with it and their rows
//!   are deleted. Superseded Google tokens are never revoked on their own, since that would
//!   have ended the grant while the app still used it.
//!
//! A revocation that meets an outage (the provider unreachable, slow, or answering 5xx) does
//! not hold the disconnect back: the provider is unlinked at once, and the token moves into the
//! revocation queue in the same transaction ([`crate::tokens::queue`]), which retries it until
//! the provider confirms it dead. The answer is then 202 and says so; `/me` and the home page
//! show the pending revocation. A refusal that retrying cannot fix (wrong client credentials)
//! is queued too, marked refused, and logged as an error for the operator.
//!
//! The unlink happens only if the link still holds the token that was revoked (or queued): a
//! login that finished meanwhile stored a new token, which stays linked (409, disconnect
//! again). At Google that new token belongs to the grant the revocation just ended, so it is
//! asked of Google first ([`tokens::grant`]): dead, it is unlinked with the disconnect, which
//! says so (`newerTokensEnded`). Refused with 409 when the provider is the user's only one (they could not log in
//! again), and while another disconnect of the same user is under way (both could otherwise
//! see two providers, and revoke both). A provider answer meaning "already revoked" counts as
//! revoked. Disconnecting is not logging out: the session stays.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use common::app_events::Details;

use crate::db::{self, accounts, retired};
use crate::error::AppError;
use crate::providers::{Provider, Revoked};
use crate::session::SignedIn;
use crate::state::AppState;
use crate::tokens::{self, Attempt};

mod answer;

/// What became of the token the app held.
#[derive(Debug, Clone)]
pub(super) enum Held {
    /// No token was stored.
    NoneStored,
    /// The provider confirmed it dead: revoked now or already.
    Ended(Revoked),
    /// Not confirmed: queued, with the failure.
    Pending(retired::Failure),
}

/// What a disconnect ended, and what it left to the revocation queue.
#[derive(Debug, Clone)]
pub(super) struct Ended {
    held: Held,
    /// Older tokens from earlier logins that this disconnect ended (GitHub: revoked one by
    /// one; Google: ended with the grant, unexpired ones only).
    older: usize,
    /// Older tokens still pending in the queue (GitHub only).
    older_pending: usize,
    /// A token a login linked during this disconnect, which died with the Google grant the
    /// disconnect ended: unlinked with it.
    newer: Option<String>,
}

impl Ended {
    /// How many revocations this disconnect left to the queue.
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
    let link = linked(&state, &user.id, provider).await?;
    let token = link.access_token.clone();
    let ended = match provider {
        Provider::GitHub => end_github(&state, &user.id, token.as_deref()).await?,
        Provider::Google => end_google(&state, &user.id, &link).await?,
    };
    let held = token.clone();
    let linked_now = ended.newer.clone().or(token);
    unlink(&state, &user.id, provider, linked_now, &ended.held).await?;
    if ended.pending() > 0 {
        state.queue.notify_one();
    }
    tracing::info!(%provider, user = %user.id, held = ?ended.held, older = ended.older,
        pending = ended.pending(), "disconnected");
    // For the mocks' timeline (`common::app_events`): who, the token revoked, what is queued.
    let who = Some(user.email.unwrap_or(user.id));
    let details = Details::new(who)
        .token(held.as_deref())
        .detail(ended.queued());
    Ok((details, answer::answer(provider, &ended, &headers)).into_response())
}

/// The link of `provider` (with its stored token), once it is known not to be the only one.
async fn linked(
    state: &AppState,
    user_id: &str,
    provider: Provider,
) -> Result<accounts::Linked, AppError> {
    let id = user_id.to_string();
    let mut linked = state
        .db
        .run(move |conn| accounts::linked(conn, &id))
        .await?;
    let only = linked.len() == 1;
    let Some(at) = linked.iter().position(|l| l.provider == provider) else {
        return Err(AppError::NotLinked(provider));
    };
    if only {
        return Err(AppError::OnlyProvider(provider));
    }
    Ok(linked.swap_remove(at))
}

/// Revokes the user's retired GitHub tokens, then the stored one. After a failure the rest
/// are not tried (the provider is down or refusing): they stay, or go, in the queue.
async fn end_github(
    state: &AppState,
    user_id: &str,
    token: Option<&str>,
) -> Result<Ended, AppError> {
    let id = user_id.to_string();
    let older = state
        .db
        .run(move |conn| retired::of_user(conn, &id, Provider::GitHub))
        .await?;
    let (mut ended, mut failed) = (0, None);
    for row in &older {
        let row = match row {
            Ok(row) => row,
            Err(unopened) => {
                tokens::set_aside(state, unopened).await?;
                continue;
            }
        };
        match tokens::revoke_retired(state, row).await? {
            Attempt::Ended(_) => ended += 1,
            Attempt::Busy | Attempt::Superseded => {}
            Attempt::Failed(error) => {
                // The stored token is not tried: it waits in the queue, due with the backoff.
                let mut untried = tokens::failure(state, &error, 0);
                untried.error = format!("not tried yet: an older token's failed first ({error})");
                failed = Some(untried);
                break;
            }
        }
    }
    let held = match (token, failed) {
        (None, _) => Held::NoneStored,
        (Some(_), Some(failure)) => Held::Pending(failure),
        (Some(token), None) => match state.providers.revoke(Provider::GitHub, token).await {
            Ok(revoked) => Held::Ended(revoked),
            Err(error) => Held::Pending(tokens::failure(state, &error, 1)),
        },
    };
    Ok(Ended {
        held,
        older: ended,
        older_pending: older.len() - ended,
        newer: None,
    })
}

/// Revokes the stored Google token, which ends the whole grant; then deletes the user's
/// retired Google rows from before the revocation, whose tokens ended with the grant, and
/// notes a token a login linked meanwhile if it died with it ([`tokens::grant`]). If the
/// revocation fails, they stay until the queued one is confirmed (or they expire).
async fn end_google(
    state: &AppState,
    user_id: &str,
    link: &accounts::Linked,
) -> Result<Ended, AppError> {
    let Some(token) = link.access_token.as_deref() else {
        return Ok(ended(Held::NoneStored, 0));
    };
    let id = user_id.to_string();
    // Rows retired after this point may hold tokens of a new grant (a login during the
    // disconnect): they are left to expire.
    let newest = state
        .db
        .run(move |conn| retired::newest_id(conn, &id, Provider::Google))
        .await?;
    let held = match state.providers.revoke(Provider::Google, token).await {
        Ok(revoked) => revoked,
        Err(error) => return Ok(ended(Held::Pending(tokens::failure(state, &error, 1)), 0)),
    };
    // "Already revoked" may only mean the token expired: the grant was not ended by this
    // call, so the older rows are left to expire rather than assumed dead.
    let older = match (held, newest) {
        (Revoked::Now, Some(up_to)) => {
            let id = user_id.to_string();
            state
                .db
                .run(move |conn| {
                    retired::forget_ended_with_grant(conn, &id, Provider::Google, up_to, db::now())
                })
                .await?
        }
        _ => 0,
    };
    let newer = match held {
        Revoked::Now => tokens::grant::died_meanwhile(state, &link.provider_user_id, token).await?,
        Revoked::Already => None,
    };
    Ok(Ended {
        newer: newer.map(|dead| dead.token),
        ..ended(Held::Ended(held), older)
    })
}

fn ended(held: Held, older: usize) -> Ended {
    Ended {
        held,
        older,
        older_pending: 0,
        newer: None,
    }
}

/// Unlinks the provider if it still holds the token and is not the only link; a token whose
/// revocation failed moves into the queue in the same transaction.
async fn unlink(
    state: &AppState,
    user_id: &str,
    provider: Provider,
    token: Option<String>,
    held: &Held,
) -> Result<(), AppError> {
    let id = user_id.to_string();
    let failure = match held {
        Held::Pending(failure) => Some(failure.clone()),
        _ => None,
    };
    let unlinked = state
        .db
        .run(move |conn| match (&token, &failure) {
            (Some(token), Some(failure)) => {
                accounts::unlink_pending(conn, &id, provider, token, failure)
            }
            _ => accounts::unlink_revoked(conn, &id, provider, token.as_deref()),
        })
        .await?;
    match unlinked {
        accounts::Unlink::Done => Ok(()),
        accounts::Unlink::Relinked => Err(AppError::Relinked(provider)),
        accounts::Unlink::OnlyProvider => Err(AppError::OnlyProvider(provider)),
        accounts::Unlink::NotLinked => Err(AppError::NotLinked(provider)),
    }
}
