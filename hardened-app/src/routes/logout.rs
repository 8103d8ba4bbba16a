//! `POST /logout`, the lesson's route: ends the app's session and nothing else.
//!
//! It deletes the server-side session when there is one and answers 200
//! `{"message":"Logged out"}` with a Set-Cookie that clears `session`; a browser gets a page
//! naming the providers this session logged in with, where the user is still signed in. The
//! cookie is cleared before the database is touched, so that a logout whose delete fails (a
//! 500) still leaves the browser signed out. It never calls a provider: the user stays signed
//! in at GitHub or Google, and the stored token stays valid, because logging out of the app is
//! not disconnecting the provider.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use common::app_events::Details;
use serde_json::json;
use tower_cookies::Cookies;

use crate::db::{self, sessions};
use crate::error::AppError;
use crate::pages;
use crate::session::SignedIn;
use crate::session::{self, SESSION_COOKIE};
use crate::state::AppState;

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
    let mut used = Vec::new();
    if let Some(id) = id
        && !id.is_empty()
    {
        let id_hash = session::hash(&id);
        let (ended, providers) = state
            .db
            .call(move |conn| {
                let providers = sessions::providers(conn, &id_hash, db::now())?;
                Ok((sessions::delete(conn, &id_hash)?, providers))
            })
            .await?;
        used = providers.map(|(_, used)| used).unwrap_or_default();
        tracing::info!(ended, "logged out");
    }
    let logged_in = who.is_some();
    // Who logged out, for the mocks' timeline (`common::app_events`): a logout touches no token.
    let details = Details::new(who.map(|w| w.user.email.unwrap_or(w.user.id)));
    if html {
        let page = pages::logged_out(state.config(), logged_in, &used);
        return Ok((details, page).into_response());
    }
    Ok((details, Json(json!({ "message": "Logged out" }))).into_response())
}
