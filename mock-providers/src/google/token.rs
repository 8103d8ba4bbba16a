//! `POST /token`: the authorization code and refresh token grants (the exchanges themselves
//! are [`super::exchange`]). Unlike GitHub, Google answers errors with real 4xx statuses and
//! `{"error", "error_description"}`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::answers::{json_error, no_store};
use super::exchange::{ACCESS_TTL, Issued, Refreshed, exchange, refresh};
use super::{id_token, scopes};
use crate::http::{self, FORM, param};
use crate::state::Mock;
use crate::store::{CodeProblem, Presented, TokenProblem};

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
pub async fn token(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let invalid = |status, why: &str| json_error(status, "invalid_request", why);
    let body = match http::body_or(body, invalid) {
        Ok(body) => body,
        Err(answer) => return *answer,
    };
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
    let grant_type = match param(&form, "grant_type") {
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
        code_grant(&mock, &client_id, &form)
    } else {
        refresh_grant(&mock, &client_id, &form)
    }
}

/// Client authentication by HTTP Basic or by `client_id` + `client_secret` in the body.
fn authenticate(
    mock: &Mock,
    headers: &HeaderMap,
    form: &HashMap<String, String>,
) -> Result<String, Box<Response>> {
    let basic = http::basic_auth(headers).map(|(u, p)| (form_decode(&u), form_decode(&p)));
    let body_id = param(form, "client_id");
    let (id, secret) = match basic {
        Some((id, secret)) => {
            if body_id.is_some_and(|b| b != id) {
                return Err(Box::new(unauthorized("Unauthorized")));
            }
            (Some(id), Some(secret))
        }
        None => (
            body_id.map(str::to_string),
            form.get("client_secret").cloned(),
        ),
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

/// `grant_type=authorization_code`: `code`, `redirect_uri` and the PKCE `code_verifier`.
fn code_grant(mock: &Mock, client_id: &str, form: &HashMap<String, String>) -> Response {
    let Some(code) = param(form, "code") else {
        return bad_request("invalid_request", "Missing required parameter: code");
    };
    let Some(redirect_uri) = param(form, "redirect_uri") else {
        return bad_request(
            "invalid_request",
            "Missing required parameter: redirect_uri",
        );
    };
    let verifier = param(form, "code_verifier");
    let presented = Presented {
        code,
        client_id,
        redirect_uri: Some(redirect_uri),
        verifier,
    };
    let now = mock.store.now();
    let issued = exchange(&mut mock.store.lock(), presented, now);
    let Issued {
        code,
        user,
        access,
        refresh,
    } = match issued {
        Ok(issued) => issued,
        Err(problem) => return code_refused(&problem, verifier.is_some()),
    };
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

/// Google's answer to a code it will not exchange.
fn code_refused(problem: &CodeProblem, verifier_sent: bool) -> Response {
    match problem {
        CodeProblem::RedirectUriMismatch => bad_request("redirect_uri_mismatch", "Bad Request"),
        CodeProblem::PkceMismatch if !verifier_sent => {
            bad_request("invalid_grant", "Missing code verifier.")
        }
        CodeProblem::PkceMismatch => bad_request("invalid_grant", "Invalid code verifier."),
        CodeProblem::PkceDowngrade => bad_request(
            "invalid_grant",
            "code_verifier was sent, but the authorization request had no code_challenge.",
        ),
        _ => bad_request("invalid_grant", "Bad Request"),
    }
}

/// `grant_type=refresh_token`: a new access token for the same scopes.
fn refresh_grant(mock: &Mock, client_id: &str, form: &HashMap<String, String>) -> Response {
    let Some(value) = param(form, "refresh_token") else {
        return bad_request(
            "invalid_request",
            "Missing required parameter: refresh_token",
        );
    };
    let now = mock.store.now();
    let Refreshed {
        user,
        scopes: granted,
        access,
    } = match refresh(&mut mock.store.lock(), client_id, value, now) {
        Ok(refreshed) => refreshed,
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

/// The fields every token answer has.
fn answer(access: &str, granted: &[String]) -> Map<String, Value> {
    let mut body = Map::new();
    body.insert("access_token".into(), json!(access));
    body.insert("expires_in".into(), json!(ACCESS_TTL.as_secs()));
    body.insert("scope".into(), json!(granted.join(" ")));
    body.insert("token_type".into(), json!("Bearer"));
    body
}
