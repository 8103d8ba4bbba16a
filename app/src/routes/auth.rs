//! The OAuth flow: `GET /auth/{provider}` starts it, `GET /auth/{provider}/callback` ends it.
//!
//! The state is random, stored server-side for 10 minutes, single-use, and bound to the
//! browser that started the flow by the `oauth_state` cookie (ours: the course's global map
//! lets an attacker plant their own state and code in a victim's browser, login CSRF). PKCE
//! `S256` with both providers: a stolen code is useless without the verifier we keep.

use std::collections::HashMap;

use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower_cookies::Cookies;

use crate::db::{self, accounts, sessions, states};
use crate::error::AppError;
use crate::providers::Provider;
use crate::random;
use crate::session::{self, STATE_COOKIE};
use crate::state::AppState;

/// 302 to the provider's authorize URL, with a fresh state and PKCE challenge.
pub async fn start(
    provider: Provider,
    State(state): State<AppState>,
    cookies: Cookies,
) -> Result<Response, AppError> {
    // The binding identifies the browser, not the flow: reusing a live one lets two tabs
    // log in with both providers at once.
    let binding = cookies
        .get(STATE_COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| v.len() == 43)
        .unwrap_or_else(|| random::token(32));
    let oauth_state = random::token(32);
    let verifier = random::token(32);
    let challenge = random::pkce_challenge(&verifier);
    let (s, b) = (oauth_state.clone(), random::sha256_hex(&binding));
    state
        .db
        .call(move |conn| states::insert(conn, &s, provider.as_str(), &b, &verifier, db::now()))
        .await?;
    cookies.add(session::state_cookie(
        binding,
        state.config().secure_cookies(),
    ));
    let location = state
        .providers
        .authorize_url(provider, &oauth_state, &challenge);
    Ok((
        StatusCode::FOUND,
        [
            (header::LOCATION, location.to_string()),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
    )
        .into_response())
}

/// Checks, in the course's order, the state, the provider's error, the code; exchanges the
/// code; fetches the identity; finds, links or creates the user; starts a new session; 302
/// to `/` with the session cookie.
pub async fn callback(
    provider: Provider,
    State(state): State<AppState>,
    cookies: Cookies,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let params = parse_query(query.as_deref().unwrap_or(""));
    let param = |name: &str| params.get(name).filter(|v| !v.is_empty()).cloned();

    // 1. State: present, known, unexpired, for this provider, from this browser.
    let oauth_state = param("state").ok_or(AppError::InvalidState)?;
    let flow = state
        .db
        .call(move |conn| states::take(conn, &oauth_state))
        .await?
        .ok_or(AppError::InvalidState)?;
    let binding = cookies.get(STATE_COOKIE).map(|c| c.value().to_string());
    let bound = binding.is_some_and(|b| random::sha256_hex(&b) == flow.browser_hash);
    if flow.provider != provider.as_str() || flow.expires_at <= db::now() || !bound {
        return Err(AppError::InvalidState);
    }

    // 2. The provider's error (the user cancelled, or the provider refused).
    if let Some(error) = param("error") {
        let error: String = error.chars().take(200).collect();
        return Err(AppError::AuthorizationFailed { provider, error });
    }

    // 3. The code.
    let code = param("code").ok_or(AppError::MissingCode)?;

    let providers = &state.providers;
    let grant = providers
        .exchange(provider, &code, &flow.pkce_verifier)
        .await?;
    let identity = providers.identity(provider, &grant.access_token).await?;

    // A new session id at every login; the browser's previous session, if any, ends.
    let session_id = random::token(32);
    let new_hash = session::hash(&session_id);
    let old_hash = cookies
        .get(session::SESSION_COOKIE)
        .map(|c| session::hash(c.value()));
    let user_id = state
        .db
        .call(move |conn| {
            let now = db::now();
            let user_id =
                accounts::sign_in(conn, &identity, &grant.access_token, &grant.scopes, now)?;
            if let Some(old) = old_hash {
                sessions::delete(conn, &old)?;
            }
            sessions::create(conn, &new_hash, &user_id, now)?;
            Ok(user_id)
        })
        .await?;
    tracing::info!(%provider, user = %user_id, "logged in");
    cookies.add(session::session_cookie(
        session_id,
        state.config().secure_cookies(),
    ));
    Ok((StatusCode::FOUND, [(header::LOCATION, "/")]).into_response())
}

/// Query parameters, the first of a repeated name winning. Never fails: malformed
/// percent-encoding decodes leniently, and a missing value is simply absent.
fn parse_query(query: &str) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        map.entry(k.into_owned()).or_insert_with(|| v.into_owned());
    }
    map
}
