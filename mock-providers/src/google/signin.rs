//! The Google account session: the home page, the sign-in page (`/ServiceLogin`) and
//! sign-out (`/Logout`). The session lives in the `SID` cookie, apart from any app's session:
//! signing out of an app leaves a person signed in here, which is what the lab shows.

use crate::api::{Account, EventKind, Provider};
use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use maud::{Markup, html};

use super::call;
use crate::config::GoogleUser;
use crate::state::Mock;
use crate::store::{EventInfo, ProviderSession};
use crate::{http, pages};

/// The provider session cookie.
pub const SID: &str = "SID";

/// The signed-in session and its user, if the `SID` cookie names a live session.
pub(crate) fn current(mock: &Mock, headers: &HeaderMap) -> Option<(ProviderSession, GoogleUser)> {
    let inner = mock.store.lock();
    let (session, account) = inner.session_account(http::cookie(headers, SID))?;
    Some((session.clone(), account.google()?.clone()))
}

/// Parses a query string; a malformed one counts as empty (every parameter then "missing").
pub(crate) fn query_map(query: Option<String>) -> HashMap<String, String> {
    query
        .and_then(|q| http::parse_form(q.as_bytes()))
        .unwrap_or_default()
}

fn page(title: &str, body: Markup) -> String {
    pages::layout(Provider::Google, title, body).into_string()
}

/// `GET /`: who is signed in, with a sign-out button.
pub async fn home(State(mock): State<Arc<Mock>>, headers: HeaderMap) -> Response {
    let body = match current(&mock, &headers) {
        Some((session, user)) => html! {
            div.card {
                p { "Signed in as " strong { (user.name) } " (" (user.email) ")." }
                form method="post" action="/Logout" {
                    input type="hidden" name="authenticity_token" value=(session.csrf);
                    button type="submit" { "Sign out" }
                }
            }
        },
        None => html! {
            div.card {
                p { "Nobody is signed in to this mock Google." }
                a.button href="/ServiceLogin" { "Sign in" }
            }
        },
    };
    Html(page("Google Account", body)).into_response()
}

/// `GET /ServiceLogin?continue=..&login_hint=..`: one button per account, and an email field.
pub async fn signin_page(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let params = query_map(query);
    let target = params.get("continue").map(String::as_str).unwrap_or("/");
    let hint = params.get("login_hint").map(String::as_str);
    render_signin(&mock, &headers, target, hint, StatusCode::OK, None)
}

fn render_signin(
    mock: &Mock,
    headers: &HeaderMap,
    target: &str,
    hint: Option<&str>,
    status: StatusCode,
    message: Option<&str>,
) -> Response {
    let signed_in = current(mock, headers).map(|(_, user)| user.email);
    let mut users: Vec<GoogleUser> = {
        let inner = mock.store.lock();
        inner
            .accounts
            .iter()
            .filter_map(Account::google)
            .cloned()
            .collect()
    };
    // The hinted account comes first, as Google preselects it.
    users.sort_by_key(|u| !hint.is_some_and(|h| u.email.eq_ignore_ascii_case(h)));
    let body = html! {
        @if let Some(message) = message {
            div.card.error { p { (message) } }
        }
        @if let Some(email) = &signed_in {
            p { "Currently signed in as " strong { (email) } ". Choosing an account switches to it." }
        }
        div.card {
            h2 { "Choose an account" }
            @for user in &users {
                form.inline method="post" action="/ServiceLogin" {
                    input type="hidden" name="email" value=(user.email);
                    input type="hidden" name="continue" value=(target);
                    button type="submit" { (user.name) " · " (user.email) }
                }
                " "
            }
        }
        div.card {
            h2 { "Or type an email" }
            form method="post" action="/ServiceLogin" {
                input type="hidden" name="continue" value=(target);
                label { "Email " input type="text" name="email" value=(hint.unwrap_or("")); }
                " "
                button type="submit" { "Next" }
            }
        }
    };
    (status, Html(page("Sign in with Google", body))).into_response()
}

fn session_cookie(value: &str, max_age_zero: bool) -> HeaderValue {
    let expiry = if max_age_zero { "; Max-Age=0" } else { "" };
    HeaderValue::from_str(&format!(
        "{SID}={value}; HttpOnly; SameSite=Lax; Path=/{expiry}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("SID=; Path=/"))
}

/// Where to go after signing in or out: only paths on this host.
fn target(params: &HashMap<String, String>) -> String {
    params
        .get("continue")
        .and_then(|c| http::local_path(c))
        .unwrap_or("/")
        .to_string()
}

/// `POST /ServiceLogin` with `email` and `continue`: starts a session (replacing the one
/// this browser had) and goes on to `continue`.
pub async fn signin(State(mock): State<Arc<Mock>>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(form) = http::parse_form(&body) else {
        return render_signin(
            &mock,
            &headers,
            "/",
            None,
            StatusCode::BAD_REQUEST,
            Some("The form could not be read (it must be UTF-8, form-encoded)."),
        );
    };
    let email = form.get("email").map(|e| e.trim()).unwrap_or("");
    let now = mock.store.now();
    let started = {
        let mut inner = mock.store.lock();
        let key = inner
            .account_by_username(email)
            .filter(|_| !email.is_empty())
            .map(|a| a.key().to_string());
        key.map(|key| {
            if let Some(old) = http::cookie(&headers, SID) {
                inner.sessions.remove(old);
            }
            inner.start_session(&key, now)
        })
    };
    let Some(session) = started else {
        let raw = form.get("continue").map(String::as_str).unwrap_or("/");
        let message = format!("Couldn’t find your Google Account: “{email}”.");
        return render_signin(
            &mock,
            &headers,
            raw,
            Some(email),
            StatusCode::UNAUTHORIZED,
            Some(&message),
        );
    };
    mock.store.event(
        EventKind::ProviderLogin,
        format!("{email} signed in to Google"),
        EventInfo {
            user: Some(session.user.clone()),
            endpoint: call("POST", "/ServiceLogin"),
            ..EventInfo::default()
        },
    );
    let mut response = super::found(&target(&form));
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&session.id, false));
    response
}

/// `GET /Logout`: signs out without a form, as Google's own sign-out link does.
pub async fn logout_get(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let params = query_map(query);
    logout(&mock, &headers, &params, "GET")
}

/// `POST /Logout` from the home page's button: the form must carry the session's
/// `authenticity_token`.
pub async fn logout_post(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let mut params = http::parse_form(&body).unwrap_or_default();
    for (k, v) in query_map(query) {
        params.entry(k).or_insert(v);
    }
    if let Some((session, _)) = current(&mock, &headers)
        && params.get("authenticity_token") != Some(&session.csrf)
    {
        return pages::error_page(
            Provider::Google,
            StatusCode::FORBIDDEN,
            "Sign-out refused",
            "The sign-out form did not carry this session's authenticity_token.",
        );
    }
    logout(&mock, &headers, &params, "POST")
}

fn logout(
    mock: &Mock,
    headers: &HeaderMap,
    params: &HashMap<String, String>,
    method: &str,
) -> Response {
    let ended = http::cookie(headers, SID).and_then(|id| mock.store.lock().sessions.remove(id));
    if let Some(session) = ended {
        mock.store.event(
            EventKind::ProviderLogout,
            "signed out of Google",
            EventInfo {
                user: Some(session.user),
                endpoint: call(method, "/Logout"),
                ..EventInfo::default()
            },
        );
    }
    let mut response = super::found(&target(params));
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session_cookie("", true));
    response
}
