//! `POST /logout`, the lesson's route: ends the app's session and nothing else.
//!
//! It deletes the server-side session when there is one and answers 200
//! `{"message":"Logged out"}` with a Set-Cookie that clears `session`; a browser gets a page
//! naming the providers this session logged in with, where the user is still signed in. It
//! never calls a provider: the user stays signed in at GitHub or Google, and the stored token
//! stays valid, because logging out of the app is not disconnecting the provider.
//!
//! The cookie is cleared before the database is touched, so that the browser is signed out
//! whatever happens next. When the database refuses to delete the row (a full disk), the
//! session is refused all the same ([`db::sessions::Ended`], until the app restarts), its row is
//! deleted at a later logout, and the answer says so: 503, not an opaque 500.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use tower_cookies::Cookies;

use crate::db::{self, sessions};
use crate::error::AppError;
use crate::pages;
use crate::routes::events;
use crate::session::SignedIn;
use crate::session::{self, SESSION_COOKIE};
use crate::state::AppState;
use common::Provider;

pub async fn logout(
    State(state): State<AppState>,
    cookies: Cookies,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let html = common::page::wants_html(&headers);
    // Who is logging out, for the mocks' timeline and the page (looked up only for them).
    let who = match state.config().timeline.is_some() || html {
        true => SignedIn::find(&state, &cookies).await.ok().flatten(),
        false => None,
    };
    let id = cookies.get(SESSION_COOKIE).map(|c| c.value().to_string());
    // First the browser's cookie: it is cleared even if the delete below fails.
    cookies.add(session::cleared_session_cookie(
        state.config().secure_cookies(),
    ));
    let used = match id.filter(|id| !id.is_empty()) {
        Some(id) => end_session(&state, session::hash(&id)).await?,
        None => Vec::new(),
    };
    let logged_in = who.is_some();
    let details = events::logged_out(who.as_ref().map(|w| &w.user));
    if html {
        let page = pages::logged_out(state.config(), logged_in, &used);
        return Ok((details, page).into_response());
    }
    Ok((details, Json(json!({ "message": "Logged out" }))).into_response())
}

/// Deletes the session of `id_hash` when it is live, with the rows earlier logouts could not
/// delete; returns the providers it logged in with. When the database refuses, a live session
/// is refused all the same from now on, and the answer is [`AppError::LogoutNotStored`].
async fn end_session(state: &AppState, id_hash: String) -> Result<Vec<Provider>, AppError> {
    let now = db::now();
    let looked_up = id_hash.clone();
    let live = state
        .db
        .run(move |conn| sessions::providers(conn, &looked_up, now))
        .await?;
    let mut hashes = state.ended_sessions.to_delete(now);
    hashes.extend(live.is_some().then(|| id_hash.clone()));
    let deleting = hashes.clone();
    let deleted = state
        .db
        .run(move |conn| sessions::delete_all(conn, &deleting))
        .await;
    let ended = live.is_some();
    match deleted {
        Ok(()) => state.ended_sessions.deleted(&hashes),
        Err(error) if ended => {
            tracing::error!("logout: cannot delete the session, refused in memory: {error:#}");
            state.ended_sessions.add(id_hash, now);
            return Err(AppError::LogoutNotStored);
        }
        Err(error) => {
            tracing::warn!("logout: cannot delete sessions logged out before: {error:#}")
        }
    }
    tracing::info!(ended, "logged out");
    Ok(live.map(|(_, used)| used).unwrap_or_default())
}
