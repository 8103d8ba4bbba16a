//! The Google account session: the home page, the sign-in page (`/ServiceLogin`) and
//! sign-out (`/Logout`). The session lives in the `SID` cookie, apart from any app's session:
//! signing out of an app leaves a person signed in here, which is what the lab shows.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use common::Provider;

use super::answers::found;
use super::views::{self, SignIn};
use crate::api::{Account, EventKind};
use crate::config::GoogleUser;
use crate::http::{self, QueryMap, call};
use crate::pages;
use crate::state::Mock;
use crate::store::{EventInfo, ProviderSession};

/// The provider session cookie.
pub const SID: &str = "SID";

/// The signed-in session and its user, if the `SID` cookie names a live session.
pub fn current(mock: &Mock, headers: &HeaderMap) -> Option<(ProviderSession, GoogleUser)> {
    let now = mock.store.now();
    let mut inner = mock.store.lock();
    let id = http::cookie(headers, SID);
    inner.touch_session(id, now);
    let (session, account) = inner.session_account(id)?;
    Some((session.clone(), account.google()?.clone()))
}

/// `GET /`: who is signed in, with a sign-out button.
pub async fn home(State(mock): State<Arc<Mock>>, headers: HeaderMap) -> Response {
    let signed_in = current(&mock, &headers);
    views::home(signed_in.as_ref().map(|(session, user)| (session, user)))
}

/// `GET /ServiceLogin?continue=..&login_hint=..`: one button per account, and an email field.
pub async fn signin_page(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    QueryMap(params): QueryMap,
) -> Response {
    let form = SignIn {
        target: params.get("continue").map(String::as_str).unwrap_or("/"),
        hint: params.get("login_hint").map(String::as_str),
        message: None,
        status: StatusCode::OK,
    };
    sign_in_page(&mock, &headers, &form)
}

/// The sign-in page with the accounts of this mock and the one this browser is signed in
/// as; the hinted account comes first, as Google preselects it.
fn sign_in_page(mock: &Mock, headers: &HeaderMap, form: &SignIn<'_>) -> Response {
    let signed_in = current(mock, headers).map(|(_, user)| user.email);
    let (mut users, app): (Vec<GoogleUser>, Option<String>) = {
        let inner = mock.store.lock();
        let users = inner.accounts.iter().filter_map(Account::google).cloned();
        let app = continued_client(form.target)
            .and_then(|id| inner.clients.get(&id))
            .map(|c| c.name.clone().unwrap_or_else(|| c.client_id.clone()));
        (users.collect(), app)
    };
    users.sort_by_key(|u| !form.hint.is_some_and(|h| u.email.eq_ignore_ascii_case(h)));
    views::sign_in(form, &users, app.as_deref(), signed_in.as_deref())
}

/// The `client_id` of the authorize request a sign-in continues to, if it continues to one.
fn continued_client(target: &str) -> Option<String> {
    let (_, query) = target.split_once('?')?;
    let pairs = url::form_urlencoded::parse(query.as_bytes());
    pairs
        .into_iter()
        .find(|(name, _)| name == "client_id")
        .map(|(_, id)| id.into_owned())
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
pub async fn signin(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    pages::PageBody(body): pages::PageBody,
) -> Response {
    let Some(form) = http::parse_form(&body) else {
        let page = SignIn {
            target: "/",
            hint: None,
            message: Some("The form could not be read (it must be UTF-8, form-encoded)."),
            status: StatusCode::BAD_REQUEST,
        };
        return sign_in_page(&mock, &headers, &page);
    };
    let email = form.get("email").map(|e| e.trim()).unwrap_or("");
    let Some(session) = start_session(&mock, &headers, email) else {
        let message = format!("Couldn’t find your Google Account: “{email}”.");
        let page = SignIn {
            target: form.get("continue").map(String::as_str).unwrap_or("/"),
            hint: Some(email),
            message: Some(&message),
            status: StatusCode::UNAUTHORIZED,
        };
        return sign_in_page(&mock, &headers, &page);
    };
    let summary = format!("{email} signed in to Google");
    record(
        &mock,
        EventKind::ProviderLogin,
        summary,
        session.user,
        "POST",
        "/ServiceLogin",
    );
    let mut response = found(&target(&form));
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&session.id, false));
    response
}

/// A new session for the account `email` names, replacing this browser's old one; `None`
/// when no account has that email.
fn start_session(mock: &Mock, headers: &HeaderMap, email: &str) -> Option<ProviderSession> {
    let now = mock.store.now();
    let mut inner = mock.store.lock();
    let account = inner
        .account_by_username(email)
        .filter(|_| !email.is_empty());
    let key = account?.key().to_string();
    if let Some(old) = http::cookie(headers, SID) {
        inner.sessions.remove(old);
    }
    Some(inner.start_session(&key, now))
}

/// `GET /Logout`: signs out without a form, as Google's own sign-out link does.
pub async fn logout_get(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    QueryMap(params): QueryMap,
) -> Response {
    logout(&mock, &headers, &params, "GET")
}

/// `POST /Logout` from the home page's button: the form must carry the session's
/// `authenticity_token`.
pub async fn logout_post(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    QueryMap(query): QueryMap,
    pages::PageBody(body): pages::PageBody,
) -> Response {
    let mut params = http::parse_form(&body).unwrap_or_default();
    for (k, v) in query {
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
        let summary = "signed out of Google".to_string();
        record(
            mock,
            EventKind::ProviderLogout,
            summary,
            session.user,
            method,
            "/Logout",
        );
    }
    let mut response = found(&target(params));
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session_cookie("", true));
    response
}

/// Records a sign-in or sign-out of `user` by `METHOD path`.
fn record(mock: &Mock, kind: EventKind, summary: String, user: String, method: &str, path: &str) {
    let info = EventInfo {
        user: Some(user),
        endpoint: call(method, path),
        ..EventInfo::default()
    };
    mock.store.event(kind, summary, info);
}
