//! `GET /login/oauth/authorize` and the consent decision `POST /login/oauth/authorize`.
//!
//! GET: validate the request (see [`super::request`]); no session (or
//! `prompt=select_account`) sends the person to the sign-in page and back; an existing grant
//! that covers the scopes goes straight back to the app with a code; otherwise the consent
//! page. POST: everything is validated again (the form is only as trustworthy as whoever sent
//! it), plus the session's `authenticity_token`.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use common::Provider;

use super::answers::found;
use super::request::{self, AuthRequest};
use super::signin::current;
use super::views;
use crate::api::{CodeRecord, EventKind};
use crate::config::GitHubUser;
use crate::http::{self, QueryMap, call};
use crate::pages;
use crate::state::Mock;
use crate::store::EventInfo;

/// What GitHub sends when the person clicks Cancel.
const DENIED: &str = "The user has denied your application access.";
const DENIED_URI: &str = "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/#access-denied";

/// `GET /login/oauth/authorize`.
pub async fn authorize(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    QueryMap(params): QueryMap,
) -> Response {
    let request = match request::validate(&mock, &params) {
        Ok(request) => request,
        Err(refusal) => return *refusal,
    };
    let session = current(&mock, &headers);
    let Some((session, user)) = session.filter(|_| !request.select_account) else {
        return to_sign_in(&request);
    };
    let covered =
        mock.store
            .lock()
            .grant_covers(&user.login, &request.client.client_id, &request.scopes);
    if covered {
        return issue_code(&mock, &request, &user, false, "GET");
    }
    views::consent(&request, &session, &user)
}

/// `POST /login/oauth/authorize` with the authorize parameters, `authenticity_token` and
/// `authorize=1` (Authorize) or `authorize=0` (Cancel).
pub async fn decision(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    pages::PageBody(body): pages::PageBody,
) -> Response {
    let Some(form) = http::parse_form(&body) else {
        return page(
            StatusCode::BAD_REQUEST,
            "The consent form must be sent as application/x-www-form-urlencoded UTF-8.",
        );
    };
    let request = match request::validate(&mock, &form) {
        Ok(request) => request,
        Err(refusal) => return *refusal,
    };
    let Some((session, user)) = current(&mock, &headers) else {
        return to_sign_in(&request);
    };
    if form.get("authenticity_token") != Some(&session.csrf) {
        return page(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The form's authenticity_token does not match your session. Start again from the app.",
        );
    }
    match form.get("authorize").map(String::as_str) {
        Some("1") => authorized(&mock, &request, &user),
        Some("0") => denied(&mock, &request, &user),
        _ => page(
            StatusCode::BAD_REQUEST,
            "The consent form must carry authorize=1 (Authorize) or authorize=0 (Cancel).",
        ),
    }
}

/// Authorize: the grant takes the scopes, and the app gets a code.
fn authorized(mock: &Mock, request: &AuthRequest, user: &GitHubUser) -> Response {
    let client_id = &request.client.client_id;
    let now = mock.store.now();
    mock.store
        .lock()
        .add_grant(&user.login, client_id, &request.scopes, now);
    let scopes = request.scopes.join(", ");
    let summary = format!("{} authorized {client_id} for [{scopes}]", user.login);
    mock.store.event(
        EventKind::ConsentGiven,
        summary,
        decision_info(request, user),
    );
    issue_code(mock, request, user, true, "POST")
}

/// Cancel: back to the app with GitHub's `access_denied`.
fn denied(mock: &Mock, request: &AuthRequest, user: &GitHubUser) -> Response {
    let summary = format!("{} denied {}", user.login, request.client.client_id);
    mock.store.event(
        EventKind::ConsentDenied,
        summary,
        decision_info(request, user),
    );
    request.redirect(&[
        ("error", "access_denied"),
        ("error_description", DENIED),
        ("error_uri", DENIED_URI),
    ])
}

fn decision_info(request: &AuthRequest, user: &GitHubUser) -> EventInfo {
    EventInfo {
        user: Some(user.login.clone()),
        client_id: Some(request.client.client_id.clone()),
        endpoint: call("POST", "/login/oauth/authorize"),
        ..EventInfo::default()
    }
}

/// To the sign-in page, which comes back to this same authorize request.
fn to_sign_in(request: &AuthRequest) -> Response {
    let mut params = vec![
        ("client_id", request.client.client_id.clone()),
        ("return_to", request.return_to()),
    ];
    if let Some(login) = &request.login {
        params.push(("login", login.clone()));
    }
    let query = serde_urlencoded::to_string(&params).unwrap_or_default();
    found(&format!("/login?{query}"))
}

/// Issues a 20-hex-character code bound to the client, `redirect_uri` and PKCE challenge,
/// and sends it to the app.
fn issue_code(
    mock: &Mock,
    request: &AuthRequest,
    user: &GitHubUser,
    consented: bool,
    method: &str,
) -> Response {
    let now = mock.store.now();
    let code = CodeRecord {
        code: crate::random::hex(20),
        client_id: request.client.client_id.clone(),
        user: user.login.clone(),
        redirect_uri: request.redirect_uri.clone(),
        scopes: request.scopes.clone(),
        pkce: request.pkce.clone(),
        nonce: None,
        offline: false,
        consented,
        issued_at: String::new(),
        used: false,
        tokens: Vec::new(),
    };
    let code = mock.store.lock().issue_code(code, now);
    mock.store.event(
        EventKind::CodeIssued,
        format!(
            "code issued to {} for {}",
            request.client.client_id, user.login
        ),
        EventInfo {
            user: Some(user.login.clone()),
            client_id: Some(request.client.client_id.clone()),
            endpoint: call(method, "/login/oauth/authorize"),
            ..EventInfo::default()
        },
    );
    request.redirect(&[("code", &code)])
}

fn page(status: StatusCode, message: &str) -> Response {
    pages::error_page(Provider::GitHub, status, "Authorization failed", message)
}
