//! The OAuth flow: `GET /auth/{provider}` starts it, `GET /auth/{provider}/callback` ends it.
//!
//! The state is random, single-use, valid 10 minutes, and bound to the browser that started
//! the flow: the browser carries its pending flows itself, sealed in the `oauth_state` cookie
//! ([`crate::flows`], which says why and what that keeps). The course's global map lets an
//! attacker plant their own state and code in a victim's browser (login CSRF). What no cookie
//! can stop: a service of the same host (cookies ignore ports) that starts a login itself and
//! plants the cookie it was issued in the victim's browser, with its own callback URL; only a
//! host of its own (no other service able to set cookies for it) closes that. PKCE `S256` with
//! both providers: a stolen code is useless without the verifier, which only the sealed cookie
//! holds.
//!
//! Once the code is exchanged a token exists at the provider, and it is never forgotten: it
//! is stored with the user, or, when the login fails after the exchange, revoked or retired
//! ([`crate::tokens::discard`]). A GitHub re-login's superseded token is revoked before the
//! callback answers ([`crate::tokens::after_login`]); a Google one never is.

use std::collections::HashMap;

use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower_cookies::Cookies;

use crate::db::{self, accounts, sessions};
use crate::error::AppError;
use crate::providers::Grant;
use crate::routes::events;
use crate::session::{self, STATE_COOKIE};
use crate::state::AppState;
use crate::tokens;
use crate::{flows, random};
use common::Provider;

/// 302 to the provider's authorize URL, with a fresh state and PKCE challenge, once its
/// sign-in page answers (checked when it is on this machine: [`common::reach`]); otherwise
/// the app's own page says which provider, where, and how to start the mocks.
pub async fn start(
    provider: Provider,
    State(state): State<AppState>,
    cookies: Cookies,
) -> Result<Response, AppError> {
    let sign_in_page = state.config().provider_home(provider);
    common::reach::sign_in_page(provider, &sign_in_page).await?;
    let now = db::now();
    let mut pending = pending(&state, &cookies, now);
    let flow = flows::Flow::new(provider, now);
    let challenge = random::pkce_challenge(&flow.pkce_verifier);
    let oauth_state = flow.state.clone();
    pending.push(flow);
    cookies.add(session::state_cookie(
        pending.seal(&state.flow_key),
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
/// code; fetches the identity; finds, links or creates the user; starts a new session; tidies
/// up the token a GitHub re-login superseded; 302 to `/` with the session cookie.
pub async fn callback(
    provider: Provider,
    State(state): State<AppState>,
    cookies: Cookies,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let params = parse_query(query.as_deref().unwrap_or(""));
    let param = |name: &str| params.get(name).filter(|v| !v.is_empty()).cloned();

    // 1. State: present, and a flow of this browser's for this provider.
    let oauth_state = param("state").ok_or(AppError::InvalidState)?;
    let flow = take_flow(&state, &cookies, &oauth_state).ok_or(AppError::InvalidState)?;
    if flow.provider != provider {
        return Err(AppError::InvalidState);
    }

    // 2. The provider's error (the user cancelled, or the provider refused).
    if let Some(error) = param("error") {
        let error: String = error.chars().take(200).collect();
        return Err(AppError::AuthorizationFailed { provider, error });
    }

    // 3. The code.
    let code = param("code").ok_or(AppError::MissingCode)?;

    // From here on a token may exist at the provider: the rest runs in its own task, so a
    // browser that goes away mid-login cannot cancel it between the exchange and the point
    // where the token is stored, revoked or retired.
    let old_session = cookies
        .get(session::SESSION_COOKIE)
        .map(|c| session::hash(c.value()));
    let task = tokio::spawn(log_in(
        state.clone(),
        provider,
        code,
        flow.pkce_verifier,
        old_session,
    ));
    let (session_id, details) = task
        .await
        .map_err(|e| AppError::Internal(anyhow::Error::new(e).context("login task")))??;
    cookies.add(session::session_cookie(
        session_id,
        state.config().secure_cookies(),
    ));
    Ok((StatusCode::FOUND, details, [(header::LOCATION, "/")]).into_response())
}

/// Exchanges the code, then stores the user, the token and a new session; returns the new
/// session id, and who logged in with which token for the mocks' timeline. A token obtained
/// by a login that fails after the exchange is discarded (revoked, or kept as retired), and
/// the token a GitHub re-login supersedes is revoked.
async fn log_in(
    state: AppState,
    provider: Provider,
    code: String,
    verifier: String,
    old_session: Option<String>,
) -> Result<(String, common::app_events::Details), AppError> {
    let grant = state.providers.exchange(provider, &code, &verifier).await?;
    match store_login(&state, provider, &grant, old_session).await {
        Ok((session_id, signed_in, email)) => {
            tracing::info!(%provider, user = %signed_in.user_id, "logged in");
            let event =
                events::logged_in(email.as_deref(), &signed_in.user_id, &grant.access_token);
            tokens::after_login(&state, provider, signed_in.superseded).await;
            Ok((session_id, event))
        }
        Err(error) => {
            tokens::discard(&state, provider, grant).await;
            Err(error)
        }
    }
}

/// Fetches the identity, then in one transaction finds, links or creates the user, stores the
/// token (retiring the one it replaces) and starts a new session: all of it or none, so a
/// failure never leaves the new token stored while the caller discards it. Returns the new
/// session id, the sign-in, and the user's email as the provider gave it.
async fn store_login(
    state: &AppState,
    provider: Provider,
    grant: &Grant,
    old_session: Option<String>,
) -> Result<(String, accounts::SignIn, Option<String>), AppError> {
    let identity = state
        .providers
        .identity(provider, &grant.access_token)
        .await?;
    // A new session id at every login; the browser's previous session, if any, ends.
    let session_id = random::token();
    let new_hash = session::hash(&session_id);
    let grant = grant.clone();
    let email = identity.email.clone();
    let signed_in = state
        .db
        .run(move |conn| {
            let now = db::now();
            let tx = conn.transaction()?;
            let signed_in = accounts::sign_in(&tx, &identity, &grant, now)?;
            // The providers this browser logged in with: the session's it replaces (the
            // same user's, linking another provider), then this one.
            let mut used = Vec::new();
            if let Some(old) = old_session {
                if let Some((user_id, providers)) = sessions::providers(&tx, &old, now)?
                    && user_id == signed_in.user_id
                {
                    used = providers;
                }
                sessions::delete(&tx, &old)?;
            }
            if !used.contains(&provider) {
                used.push(provider);
            }
            sessions::create(&tx, &new_hash, &signed_in.user_id, &used, now)?;
            tx.commit()?;
            Ok(signed_in)
        })
        .await?;
    Ok((session_id, signed_in, email))
}

/// The browser's pending flows, from its `oauth_state` cookie.
fn pending(state: &AppState, cookies: &Cookies, now: i64) -> flows::Pending {
    let value = cookies.get(STATE_COOKIE).map(|c| c.value().to_string());
    flows::Pending::open(&state.flow_key, value.as_deref(), now)
}

/// Removes the flow of `oauth_state` from the browser's pending flows, and answers with the
/// cookie that no longer holds it, whatever the callback decides next: a state is good for
/// one try. A state the browser does not hold changes nothing, so a foreign browser that
/// presents someone's state uses nothing up.
fn take_flow(state: &AppState, cookies: &Cookies, oauth_state: &str) -> Option<flows::Flow> {
    let mut pending = pending(state, cookies, db::now());
    let flow = pending.take(oauth_state)?;
    let secure = state.config().secure_cookies();
    cookies.add(match pending.is_empty() {
        true => session::cleared_state_cookie(secure),
        false => session::state_cookie(pending.seal(&state.flow_key), secure),
    });
    Some(flow)
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
