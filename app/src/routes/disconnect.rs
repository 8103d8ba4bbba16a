//! `POST /disconnect/{provider}`: revoke the stored token at the provider, then forget it and
//! unlink the provider. The one place the app revokes a token.
//!
//! Refused with 409 when the provider is the user's only one (they could not log in again),
//! and while another disconnect of the same user is under way (both could otherwise see two
//! providers, and revoke both).
//! A provider answer meaning "already revoked" counts as revoked. If the provider cannot be
//! reached the link stays, so the user can try again: the token is never forgotten while it
//! might still work. Disconnecting is not logging out: the session stays.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::db::accounts;
use crate::error::AppError;
use crate::pages;
use crate::providers::{Provider, Revoked};
use crate::session::SignedIn;
use crate::state::AppState;

pub async fn disconnect(
    provider: Provider,
    State(state): State<AppState>,
    SignedIn { user }: SignedIn,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let Some(_one_at_a_time) = state.begin_disconnect(&user.id) else {
        return Err(AppError::DisconnectInProgress);
    };
    let user_id = user.id.clone();
    let linked = state
        .db
        .call(move |conn| accounts::linked(conn, &user_id))
        .await?;
    let Some(link) = linked.iter().find(|l| l.provider == provider) else {
        return Err(AppError::NotLinked(provider));
    };
    if linked.len() == 1 {
        return Err(AppError::OnlyProvider(provider));
    }
    let revoked = match &link.access_token {
        Some(token) => Some(state.providers.revoke(provider, token).await?),
        None => None,
    };
    let user_id = user.id.clone();
    let unlinked = state
        .db
        .call(move |conn| accounts::unlink_unless_last(conn, &user_id, provider))
        .await?;
    if !unlinked {
        return Err(AppError::OnlyProvider(provider));
    }
    tracing::info!(%provider, user = %user.id, ?revoked, "disconnected");
    let message = format!("{provider} disconnected");
    if pages::wants_html(&headers) {
        let detail = match revoked {
            Some(Revoked::Now) => format!(
                "{provider} disconnected: its access token was revoked and deleted. You are still logged in here."
            ),
            Some(Revoked::Already) => format!(
                "{provider} disconnected: its access token was already revoked at {provider}, and is deleted here. You are still logged in here."
            ),
            None => format!("{provider} disconnected. You are still logged in here."),
        };
        return Ok(pages::message_page(&message, &detail, None));
    }
    Ok(Json(json!({
        "message": message,
        "tokenRevoked": revoked.is_some(),
        "alreadyRevoked": revoked == Some(Revoked::Already),
    }))
    .into_response())
}
