//! `POST /logout`, the lesson's route: ends the app's session and nothing else. (Exercise 1:
//! the student edition has a starter in place of the `logout` region.)
//!
//! It deletes the server-side session when there is one and always answers 200
//! `{"message":"Logged out"}` with a Set-Cookie that clears `session`. It never calls a
//! provider: the user stays signed in at GitHub or Google, and the stored token stays valid,
//! because logging out of the app is not disconnecting the provider.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use tower_cookies::Cookies;

// ANCHOR: logout-imports
use crate::db::sessions;
use crate::session::{self, SESSION_COOKIE};
// ANCHOR_END: logout-imports
use crate::error::AppError;
use crate::pages;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::timeline;

pub async fn logout(
    State(state): State<AppState>,
    cookies: Cookies,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    // Who is logging out, for the mocks' timeline (looked up only when there is one).
    let who = match state.config().timeline {
        Some(_) => SignedIn::find(&state, &cookies).await.ok().flatten(),
        None => None,
    };
    // ANCHOR: logout
    if let Some(id) = cookies.get(SESSION_COOKIE).map(|c| c.value().to_string())
        && !id.is_empty()
    {
        let id_hash = session::hash(&id);
        let ended = state
            .db
            .call(move |conn| sessions::delete(conn, &id_hash))
            .await?;
        tracing::info!(ended, "logged out");
    }
    cookies.add(session::cleared_session_cookie(
        state.config().secure_cookies(),
    ));
    // ANCHOR_END: logout
    // STARTER: logout
    // // Exercise 1 (exercises/logout.md): delete the server-side session of the `session`
    // // cookie, if there is one, and clear that cookie. For now the route only answers as if
    // // it had: the session goes on working.
    // let _ = (&state, &cookies);
    // STARTER_END: logout
    let user = who.map(|w| w.user.email.unwrap_or(w.user.id));
    timeline::report(&state, "logout", None, user);
    if pages::wants_html(&headers) {
        return Ok(pages::logged_out(state.config()));
    }
    Ok(Json(json!({ "message": "Logged out" })).into_response())
}
