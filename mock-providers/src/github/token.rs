//! `POST /login/oauth/access_token`: exchanging a code for a `gho_` token.
//!
//! GitHub departs from RFC 6749 here, and apps meet it: the answer is always HTTP 200, errors
//! included, and its format follows `Accept` (form-encoded by default, JSON, or XML).
//! Parameters come from the form body, a JSON body or the query string; client credentials
//! may also come as HTTP Basic auth, which is how many OAuth libraries send them.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::call;
use super::request::redirect_allowed;
use crate::http;
use crate::server::Mock;
use crate::store::{CodeProblem, EventInfo, TokenKind};

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
    let get = |name: &str| {
        params
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    };
    let basic = http::basic_auth(&headers);
    let client_id = basic
        .as_ref()
        .map(|(id, _)| id.as_str())
        .or(get("client_id"))
        .unwrap_or("");
    let secret = basic
        .as_ref()
        .map(|(_, secret)| secret.as_str())
        .or(get("client_secret"));
    let now = mock.store.now();
    let outcome = {
        let mut inner = mock.store.lock();
        let client = inner
            .clients
            .get(client_id)
            .filter(|c| Some(c.client_secret.as_str()) == secret);
        // A redirect_uri that breaks the registration rule is refused even when authorize
        // named none (the code is then bound to the registered callback).
        let unregistered = client.is_some_and(|c| {
            get("redirect_uri").is_some_and(|r| !redirect_allowed(r, &c.redirect_uris))
        });
        if client.is_none() {
            Err((
                TokenError::IncorrectClientCredentials,
                None,
                "wrong client credentials".to_string(),
            ))
        } else if unregistered {
            let user = inner
                .codes
                .get(get("code").unwrap_or(""))
                .map(|c| c.user.clone());
            let why = "redirect_uri is not the registered callback URL or below it";
            Err((TokenError::RedirectUriMismatch, user, why.to_string()))
        } else {
            let verifier = get("code_verifier");
            match inner.redeem_code(
                get("code").unwrap_or(""),
                client_id,
                get("redirect_uri"),
                |pkce| crate::pkce::verify(&pkce.challenge, &pkce.method, verifier),
                now,
            ) {
                Ok(code) => {
                    let value = format!("gho_{}", crate::random::token(36));
                    inner.issue_token(
                        value.clone(),
                        TokenKind::Access,
                        client_id,
                        &code.user,
                        &code.scopes,
                        None,
                        Some(&code.code),
                        now,
                    );
                    Ok((value, code))
                }
                Err(problem) => {
                    let error = match problem {
                        CodeProblem::RedirectUriMismatch => TokenError::RedirectUriMismatch,
                        _ => TokenError::BadVerificationCode,
                    };
                    let user = inner
                        .codes
                        .get(get("code").unwrap_or(""))
                        .map(|c| c.user.clone());
                    Err((error, user, problem.describe().to_string()))
                }
            }
        }
    };
    let endpoint = call("POST", "/login/oauth/access_token");
    let format = Format::of(&headers);
    match outcome {
        Ok((token, code)) => {
            mock.store.event(
                "code_exchanged",
                format!("code exchanged for a token of {}", code.user),
                EventInfo {
                    user: Some(code.user.clone()),
                    client_id: Some(client_id.to_string()),
                    endpoint,
                },
            );
            let scope = code.scopes.join(",");
            format.answer(&[
                ("access_token", token),
                ("token_type", "bearer".to_string()),
                ("scope", scope),
            ])
        }
        Err((error, user, why)) => {
            mock.store.event(
                "code_refused",
                format!("token request refused: {why}"),
                EventInfo {
                    user,
                    client_id: Some(client_id.to_string()).filter(|c| !c.is_empty()),
                    endpoint,
                },
            );
            format.answer(&error.fields())
        }
    }
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
