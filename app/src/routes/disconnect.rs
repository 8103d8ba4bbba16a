//! `POST /disconnect/{provider}`: end every token the app knows for that provider and user,
//! then forget them and unlink the provider. With the token hygiene of [`crate::tokens`], the
//! one place the app revokes the token it holds.
//!
//! - GitHub: first the user's retired tokens (superseded at re-logins whose revocation
//!   failed), then the stored one. If any revocation fails, the provider's error is answered
//!   (502/504) and nothing is unlinked; rows already confirmed dead are deleted (progress is
//!   kept), so a retry is safe and finishes the job.
//! - Google: revoking the stored token ends the whole grant (every token Google issued this
//!   app for the user), so the user's older retired Google tokens end with it and their rows
//!   are deleted. Superseded Google tokens are never revoked on their own, since that would
//!   have ended the grant while the app still used it.
//!
//! The unlink happens only if the link still holds the token that was revoked: a login that
//! finished meanwhile stored a new token, which stays linked (409, disconnect again).
//! Refused with 409 when the provider is the user's only one (they could not log in again),
//! and while another disconnect of the same user is under way (both could otherwise see two
//! providers, and revoke both). A provider answer meaning "already revoked" counts as
//! revoked. Disconnecting is not logging out: the session stays.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::db::{self, accounts, retired};
use crate::error::AppError;
use crate::pages;
use crate::providers::{Provider, Revoked};
use crate::session::SignedIn;
use crate::state::AppState;
use crate::timeline;
use crate::tokens;

/// What a disconnect ended.
#[derive(Debug, Clone, Copy)]
struct Ended {
    /// The stored token: revoked now or already; `None` when no token was stored.
    held: Option<Revoked>,
    /// Older tokens from earlier logins that this disconnect ended (GitHub: revoked one by
    /// one; Google: ended with the grant, unexpired ones only).
    older: usize,
}

pub async fn disconnect(
    provider: Provider,
    State(state): State<AppState>,
    SignedIn { user, .. }: SignedIn,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let Some(_one_at_a_time) = state.begin_disconnect(&user.id) else {
        return Err(AppError::DisconnectInProgress);
    };
    let token = stored_token(&state, &user.id, provider).await?;
    let ended = match provider {
        Provider::GitHub => end_github(&state, &user.id, token.as_deref()).await?,
        Provider::Google => end_google(&state, &user.id, token.as_deref()).await?,
    };
    unlink(&state, &user.id, provider, token).await?;
    tracing::info!(%provider, user = %user.id, held = ?ended.held, older = ended.older, "disconnected");
    let who = user.email.unwrap_or(user.id);
    timeline::report(&state, "disconnect", Some(provider), Some(who));
    Ok(answer(provider, ended, &headers))
}

/// The token stored for `provider`, once it is known to be linked and not the only link.
async fn stored_token(
    state: &AppState,
    user_id: &str,
    provider: Provider,
) -> Result<Option<String>, AppError> {
    let id = user_id.to_string();
    let linked = state
        .db
        .call(move |conn| accounts::linked(conn, &id))
        .await?;
    let Some(link) = linked.iter().find(|l| l.provider == provider) else {
        return Err(AppError::NotLinked(provider));
    };
    if linked.len() == 1 {
        return Err(AppError::OnlyProvider(provider));
    }
    Ok(link.access_token.clone())
}

/// Revokes the user's retired GitHub tokens, then the stored one. Older ones first: while one
/// of them cannot be revoked the stored token still works and stays linked.
async fn end_github(
    state: &AppState,
    user_id: &str,
    token: Option<&str>,
) -> Result<Ended, AppError> {
    let id = user_id.to_string();
    let older = state
        .db
        .call(move |conn| retired::of_user(conn, &id, Provider::GitHub))
        .await?;
    for row in &older {
        tokens::revoke_retired(state, row).await?;
    }
    let held = match token {
        Some(token) => Some(state.providers.revoke(Provider::GitHub, token).await?),
        None => None,
    };
    Ok(Ended {
        held,
        older: older.len(),
    })
}

/// Revokes the stored Google token, which ends the whole grant; then deletes the user's
/// retired Google rows from before the revocation, whose tokens ended with the grant.
async fn end_google(
    state: &AppState,
    user_id: &str,
    token: Option<&str>,
) -> Result<Ended, AppError> {
    let Some(token) = token else {
        return Ok(Ended {
            held: None,
            older: 0,
        });
    };
    let id = user_id.to_string();
    // Rows retired after this point may hold tokens of a new grant (a login during the
    // disconnect): they are left to expire.
    let newest = state
        .db
        .call(move |conn| retired::newest_id(conn, &id, Provider::Google))
        .await?;
    let held = state.providers.revoke(Provider::Google, token).await?;
    // "Already revoked" may only mean the token expired: the grant was not ended by this
    // call, so the older rows are left to expire rather than assumed dead.
    let older = match (held, newest) {
        (Revoked::Now, Some(up_to)) => {
            let id = user_id.to_string();
            state
                .db
                .call(move |conn| {
                    retired::forget_ended_with_grant(conn, &id, Provider::Google, up_to, db::now())
                })
                .await?
        }
        _ => 0,
    };
    Ok(Ended {
        held: Some(held),
        older,
    })
}

/// Unlinks the provider if it still holds the revoked token and is not the only link.
async fn unlink(
    state: &AppState,
    user_id: &str,
    provider: Provider,
    revoked: Option<String>,
) -> Result<(), AppError> {
    let id = user_id.to_string();
    let unlinked = state
        .db
        .call(move |conn| accounts::unlink_revoked(conn, &id, provider, revoked.as_deref()))
        .await?;
    match unlinked {
        accounts::Unlink::Done => Ok(()),
        accounts::Unlink::Relinked => Err(AppError::Relinked(provider)),
        accounts::Unlink::OnlyProvider => Err(AppError::OnlyProvider(provider)),
        accounts::Unlink::NotLinked => Err(AppError::NotLinked(provider)),
    }
}

/// The JSON answer, or for a browser a page saying exactly what happened.
fn answer(provider: Provider, ended: Ended, headers: &HeaderMap) -> Response {
    let message = format!("{provider} disconnected");
    if pages::wants_html(headers) {
        return pages::message_page(&message, &what_happened(provider, ended), None);
    }
    Json(json!({
        "message": message,
        "tokenRevoked": ended.held.is_some(),
        "alreadyRevoked": ended.held == Some(Revoked::Already),
        "olderTokensRevoked": ended.older,
    }))
    .into_response()
}

/// What revoking any Google token ends.
const GRANT: &str = "every token Google issued this app for you";

/// The page's sentence: exactly what was ended and deleted.
fn what_happened(provider: Provider, ended: Ended) -> String {
    let n = ended.older;
    let older = match n {
        1 => "1 older token from an earlier login".to_string(),
        n => format!("{n} older tokens from earlier logins"),
    };
    let were = if n == 1 { "was" } else { "were" };
    let held = match (provider, ended.held) {
        (Provider::GitHub, Some(Revoked::Now)) if n > 0 => format!(
            "the access token this app held was revoked at GitHub and deleted here, and so {were} {older}"
        ),
        (Provider::GitHub, Some(Revoked::Now)) => {
            "the access token this app held was revoked at GitHub and deleted here".to_string()
        }
        (Provider::GitHub, Some(Revoked::Already)) => {
            "the access token this app held was already revoked at GitHub, and is deleted here"
                .to_string()
        }
        (Provider::Google, Some(Revoked::Now)) if n > 0 => format!(
            "the access token this app held was revoked at Google, which ended the whole grant \
             ({GRANT}, {older} among them), and they are deleted here"
        ),
        (Provider::Google, Some(Revoked::Now)) => format!(
            "the access token this app held was revoked at Google, which ended the whole grant \
             ({GRANT}), and it is deleted here"
        ),
        (Provider::Google, Some(Revoked::Already)) => {
            "the access token this app held was already revoked or expired at Google, and is \
             deleted here"
                .to_string()
        }
        (_, None) => "no access token was stored for it".to_string(),
    };
    // GitHub's older tokens are revoked one by one, whatever became of the stored one.
    let extra = if provider == Provider::GitHub && n > 0 && ended.held != Some(Revoked::Now) {
        format!("; {older} {were} revoked at GitHub and deleted here")
    } else {
        String::new()
    };
    format!("{provider} disconnected: {held}{extra}. You are still logged in here.")
}
