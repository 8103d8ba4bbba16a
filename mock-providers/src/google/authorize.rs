//! `GET /o/oauth2/v2/auth` (sign-in if needed, consent if needed, then back to the app with a
//! code) and `POST /o/oauth2/v2/auth` (the consent form's Allow / Cancel).
//!
//! GET: validate the request (see [`super::request`]); no session sends the person to the
//! sign-in page and back (`prompt=none` refuses instead); consent given before and no
//! `prompt=consent` goes straight back to the app with a code; otherwise the consent page.
//! POST: everything is validated again, plus the session's `authenticity_token`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use common::Provider;

use super::answers::found;
use super::request::{self, AuthRequest, PATH};
use super::signin::current;
use super::{scopes, views};
use crate::api::{CodeRecord, EventKind};
use crate::config::GoogleUser;
use crate::http::{self, QueryMap, call};
use crate::pages;
use crate::state::Mock;
use crate::store::EventInfo;

/// The sign-in page, coming back to this authorization request afterwards.
fn to_signin(params: &HashMap<String, String>, skip_select_account: bool) -> Response {
    let back = format!("{PATH}?{}", request::encode(params, skip_select_account));
    let mut target = url::form_urlencoded::Serializer::new(String::new());
    target.append_pair("continue", &back);
    if let Some(hint) = params.get("login_hint") {
        target.append_pair("login_hint", hint);
    }
    found(&format!("/ServiceLogin?{}", target.finish()))
}

/// `GET /o/oauth2/v2/auth`.
pub async fn authorize(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    QueryMap(params): QueryMap,
) -> Response {
    let req = match request::validate(&mock, &params) {
        Ok(req) => req,
        Err(refusal) => return *refusal,
    };
    let Some((session, user)) = current(&mock, &headers) else {
        if req.prompt.none {
            return refuse(&req, "login_required");
        }
        return to_signin(&params, req.prompt.select_account);
    };
    if req.prompt.select_account {
        return to_signin(&params, true);
    }
    let covered = mock
        .store
        .lock()
        .grant_covers(&user.sub, &req.client_id, &req.scopes);
    if covered && !req.prompt.consent {
        return issue(&mock, &req, &user.sub, false);
    }
    if req.prompt.none {
        return refuse(&req, "consent_required");
    }
    let app = mock
        .store
        .lock()
        .clients
        .get(&req.client_id)
        .and_then(|c| c.name.clone())
        .unwrap_or_else(|| req.client_id.clone());
    views::consent(&app, &req, &params, &session, &user)
}

fn refuse(req: &AuthRequest, error: &str) -> Response {
    request::error_redirect(&req.redirect_uri, req.state.as_deref(), error, None)
}

/// `POST /o/oauth2/v2/auth`: the consent form. Everything is validated again.
pub async fn decision(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    pages::PageBody(body): pages::PageBody,
) -> Response {
    let Some(params) = http::parse_form(&body) else {
        return page(
            StatusCode::BAD_REQUEST,
            "Error 400: invalid_request",
            "The consent form could not be read (it must be UTF-8, form-encoded).",
        );
    };
    let req = match request::validate(&mock, &params) {
        Ok(req) => req,
        Err(refusal) => return *refusal,
    };
    let Some((session, user)) = current(&mock, &headers) else {
        return to_signin(&params, true);
    };
    if params.get("authenticity_token") != Some(&session.csrf) {
        return page(
            StatusCode::FORBIDDEN,
            "Error 403: invalid authenticity_token",
            "The consent form did not carry this session's authenticity_token.",
        );
    }
    match params.get("authorize").map(String::as_str) {
        Some("1") => allowed(&mock, &req, &user),
        Some("0") => {
            let summary = format!("{} cancelled consent for {}", user.email, req.client_id);
            let info = decision_info(&req, &user);
            mock.store.event(EventKind::ConsentDenied, summary, info);
            refuse(&req, "access_denied")
        }
        _ => page(
            StatusCode::BAD_REQUEST,
            "Error 400: invalid_request",
            "The consent form must carry authorize=1 (Allow) or authorize=0 (Cancel).",
        ),
    }
}

/// Allow: the grant takes the scopes, and the app gets a code.
fn allowed(mock: &Mock, req: &AuthRequest, user: &GoogleUser) -> Response {
    let now = mock.store.now();
    mock.store
        .lock()
        .add_grant(&user.sub, &req.client_id, &req.scopes, now);
    let summary = format!("{} allowed {}", user.email, req.client_id);
    let info = decision_info(req, user);
    mock.store.event(EventKind::ConsentGiven, summary, info);
    issue(mock, req, &user.sub, true)
}

fn decision_info(req: &AuthRequest, user: &GoogleUser) -> EventInfo {
    EventInfo {
        user: Some(user.sub.clone()),
        client_id: Some(req.client_id.clone()),
        endpoint: call("POST", PATH),
        ..EventInfo::default()
    }
}

fn page(status: StatusCode, title: &str, message: &str) -> Response {
    pages::error_page(Provider::Google, status, title, message)
}

/// Issues a code and sends the browser back to the app.
fn issue(mock: &Mock, req: &AuthRequest, user: &str, consented: bool) -> Response {
    let now = mock.store.now();
    let (code, scopes) = {
        let mut inner = mock.store.lock();
        let mut granted = req.scopes.clone();
        if req.include_granted_scopes
            && let Some(grant) = inner.grants.get(&(user.to_string(), req.client_id.clone()))
        {
            granted.extend(grant.scopes.iter().cloned());
        }
        let granted = scopes::ordered(&granted);
        let code = CodeRecord {
            code: format!("4/0A{}", crate::random::url_safe(70)),
            client_id: req.client_id.clone(),
            user: user.to_string(),
            redirect_uri: Some(req.redirect_uri.clone()),
            scopes: granted.clone(),
            pkce: req.pkce.clone(),
            nonce: req.nonce.clone(),
            offline: req.offline,
            consented,
            issued_at: String::new(),
            used: false,
            tokens: Vec::new(),
        };
        (inner.issue_code(code, now), granted)
    };
    mock.store.event(
        EventKind::CodeIssued,
        format!("code issued to {}", req.client_id),
        EventInfo {
            user: Some(user.to_string()),
            client_id: Some(req.client_id.clone()),
            endpoint: call(if consented { "POST" } else { "GET" }, PATH),
            ..EventInfo::default()
        },
    );
    let scope = scopes.join(" ");
    let mut pairs = Vec::new();
    if let Some(state) = &req.state {
        pairs.push(("state", state.as_str()));
    }
    pairs.push(("code", &code));
    pairs.push(("scope", &scope));
    pairs.push(("authuser", "0"));
    pairs.push(("prompt", if consented { "consent" } else { "none" }));
    found(&request::redirect_with(&req.redirect_uri, &pairs))
}
