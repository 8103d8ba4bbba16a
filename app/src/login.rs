//! Logging in with a provider: `GET /auth/{provider}` sends the browser there with a fresh
//! state, and `GET /auth/{provider}/callback` brings it back with a code.
//!
//! The state is random, kept server-side for 10 minutes and deleted at its first use, as the
//! course's is. Ours is also bound to the browser that started the login: it travels in the
//! `oauth_state` cookie too, and a callback whose state is not the cookie's is refused. The
//! course's global map accepts a state from any browser, which lets an attacker finish their
//! own login in a victim's browser (login CSRF).

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use common::Provider;
use tower_cookies::Cookies;

use crate::error::AppError;
use crate::session::{self, SESSION_COOKIE, STATE_COOKIE};
use crate::{App, ProviderPath, github, google, providers};

/// `GET /auth/{provider}`: 302 to the provider's authorize URL, once its sign-in page answers.
pub async fn start(
    ProviderPath(provider): ProviderPath,
    State(app): State<App>,
    cookies: Cookies,
) -> Result<Response, AppError> {
    // With the mocks stopped, the browser would land on its own "This site can't be reached".
    common::reach::sign_in_page(provider, &app.config.at_provider(provider).authorize_url).await?;
    let state = session::random_id();
    app.db.save_state(state.clone(), provider).await?;
    cookies.add(session::state_cookie(state.clone(), app.config.https()));
    Ok(found(&providers::authorize_url(&app, provider, &state)?))
}

/// `GET /auth/{provider}/callback`: checks the state, then the provider's error, then the
/// code (the course's order); exchanges the code for a token; asks the provider who signed
/// in; finds, links or creates the user, keeps the token and starts a new session; 302 to `/`
/// with the session cookie.
pub async fn callback(
    ProviderPath(provider): ProviderPath,
    State(app): State<App>,
    cookies: Cookies,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let param = |name: &str| params.get(name).filter(|value| !value.is_empty());

    let state = param("state").ok_or(AppError::InvalidState)?;
    let from_this_browser = cookies.get(STATE_COOKIE).is_some_and(|c| c.value() == state);
    if !from_this_browser || !app.db.take_state(state.clone(), provider).await? {
        return Err(AppError::InvalidState);
    }
    if let Some(error) = param("error") {
        return Err(AppError::AuthorizationFailed(provider, error.chars().take(100).collect()));
    }
    let code = param("code").ok_or(AppError::MissingCode)?;

    let token = providers::exchange(&app, provider, code).await?;
    let identity = match provider {
        Provider::GitHub => github::identity(&app, &token).await?,
        Provider::Google => google::identity(&app, &token).await?,
    };

    // A new session id at every login; the one the browser had, if any, ends.
    let session_id = session::random_id();
    let old_session = cookies.get(SESSION_COOKIE).map(|cookie| cookie.value().to_string());
    app.db.log_in(identity, token, &session_id, old_session.as_deref()).await?;
    cookies.add(session::session_cookie(session_id, app.config.https()));
    Ok(found("/"))
}

/// 302 Found to `location`, the course's redirect.
fn found(location: &str) -> Response {
    (StatusCode::FOUND, [(header::LOCATION, location)]).into_response()
}
