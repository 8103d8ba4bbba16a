//! The lesson's two ways out, side by side.
//!
//! - `POST /logout` ends this app's session: it deletes the session and clears its cookie.
//!   It calls no provider: the user stays signed in at GitHub or Google, and the token the
//!   app holds keeps working, because logging out of the app is not disconnecting a provider.
//! - `POST /disconnect/{provider}` ends the app's access to a provider: it revokes the token
//!   the app holds there, then forgets it and unlinks the provider. The session stays.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use common::Provider;
use serde_json::json;
use tower_cookies::Cookies;

use crate::db::User;
use crate::error::AppError;
use crate::providers::{self, ProviderError};
use crate::session::{self, SESSION_COOKIE};
use crate::{App, ProviderPath, github, google};

/// `POST /logout`: 200 `{"message":"Logged out"}` with a Set-Cookie that clears `session`,
/// whether or not the request had a session (a browser's form is sent back home instead).
pub async fn logout(
    State(app): State<App>,
    cookies: Cookies,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    // ANCHOR: logout
    let session_id = cookies.get(SESSION_COOKIE).map(|cookie| cookie.value().to_string());
    cookies.add(session::cleared_session_cookie(app.config.https()));
    if let Some(session_id) = session_id {
        app.db.delete_session(&session_id).await?;
    }
    // ANCHOR_END: logout
    // STARTER: logout
    // // Exercise 1 (exercises/logout.md): end this app's session. The session id is the value
    // // of the SESSION_COOKIE cookie in `cookies`; `app.db` can delete that session, and
    // // `session::cleared_session_cookie` builds the cookie that clears it.
    // let _ = (&app, &cookies, SESSION_COOKIE, session::cleared_session_cookie);
    // STARTER_END: logout
    if common::page::wants_html(&headers) {
        return Ok(Redirect::to("/").into_response());
    }
    Ok(Json(json!({ "message": "Logged out" })).into_response())
}

/// `POST /disconnect/{provider}`: revokes the token the app holds at `provider`, then unlinks
/// it; 200 `{"message":"GitHub disconnected"}`. When the revocation fails, nothing is unlinked
/// or forgotten: 502, try again. 404 when the provider is not linked, 409 when it is the
/// user's only way to log in.
pub async fn disconnect(
    ProviderPath(provider): ProviderPath,
    State(app): State<App>,
    user: User,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let token = app.db.token(user.id, provider).await?.ok_or(AppError::NotLinked(provider))?;
    if user.github_id.is_none() || user.google_id.is_none() {
        return Err(AppError::OnlyProvider(provider));
    }
    let revoked = match provider {
        Provider::GitHub => github::revoke(&app.http, &app.config.github, &token).await,
        Provider::Google => google::revoke(&app.http, &app.config.google, &token).await,
    };
    if let Err(error) = revoked {
        // A token revoked elsewhere, or expired, cannot be revoked again: it is unlinked only
        // when the provider says, at its next use, that it no longer works.
        let dead = providers::profile::<serde_json::Value>(&app, provider, &token).await;
        if !matches!(dead, Err(ProviderError::TokenDead(_))) {
            return Err(AppError::NotRevoked(error, provider));
        }
    }
    app.db.unlink(user.id, provider, token).await?;
    if common::page::wants_html(&headers) {
        return Ok(Redirect::to("/").into_response());
    }
    Ok(Json(json!({ "message": format!("{provider} disconnected") })).into_response())
}
