//! `POST /login/oauth/access_token`: exchanging a code for a `gho_` token.
//!
//! GitHub departs from RFC 6749 here, and apps meet it: the answer is always HTTP 200, errors
//! included, and its format follows `Accept` (form-encoded by default, JSON, or XML).
//! Parameters come from the form body, a JSON body or the query string; client credentials
//! may also come as HTTP Basic auth, which is how many OAuth libraries send them.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::call;
use super::request::redirect_allowed;
use crate::api::{CodeRecord, EventKind, Pkce, TokenKind};
use crate::http;
use crate::state::Mock;
use crate::store::{CodeProblem, EventInfo, Inner, NewToken, Presented};

const DOCS: &str = "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors";

/// A token-endpoint error as GitHub names and describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    BadVerificationCode,
    IncorrectClientCredentials,
    RedirectUriMismatch,
}

impl TokenError {
    fn fields(self) -> [(&'static str, String); 3] {
        let (error, description, anchor) = match self {
            TokenError::BadVerificationCode => (
                "bad_verification_code",
                "The code passed is incorrect or expired.",
                "#bad-verification-code",
            ),
            TokenError::IncorrectClientCredentials => (
                "incorrect_client_credentials",
                "The client_id and/or client_secret passed are incorrect.",
                "#incorrect-client-credentials",
            ),
            TokenError::RedirectUriMismatch => (
                "redirect_uri_mismatch",
                "The redirect_uri MUST match the registered callback URL for this application.",
                "#redirect-uri-mismatch2",
            ),
        };
        [
            ("error", error.to_string()),
            ("error_description", description.to_string()),
            ("error_uri", format!("{DOCS}/{anchor}")),
        ]
    }
}

/// `POST /login/oauth/access_token`.
pub async fn access_token(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let params = params(&headers, query.as_deref(), &body);
    let request = TokenRequest::read(&headers, &params);
    let now = mock.store.now();
    let outcome = exchange(&mut mock.store.lock(), &request, now);
    let format = Format::of(&headers);
    match outcome {
        Ok((token, scopes)) => format.answer(&[
            ("access_token", token),
            ("token_type", "bearer".to_string()),
            ("scope", scopes.join(",")),
        ]),
        Err(error) => format.answer(&error.fields()),
    }
}

/// What a token request presents, from Basic auth and the parameters.
struct TokenRequest {
    client_id: String,
    secret: Option<String>,
    code: String,
    redirect_uri: Option<String>,
    verifier: Option<String>,
}

impl TokenRequest {
    fn read(headers: &HeaderMap, params: &HashMap<String, String>) -> TokenRequest {
        let get = |name: &str| params.get(name).filter(|v| !v.is_empty()).cloned();
        let basic = http::basic_auth(headers);
        TokenRequest {
            client_id: basic
                .as_ref()
                .map(|(id, _)| id.clone())
                .or(get("client_id"))
                .unwrap_or_default(),
            secret: basic.map(|(_, secret)| secret).or(get("client_secret")),
            code: get("code").unwrap_or_default(),
            redirect_uri: get("redirect_uri"),
            verifier: get("code_verifier"),
        }
    }
}

/// Checks the client and the code, issues the token and records what happened, all under
/// one lock: the token's `issued_seq` is the `code_exchanged` event's. Returns the token and
/// its scopes.
fn exchange(
    inner: &mut Inner,
    request: &TokenRequest,
    now: SystemTime,
) -> Result<(String, Vec<String>), TokenError> {
    let seq = inner.take_seq();
    let endpoint = call("POST", "/login/oauth/access_token");
    let client_id = Some(request.client_id.clone()).filter(|c| !c.is_empty());
    let code = match redeem(inner, request, seq, now) {
        Ok(code) => code,
        Err((error, why)) => {
            let info = EventInfo {
                user: inner.codes.get(&request.code).map(|c| c.user.clone()),
                client_id,
                endpoint,
                ended: inner.ended_by(seq),
                ..EventInfo::default()
            };
            let summary = format!("token request refused: {why}");
            inner.push_event(seq, EventKind::CodeRefused, summary, info, now);
            return Err(error);
        }
    };
    let new = NewToken {
        value: format!("gho_{}", crate::random::token(36)),
        kind: TokenKind::Access,
        client_id: &request.client_id,
        user: &code.user,
        scopes: &code.scopes,
        ttl: None,
        code: Some(&code.code),
    };
    let token = inner.issue_token(new, seq, now);
    let info = EventInfo {
        user: Some(code.user.clone()),
        client_id,
        endpoint,
        issued: vec![token.clone()],
        ..EventInfo::default()
    };
    let summary = format!("code exchanged for a token of {}", code.user);
    inner.push_event(seq, EventKind::CodeExchanged, summary, info, now);
    // Every authorization issues a new token; GitHub keeps at most ten per scope set.
    inner.enforce_token_limit(&token, now);
    Ok((token, code.scopes))
}

/// The client's credentials, the redirect URI rule, then the code itself.
fn redeem(
    inner: &mut Inner,
    request: &TokenRequest,
    seq: u64,
    now: SystemTime,
) -> Result<CodeRecord, (TokenError, String)> {
    let client = inner
        .clients
        .get(&request.client_id)
        .filter(|c| Some(&c.client_secret) == request.secret.as_ref());
    let Some(client) = client else {
        let why = "wrong client credentials".to_string();
        return Err((TokenError::IncorrectClientCredentials, why));
    };
    // A redirect_uri that breaks the registration rule is refused even when authorize
    // named none (the code is then bound to the registered callback).
    if let Some(given) = &request.redirect_uri
        && !redirect_allowed(given, &client.redirect_uris)
    {
        let why = "redirect_uri is not the registered callback URL or below it".to_string();
        return Err((TokenError::RedirectUriMismatch, why));
    }
    let presented = Presented {
        code: &request.code,
        client_id: &request.client_id,
        redirect_uri: request.redirect_uri.as_deref(),
    };
    let verifier = request.verifier.as_deref();
    let verify = |pkce: &Pkce| crate::pkce::verify(&pkce.challenge, &pkce.method, verifier);
    inner
        .redeem_code(presented, verify, seq, now)
        .map_err(|problem| {
            let error = match problem {
                CodeProblem::RedirectUriMismatch => TokenError::RedirectUriMismatch,
                _ => TokenError::BadVerificationCode,
            };
            (error, problem.describe().to_string())
        })
}

/// Query parameters, overridden by the body's (JSON when it says so, else form-encoded). A
/// body that cannot be parsed adds nothing: the request then fails on what is missing.
fn params(headers: &HeaderMap, query: Option<&str>, body: &[u8]) -> HashMap<String, String> {
    let mut params = query
        .and_then(|q| http::parse_form(q.as_bytes()))
        .unwrap_or_default();
    let from_body = if http::content_type(headers).is_some_and(|c| c.ends_with("json")) {
        http::parse_json_object(body)
    } else {
        http::parse_form(body)
    };
    params.extend(from_body.unwrap_or_default());
    params
}

/// The answer format `Accept` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Form,
    Json,
    Xml,
}

impl Format {
    fn of(headers: &HeaderMap) -> Format {
        let accept = headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        if accept.contains("application/json") {
            Format::Json
        } else if accept.contains("application/xml") {
            Format::Xml
        } else {
            Format::Form
        }
    }

    /// Always 200, as GitHub answers, errors included.
    fn answer(self, fields: &[(&str, String)]) -> Response {
        let (content_type, body) = match self {
            Format::Form => (
                "application/x-www-form-urlencoded; charset=utf-8",
                serde_urlencoded::to_string(fields).unwrap_or_default(),
            ),
            Format::Json => {
                let object: serde_json::Map<String, serde_json::Value> = fields
                    .iter()
                    .map(|(k, v)| (k.to_string(), serde_json::Value::from(v.as_str())))
                    .collect();
                (
                    "application/json; charset=utf-8",
                    serde_json::Value::Object(object).to_string(),
                )
            }
            Format::Xml => {
                let inner: String = fields
                    .iter()
                    .map(|(k, v)| format!("<{k}>{}</{k}>", xml_escape(v)))
                    .collect();
                (
                    "application/xml; charset=utf-8",
                    format!("<OAuth>{inner}</OAuth>"),
                )
            }
        };
        (StatusCode::OK, [(header::CONTENT_TYPE, content_type)], body).into_response()
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
