//! The GitHub login session: the home page, the sign-in page (`/login`, `POST /session`) and
//! sign-out (`POST /logout`). The session lives in the `user_session` cookie, apart from any
//! app's session: signing out of an app leaves a person signed in here, which is what the lab
//! shows.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use maud::html;

use super::{call, found, views};
use crate::api::{EventKind, Provider};
use crate::config::GitHubUser;
use crate::state::Mock;
use crate::store::{EventInfo, ProviderSession};
use crate::{http, pages};

/// The provider session cookie, and the two companions GitHub sets beside it.
pub const USER_SESSION: &str = "user_session";
pub const LOGGED_IN: &str = "logged_in";
pub const DOTCOM_USER: &str = "dotcom_user";

/// Two weeks, as GitHub keeps `user_session`.
const SESSION_MAX_AGE: u64 = 14 * 24 * 60 * 60;

/// The signed-in session and its user, if `user_session` names a live session.
pub(crate) fn current(mock: &Mock, headers: &HeaderMap) -> Option<(ProviderSession, GitHubUser)> {
    let inner = mock.store.lock();
    let (session, account) = inner.session_account(http::cookie(headers, USER_SESSION))?;
    Some((session.clone(), account.github()?.clone()))
}

/// Parses a query string; a malformed one counts as empty (every parameter then "missing").
pub(crate) fn query_map(query: Option<String>) -> HashMap<String, String> {
    query
        .and_then(|q| http::parse_form(q.as_bytes()))
        .unwrap_or_default()
}

/// `GET /`: who is signed in, with a sign-out button.
pub async fn home(State(mock): State<Arc<Mock>>, headers: HeaderMap) -> Response {
    let body = match current(&mock, &headers) {
        Some((session, user)) => html! {
            div.card {
                p { "Signed in as " strong { (user.login) } " (" (user.name.as_deref().unwrap_or("")) ")." }
                form method="post" action="/logout" {
                    input type="hidden" name="authenticity_token" value=(session.csrf);
                    button type="submit" { "Sign out" }
                }
            }
        },
        None => html! {
            div.card {
                p { "Nobody is signed in to this mock GitHub." }
                a.button href="/login" { "Sign in" }
            }
        },
    };
    Html(pages::layout(Provider::GitHub, "GitHub", body).into_string()).into_response()
}

/// `GET /login?client_id=..&return_to=..&login=..`: one button per account, and a field.
pub async fn login_page(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let params = query_map(query);
    let form = views::SignIn {
        return_to: params.get("return_to").map(String::as_str).unwrap_or("/"),
        client_id: params.get("client_id").map(String::as_str),
        login: params.get("login").map(String::as_str),
        message: None,
    };
    views::sign_in(&mock, &headers, &form, StatusCode::OK)
}

/// `POST /session` with `login` and `return_to`: starts the session (the mock has no
/// passwords; a `password` field is ignored), then back to `return_to` when it is a local path.
pub async fn login(State(mock): State<Arc<Mock>>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(form) = http::parse_form(&body) else {
        return pages::error_page(
            Provider::GitHub,
            StatusCode::BAD_REQUEST,
            "Bad request",
            "The sign-in form must be sent as application/x-www-form-urlencoded UTF-8.",
        );
    };
    let return_to = form.get("return_to").map(String::as_str).unwrap_or("/");
    let typed = form.get("login").map(String::as_str).unwrap_or("");
    let now = mock.store.now();
    let started = {
        let mut inner = mock.store.lock();
        let key = inner
            .account_by_username(typed)
            .map(|a| a.key().to_string());
        key.map(|key| {
            // Switching accounts replaces the old session, as GitHub's account switcher does.
            if let Some(old) = http::cookie(&headers, USER_SESSION) {
                inner.sessions.remove(old);
            }
            inner.start_session(&key, now)
        })
    };
    let Some(session) = started else {
        let form = views::SignIn {
            return_to,
            client_id: form.get("client_id").map(String::as_str),
            login: Some(typed),
            message: Some(
                "Incorrect username or password. No account of this mock has that username: pick one of the buttons.",
            ),
        };
        return views::sign_in(&mock, &headers, &form, StatusCode::UNAUTHORIZED);
    };
    mock.store.event(
        EventKind::ProviderLogin,
        format!("{} signed in to GitHub", session.user),
        EventInfo {
            user: Some(session.user.clone()),
            endpoint: call("POST", "/session"),
            ..EventInfo::default()
        },
    );
    let mut response = found(http::local_path(return_to).unwrap_or("/"));
    set_cookies(&mut response, &session, SESSION_MAX_AGE);
    response
}

/// `POST /logout` with `authenticity_token`: ends the session, clears the cookies, back to `/`.
pub async fn logout(State(mock): State<Arc<Mock>>, headers: HeaderMap, body: Bytes) -> Response {
    let csrf = http::parse_form(&body)
        .and_then(|f| f.get("authenticity_token").cloned())
        .unwrap_or_default();
    if let Some((session, _)) = current(&mock, &headers) {
        if session.csrf != csrf {
            return pages::error_page(
                Provider::GitHub,
                StatusCode::UNPROCESSABLE_ENTITY,
                "Sign-out refused",
                "The form's authenticity_token does not match your session: sign out from the home page.",
            );
        }
        mock.store.lock().sessions.remove(&session.id);
        mock.store.event(
            EventKind::ProviderLogout,
            format!("{} signed out of GitHub", session.user),
            EventInfo {
                user: Some(session.user.clone()),
                endpoint: call("POST", "/logout"),
                ..EventInfo::default()
            },
        );
    }
    let mut response = found("/");
    let gone = ProviderSession {
        id: String::new(),
        user: String::new(),
        created_at: String::new(),
        csrf: String::new(),
    };
    set_cookies(&mut response, &gone, 0);
    response
}

/// `user_session` (HttpOnly), `logged_in` and `dotcom_user`; `max_age` 0 clears them.
fn set_cookies(response: &mut Response, session: &ProviderSession, max_age: u64) {
    let logged_in = if max_age == 0 { "no" } else { "yes" };
    let cookies = [
        format!(
            "{USER_SESSION}={}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax",
            session.id
        ),
        format!("{LOGGED_IN}={logged_in}; Path=/; Max-Age={max_age}; SameSite=Lax"),
        format!(
            "{DOTCOM_USER}={}; Path=/; Max-Age={max_age}; SameSite=Lax",
            session.user
        ),
    ];
    for cookie in cookies {
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
}
