//! The GitHub login session: the home page, the sign-in page (`/login`, `POST /session`) and
//! sign-out (`POST /logout`). The session lives in the `user_session` cookie, apart from any
//! app's session: signing out of an app leaves a person signed in here, which is what the lab
//! shows.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use common::Provider;

use super::answers::found;
use super::views::{self, SignIn};
use crate::api::{Account, EventKind};
use crate::config::GitHubUser;
use crate::http::{self, QueryMap, call};
use crate::pages;
use crate::state::Mock;
use crate::store::{EventInfo, ProviderSession};

/// The provider session cookie, and the two companions GitHub sets beside it.
pub const USER_SESSION: &str = "user_session";
pub const LOGGED_IN: &str = "logged_in";
pub const DOTCOM_USER: &str = "dotcom_user";

/// Two weeks, as GitHub keeps `user_session`.
const SESSION_MAX_AGE: u64 = 14 * 24 * 60 * 60;

/// The signed-in session and its user, if `user_session` names a live session.
pub fn current(mock: &Mock, headers: &HeaderMap) -> Option<(ProviderSession, GitHubUser)> {
    let now = mock.store.now();
    let mut inner = mock.store.lock();
    let id = http::cookie(headers, USER_SESSION);
    inner.touch_session(id, now);
    let (session, account) = inner.session_account(id)?;
    Some((session.clone(), account.github()?.clone()))
}

/// `GET /`: who is signed in, with a sign-out button.
pub async fn home(State(mock): State<Arc<Mock>>, headers: HeaderMap) -> Response {
    let signed_in = current(&mock, &headers);
    views::home(signed_in.as_ref().map(|(session, user)| (session, user)))
}

/// `GET /login?client_id=..&return_to=..&login=..`: one button per account, and a field.
pub async fn login_page(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    QueryMap(params): QueryMap,
) -> Response {
    let form = SignIn {
        return_to: params.get("return_to").map(String::as_str).unwrap_or("/"),
        client_id: params.get("client_id").map(String::as_str),
        login: params.get("login").map(String::as_str),
        message: None,
        status: StatusCode::OK,
    };
    sign_in_page(&mock, &headers, &form)
}

/// The sign-in page with the accounts of this mock, the app named by `form.client_id`, and
/// the account this browser is signed in as; the one the app suggests comes first.
fn sign_in_page(mock: &Mock, headers: &HeaderMap, form: &SignIn<'_>) -> Response {
    let signed_in = current(mock, headers).map(|(_, user)| user.login);
    let (mut users, app): (Vec<GitHubUser>, Option<String>) = {
        let inner = mock.store.lock();
        let users = inner.accounts.iter().filter_map(Account::github).cloned();
        let app = form
            .client_id
            .and_then(|id| inner.clients.get(id))
            .map(|c| c.name.clone().unwrap_or_else(|| c.client_id.clone()));
        (users.collect(), app)
    };
    users.sort_by_key(|u| !form.login.is_some_and(|l| u.login.eq_ignore_ascii_case(l)));
    views::sign_in(form, &users, app.as_deref(), signed_in.as_deref())
}

/// `POST /session` with `login` and `return_to`: starts the session (the mock has no
/// passwords; a `password` field is ignored), then back to `return_to` when it is a local path.
pub async fn login(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    pages::PageBody(body): pages::PageBody,
) -> Response {
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
    let Some(session) = start_session(&mock, &headers, typed) else {
        let form = SignIn {
            return_to,
            client_id: form.get("client_id").map(String::as_str),
            login: Some(typed),
            message: Some(
                "Incorrect username or password. No account of this mock has that username: pick one of the buttons.",
            ),
            status: StatusCode::UNAUTHORIZED,
        };
        return sign_in_page(&mock, &headers, &form);
    };
    let summary = format!("{} signed in to GitHub", session.user);
    record(
        &mock,
        EventKind::ProviderLogin,
        summary,
        &session.user,
        "/session",
    );
    let mut response = found(http::local_path(return_to).unwrap_or("/"));
    set_cookies(&mut response, &session, SESSION_MAX_AGE);
    response
}

/// A new session for the account `typed` names, replacing this browser's old one, as
/// GitHub's account switcher does; `None` when no account has that name.
fn start_session(mock: &Mock, headers: &HeaderMap, typed: &str) -> Option<ProviderSession> {
    let now = mock.store.now();
    let mut inner = mock.store.lock();
    let key = inner.account_by_username(typed)?.key().to_string();
    if let Some(old) = http::cookie(headers, USER_SESSION) {
        inner.sessions.remove(old);
    }
    Some(inner.start_session(&key, now))
}

/// `POST /logout` with `authenticity_token`: ends the session, clears the cookies, back to `/`.
pub async fn logout(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    pages::PageBody(body): pages::PageBody,
) -> Response {
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
        let summary = format!("{} signed out of GitHub", session.user);
        record(
            &mock,
            EventKind::ProviderLogout,
            summary,
            &session.user,
            "/logout",
        );
    }
    let mut response = found("/");
    let gone = ProviderSession {
        id: String::new(),
        user: String::new(),
        created_at: String::new(),
        csrf: String::new(),
        last_seen: std::time::SystemTime::UNIX_EPOCH,
    };
    set_cookies(&mut response, &gone, 0);
    response
}

/// Records a sign-in or sign-out of `user` by `POST path`.
fn record(mock: &Mock, kind: EventKind, summary: String, user: &str, path: &str) {
    let info = EventInfo {
        user: Some(user.to_string()),
        endpoint: call("POST", path),
        ..EventInfo::default()
    };
    mock.store.event(kind, summary, info);
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
