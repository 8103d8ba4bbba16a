//! `POST /token`: the authorization code and refresh token grants. Unlike GitHub, Google
//! answers errors with real 4xx statuses and `{"error", "error_description"}`.

use crate::store::Account;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::{call, id_token, json_error, no_store, scopes};
use crate::server::Mock;
use crate::store::{CodeProblem, EventInfo, TokenKind, TokenProblem};
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
    }
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
    let verifier = get("code_verifier");
    let now = mock.store.now();
    let issued = {
        let mut inner = mock.store.lock();
        let redeemed = inner.redeem_code(
            code,
            client_id,
            Some(redirect_uri),
            |p| pkce::verify(&p.challenge, &p.method, verifier),
            now,
        );
        redeemed.and_then(|code| {
            let user = inner
                .account(&code.user)
                .and_then(Account::google)
                .cloned()
                .ok_or(CodeProblem::Unknown)?;
            let access = new_access(
                &mut inner,
                client_id,
                &code.user,
                &code.scopes,
                Some(&code.code),
                now,
            );
            let refresh = (code.offline && code.consented).then(|| {
                let value = format!("1//0{}", random::url_safe(99));
                let (scopes, kind) = (&code.scopes, TokenKind::Refresh);
                inner.issue_token(
                    value,
                    kind,
                    client_id,
                    &code.user,
                    scopes,
                    None,
                    Some(&code.code),
                    now,
                )
            });
            Ok((code, user, access, refresh))
        })
    };
    let (code, user, access, refresh) = match issued {
        Ok(issued) => issued,
        Err(problem) => {
            let summary = format!("code refused: {}", problem.describe());
            mock.store
                .event("code_refused", summary, info(None, client_id));
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
    let summary = format!("code exchanged by {client_id}");
    mock.store.event(
        "code_exchanged",
        summary,
        info(Some(code.user.clone()), client_id),
    );
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

/// Issues an access token (`ya29.` and 150 URL-safe characters), linked to its code so a
/// replayed code revokes it and tokeninfo can tell its `access_type`.
fn new_access(
    inner: &mut crate::store::Inner,
    client_id: &str,
    user: &str,
    scopes: &[String],
    code: Option<&str>,
    now: SystemTime,
) -> String {
    let value = format!("ya29.{}", random::url_safe(150));
    let ttl = Some(ACCESS_TTL);
    inner.issue_token(
        value,
        TokenKind::Access,
        client_id,
        user,
        scopes,
        ttl,
        code,
        now,
    )
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
    let issued = {
        let mut inner = mock.store.lock();
        match inner.live_token(value, now) {
            Err(problem) => Err(problem),
            Ok(t) if t.kind != TokenKind::Refresh || t.client_id != client_id => {
                Err(TokenProblem::Unknown)
            }
            Ok(t) => {
                let (user, scopes, code) = (t.user.clone(), t.scopes.clone(), t.code.clone());
                let account = inner.account(&user).and_then(Account::google).cloned();
                match account {
                    None => Err(TokenProblem::Unknown),
                    Some(account) => {
                        let access =
                            new_access(&mut inner, client_id, &user, &scopes, code.as_deref(), now);
                        Ok((account, scopes, access))
                    }
                }
            }
        }
    };
    let (user, granted, access) = match issued {
        Ok(issued) => issued,
        Err(problem) => {
            let summary = format!("refresh token refused: {}", problem.describe());
            mock.store
                .event("token_refused", summary, info(None, client_id));
            return match problem {
                TokenProblem::Unknown => bad_request("invalid_grant", "Bad Request"),
                TokenProblem::Revoked | TokenProblem::Expired => {
                    bad_request("invalid_grant", "Token has been expired or revoked.")
                }
            };
        }
    };
    let summary = format!("access token refreshed for {client_id}");
    mock.store.event(
        "token_refreshed",
        summary,
        info(Some(user.sub.clone()), client_id),
    );
    let mut body = answer(&access, &granted);
    if scopes::has(&granted, scopes::OPENID) {
        let id = id_token::issue(mock, client_id, &user, &granted, &access, None, now);
        body.insert("id_token".into(), json!(id));
    }
    no_store(StatusCode::OK, Value::Object(body))
}
