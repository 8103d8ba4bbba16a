//! `POST /token`: the authorization code and refresh token grants. Unlike GitHub, Google
//! answers errors with real 4xx statuses and `{"error", "error_description"}`.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::{call, id_token, json_error, no_store, scopes};
use crate::api::{Account, CodeRecord, EventKind, Pkce, TokenKind};
use crate::config::GoogleUser;
use crate::state::Mock;
use crate::store::{CodeProblem, EventInfo, Inner, NewToken, Presented, TokenProblem};
use crate::{http, pkce, random};

/// Access tokens live an hour; Google announces 3599 seconds.
pub const ACCESS_TTL: Duration = Duration::from_secs(3599);

const FORM: &str = "application/x-www-form-urlencoded";

fn bad_request(error: &str, description: &str) -> Response {
    json_error(StatusCode::BAD_REQUEST, error, description)
}

fn unauthorized(description: &str) -> Response {
    json_error(StatusCode::UNAUTHORIZED, "invalid_client", description)
}

/// Percent-decodes a Basic credential (RFC 6749 §2.3.1 form-encodes them first).
fn form_decode(value: &str) -> String {
    url::form_urlencoded::parse(format!("v={value}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// `POST /token`.
pub async fn token(State(mock): State<Arc<Mock>>, headers: HeaderMap, body: Bytes) -> Response {
    let content_type = http::content_type(&headers);
    if content_type.as_deref() != Some(FORM) {
        let given = content_type.unwrap_or_else(|| "none".into());
        return bad_request(
            "invalid_request",
            &format!("Invalid Content-Type: {given} (expected {FORM})"),
        );
    }
    let Some(form) = http::parse_form(&body) else {
        return bad_request("invalid_request", "Malformed form body");
    };
    let get = |k: &str| form.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let grant_type = match get("grant_type") {
        None => {
            return bad_request(
                "invalid_request",
                "Required parameter is missing: grant_type",
            );
        }
        Some(g @ ("authorization_code" | "refresh_token")) => g,
        Some(other) => {
            return bad_request(
                "unsupported_grant_type",
                &format!("Invalid grant_type: {other}"),
            );
        }
    };
    let client_id = match authenticate(&mock, &headers, &form) {
        Ok(client_id) => client_id,
        Err(response) => return *response,
    };
    if grant_type == "authorization_code" {
        exchange_code(&mock, &client_id, &form)
    } else {
        refresh(&mock, &client_id, &form)
    }
}

/// Client authentication by HTTP Basic or by `client_id` + `client_secret` in the body.
fn authenticate(
    mock: &Mock,
    headers: &HeaderMap,
    form: &HashMap<String, String>,
) -> Result<String, Box<Response>> {
    let basic = http::basic_auth(headers).map(|(u, p)| (form_decode(&u), form_decode(&p)));
    let body_id = form.get("client_id").filter(|v| !v.is_empty());
    let (id, secret) = match basic {
        Some((id, secret)) => {
            if body_id.is_some_and(|b| *b != id) {
                return Err(Box::new(unauthorized("Unauthorized")));
            }
            (Some(id), Some(secret))
        }
        None => (body_id.cloned(), form.get("client_secret").cloned()),
    };
    let Some(id) = id.filter(|i| !i.is_empty()) else {
        return Err(Box::new(bad_request(
            "invalid_request",
            "Could not determine client ID from request.",
        )));
    };
    let client = mock.store.lock().clients.get(&id).cloned();
    let Some(client) = client else {
        return Err(Box::new(unauthorized("The OAuth client was not found.")));
    };
    match secret.filter(|s| !s.is_empty()) {
        None => Err(Box::new(bad_request(
            "invalid_request",
            "client_secret is missing.",
        ))),
        Some(secret) if secret != client.client_secret => {
            Err(Box::new(unauthorized("Unauthorized")))
        }
        Some(_) => Ok(id),
    }
}

fn info(user: Option<String>, client_id: &str) -> EventInfo {
    EventInfo {
        user,
        client_id: Some(client_id.to_string()),
        endpoint: call("POST", "/token"),
        ..EventInfo::default()
    }
}

/// What an exchange issued.
struct Issued {
    code: CodeRecord,
    user: GoogleUser,
    access: String,
    refresh: Option<String>,
}

fn exchange_code(mock: &Mock, client_id: &str, form: &HashMap<String, String>) -> Response {
    let get = |k: &str| form.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let Some(code) = get("code") else {
        return bad_request("invalid_request", "Missing required parameter: code");
    };
    let Some(redirect_uri) = get("redirect_uri") else {
        return bad_request(
            "invalid_request",
            "Missing required parameter: redirect_uri",
        );
    };
    let presented = Presented {
        code,
        client_id,
        redirect_uri: Some(redirect_uri),
    };
    let verifier = get("code_verifier");
    let now = mock.store.now();
    let issued = match exchange(&mut mock.store.lock(), presented, verifier, now) {
        Ok(issued) => issued,
        Err(problem) => {
            return match problem {
                CodeProblem::RedirectUriMismatch => {
                    bad_request("redirect_uri_mismatch", "Bad Request")
                }
                CodeProblem::PkceMismatch if verifier.is_none() => {
                    bad_request("invalid_grant", "Missing code verifier.")
                }
                CodeProblem::PkceMismatch => bad_request("invalid_grant", "Invalid code verifier."),
                _ => bad_request("invalid_grant", "Bad Request"),
            };
        }
    };
    let Issued {
        code,
        user,
        access,
        refresh,
    } = issued;
    let mut body = answer(&access, &code.scopes);
    if let Some(refresh) = refresh {
        body.insert("refresh_token".into(), json!(refresh));
    }
    if scopes::has(&code.scopes, scopes::OPENID) {
        let nonce = code.nonce.as_deref();
        let id = id_token::issue(mock, client_id, &user, &code.scopes, &access, nonce, now);
        body.insert("id_token".into(), json!(id));
    }
    no_store(StatusCode::OK, Value::Object(body))
}

/// Redeems the code, issues its tokens and records what happened, under one lock: the
/// tokens' `issued_seq` is the `code_exchanged` event's.
fn exchange(
    inner: &mut Inner,
    presented: Presented<'_>,
    verifier: Option<&str>,
    now: SystemTime,
) -> Result<Issued, CodeProblem> {
    let seq = inner.take_seq();
    let verify = |p: &Pkce| pkce::verify(&p.challenge, &p.method, verifier);
    let redeemed = inner
        .redeem_code(presented, verify, seq, now)
        .and_then(|code| {
            let user = inner.account(&code.user).and_then(Account::google).cloned();
            Ok((user.ok_or(CodeProblem::Unknown)?, code))
        });
    let (user, code) = match redeemed {
        Ok(redeemed) => redeemed,
        Err(problem) => {
            let user = inner.codes.get(presented.code).map(|c| c.user.clone());
            let info = EventInfo {
                ended: inner.ended_by(seq),
                ..info(user, presented.client_id)
            };
            let summary = format!("code refused: {}", problem.describe());
            inner.push_event(seq, EventKind::CodeRefused, summary, info, now);
            return Err(problem);
        }
    };
    let client_id = presented.client_id;
    let access = new_access(inner, client_id, &code, seq, now);
    let refresh = (code.offline && code.consented).then(|| {
        let new = NewToken {
            value: format!("1//0{}", random::url_safe(99)),
            kind: TokenKind::Refresh,
            client_id,
            user: &code.user,
            scopes: &code.scopes,
            ttl: None,
            code: Some(&code.code),
        };
        inner.issue_token(new, seq, now)
    });
    let issued: Vec<String> = std::iter::once(access.clone())
        .chain(refresh.clone())
        .collect();
    let info = EventInfo {
        issued,
        ..info(Some(code.user.clone()), client_id)
    };
    let summary = format!("code exchanged by {client_id}");
    inner.push_event(seq, EventKind::CodeExchanged, summary, info, now);
    if let Some(refresh) = &refresh {
        // At most 100 refresh tokens per account and client: the oldest goes.
        inner.enforce_token_limit(refresh, now);
    }
    Ok(Issued {
        code,
        user,
        access,
        refresh,
    })
}

/// Issues an access token (`ya29.` and 150 URL-safe characters) for `code`'s user and
/// scopes, linked to the code so a replayed code revokes it and tokeninfo can tell its
/// `access_type`.
fn new_access(
    inner: &mut Inner,
    client_id: &str,
    code: &CodeRecord,
    seq: u64,
    now: SystemTime,
) -> String {
    let new = NewToken {
        value: format!("ya29.{}", random::url_safe(150)),
        kind: TokenKind::Access,
        client_id,
        user: &code.user,
        scopes: &code.scopes,
        ttl: Some(ACCESS_TTL),
        code: Some(&code.code),
    };
    inner.issue_token(new, seq, now)
}

fn answer(access: &str, granted: &[String]) -> Map<String, Value> {
    let mut body = Map::new();
    body.insert("access_token".into(), json!(access));
    body.insert("expires_in".into(), json!(ACCESS_TTL.as_secs()));
    body.insert("scope".into(), json!(granted.join(" ")));
    body.insert("token_type".into(), json!("Bearer"));
    body
}

/// The refresh token grant: a new access token for the same scopes (no new refresh token).
fn refresh(mock: &Mock, client_id: &str, form: &HashMap<String, String>) -> Response {
    let Some(value) = form.get("refresh_token").filter(|v| !v.is_empty()) else {
        return bad_request(
            "invalid_request",
            "Missing required parameter: refresh_token",
        );
    };
    let now = mock.store.now();
    let (user, granted, access) = match refresh_grant(&mut mock.store.lock(), client_id, value, now)
    {
        Ok(issued) => issued,
        Err(TokenProblem::Unknown) => return bad_request("invalid_grant", "Bad Request"),
        Err(TokenProblem::Revoked | TokenProblem::Expired) => {
            return bad_request("invalid_grant", "Token has been expired or revoked.");
        }
    };
    let mut body = answer(&access, &granted);
    if scopes::has(&granted, scopes::OPENID) {
        let id = id_token::issue(mock, client_id, &user, &granted, &access, None, now);
        body.insert("id_token".into(), json!(id));
    }
    no_store(StatusCode::OK, Value::Object(body))
}

/// Checks the refresh token, issues a new access token and records what happened, under one
/// lock. Returns the account, the scopes and the new access token.
fn refresh_grant(
    inner: &mut Inner,
    client_id: &str,
    refresh: &str,
    now: SystemTime,
) -> Result<(GoogleUser, Vec<String>, String), TokenProblem> {
    let found = inner.live_token(refresh, now).and_then(|t| {
        if t.kind != TokenKind::Refresh || t.client_id != client_id {
            return Err(TokenProblem::Unknown);
        }
        let code = t.code.as_ref().and_then(|c| inner.codes.get(c)).cloned();
        let account = inner.account(&t.user).and_then(Account::google).cloned();
        Ok((
            account.ok_or(TokenProblem::Unknown)?,
            t.scopes.clone(),
            code,
        ))
    });
    let seq = inner.take_seq();
    let (user, scopes, code) = match found {
        Ok(found) => found,
        Err(problem) => {
            let summary = format!("refresh token refused: {}", problem.describe());
            let info = info(None, client_id);
            inner.push_event(seq, EventKind::TokenRefused, summary, info, now);
            return Err(problem);
        }
    };
    let new = NewToken {
        value: format!("ya29.{}", random::url_safe(150)),
        kind: TokenKind::Access,
        client_id,
        user: &user.sub,
        scopes: &scopes,
        ttl: Some(ACCESS_TTL),
        code: code.as_ref().map(|c| c.code.as_str()),
    };
    let access = inner.issue_token(new, seq, now);
    let info = EventInfo {
        issued: vec![access.clone()],
        ..info(Some(user.sub.clone()), client_id)
    };
    let summary = format!("access token refreshed for {client_id}");
    inner.push_event(seq, EventKind::TokenRefreshed, summary, info, now);
    Ok((user, scopes, access))
}
