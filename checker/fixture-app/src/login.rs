//! The login: `GET /auth/{provider}` (a state, bound to the browser by a cookie when the
//! profile says so, and the redirect to the provider) and the callback (the state checked and
//! deleted, the code exchanged, the user found or created and linked, the token stored, a
//! superseded GitHub token revoked, a new session).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::providers::{Identity, identity};
use super::{Fixture, GITHUB_ID, GITHUB_SECRET, Mistake, User, cookie, error};

/// The cookie that binds a pending state to the browser that started the flow.
const STATE_COOKIE: &str = "oauth_state";

pub(super) async fn authorize(
    State(app): State<Arc<Fixture>>,
    Path(provider): Path<String>,
) -> Response {
    let state = app.random("state");
    let binding = app.random("browser");
    app.data
        .lock()
        .unwrap()
        .states
        .insert(state.clone(), binding.clone());
    let redirect_uri = format!("{}/auth/{provider}/callback", app.base);
    let url = if provider == "github" {
        let client_id = match app.mistake {
            Mistake::UnknownClientId => "my-github-oauth-app",
            _ => GITHUB_ID,
        };
        let mut query = vec![
            ("client_id", client_id),
            ("redirect_uri", &redirect_uri),
            ("scope", "read:user user:email"),
            ("state", &state),
        ];
        if app.mistake == Mistake::SecretInAuthorizeUrl {
            query.push(("client_secret", GITHUB_SECRET));
        }
        let query = serde_urlencoded::to_string(query).unwrap();
        format!("{}/login/oauth/authorize?{query}", app.github)
    } else {
        let query = serde_urlencoded::to_string([
            ("client_id", app.google_client_id()),
            ("redirect_uri", &redirect_uri),
            ("response_type", "code"),
            ("scope", "openid email profile"),
            ("state", &state),
        ]);
        format!("{}/o/oauth2/v2/auth?{}", app.google, query.unwrap())
    };
    let mut response = (StatusCode::FOUND, [(header::LOCATION, url)]).into_response();
    if app.behaviour.bind_state {
        let bound =
            format!("{STATE_COOKIE}={binding}; HttpOnly; SameSite=Lax; Path=/auth; Max-Age=600");
        response
            .headers_mut()
            .insert(header::SET_COOKIE, bound.parse().unwrap());
    }
    response
}

/// Whether the callback's state is one the app issued to this browser; deletes it (unless
/// that is the mistake) whatever the answer.
fn take_state(app: &Fixture, query: &HashMap<String, String>, headers: &HeaderMap) -> bool {
    let state = query.get("state").cloned().unwrap_or_default();
    let mut data = app.data.lock().unwrap();
    let binding = if app.behaviour.delete_state {
        data.states.remove(&state)
    } else {
        data.states.get(&state).cloned()
    };
    match binding {
        None => false,
        Some(_) if !app.behaviour.bind_state => true,
        Some(binding) => cookie(headers, STATE_COOKIE).as_deref() == Some(binding.as_str()),
    }
}

pub(super) async fn callback(
    State(app): State<Arc<Fixture>>,
    Path(provider): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if !take_state(&app, &query, &headers) {
        return error(StatusCode::FORBIDDEN, "Invalid state");
    }
    let Some(code) = query.get("code") else {
        return error(StatusCode::BAD_REQUEST, "Missing authorization code");
    };
    let Some(found) = identity(&app, &provider, code).await else {
        return error(StatusCode::BAD_GATEWAY, "login failed");
    };
    let github = provider == "github";
    let (user_id, superseded) = store_login(&app, github, found);
    // After the exchange, so the token revoked is one the app no longer holds.
    if let Some(old) = superseded {
        let tidy_up = github && app.behaviour.tidy_up;
        let google_mistake = !github && app.mistake == Mistake::RevokeGoogleAtRelogin;
        if tidy_up || google_mistake {
            app.revoke(&provider, &old).await;
        }
    }
    let session = match cookie(&headers, "session") {
        Some(planted) if app.mistake == Mistake::AdoptPlantedSession => planted,
        _ => app.random("session"),
    };
    app.data
        .lock()
        .unwrap()
        .sessions
        .insert(session.clone(), user_id);
    let set_cookie = session_cookie(app.mistake, &session);
    let headers = [
        (header::LOCATION, "/".to_string()),
        (header::SET_COOKIE, set_cookie),
    ];
    (StatusCode::FOUND, headers).into_response()
}

/// The session cookie, as the course sets it (unless a flag is the mistake).
fn session_cookie(mistake: Mistake, session: &str) -> String {
    let http_only = if mistake == Mistake::CookieWithoutHttpOnly {
        ""
    } else {
        " HttpOnly;"
    };
    let same_site = if mistake == Mistake::CookieWithoutSameSite {
        ""
    } else {
        " SameSite=Lax;"
    };
    format!("session={session};{http_only}{same_site} Path=/; Max-Age=86400")
}

/// Finds or creates the user (linking by verified email), stores the provider's id and
/// token; returns the user and the token the new one replaced, if any.
fn store_login(
    app: &Fixture,
    github: bool,
    Identity {
        provider_id,
        email,
        verified,
        name,
        token,
    }: Identity,
) -> (u64, Option<String>) {
    let mut data = app.data.lock().unwrap();
    let found = data.users.iter().position(|u| {
        let id = if github { &u.github_id } else { &u.google_id };
        id.as_deref() == Some(&provider_id) || (verified && u.email == email)
    });
    let index = found.unwrap_or_else(|| {
        let id = data.users.len() as u64 + 1;
        data.users.push(User {
            id,
            email,
            name,
            ..User::default()
        });
        data.users.len() - 1
    });
    let user = &mut data.users[index];
    let (id, stored) = if github {
        (&mut user.github_id, &mut user.github_token)
    } else {
        (&mut user.google_id, &mut user.google_token)
    };
    *id = Some(provider_id);
    let superseded = stored.replace(token.clone()).filter(|old| *old != token);
    (user.id, superseded)
}
