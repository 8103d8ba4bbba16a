//! `POST /login/oauth/access_token`: exchanging a code for a `gho_` token, or refusing a
//! refresh token (both in [`super::exchange`]).
//!
//! GitHub departs from RFC 6749 here, and apps meet it: the answer is always HTTP 200, errors
//! included, and its format follows `Accept` (form-encoded by default, JSON, or XML).
//! Parameters come from the form body, a JSON body or the query string; client credentials
//! may also come as HTTP Basic auth, which is how many OAuth libraries send them.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::answers::{REST_DOCS, rest_error};
use super::exchange::{Credentials, exchange, refresh};
use crate::http::{self, QueryMap};
use crate::state::Mock;
use crate::store::Presented;

/// `POST /login/oauth/access_token`.
pub async fn access_token(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    QueryMap(query): QueryMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    // A body over the limit is not an OAuth error (those are 200s): a REST error, as the
    // revocation endpoints answer it.
    let body = match http::body_or(body, |status, why| rest_error(status, why, REST_DOCS)) {
        Ok(body) => body,
        Err(answer) => return *answer,
    };
    let params = params(&headers, query, &body);
    let request = TokenRequest::read(&headers, &params);
    let format = Format::of(&headers);
    let now = mock.store.now();
    if http::param(&params, "grant_type") == Some("refresh_token") {
        let secret = request.secret.as_deref();
        let error = refresh(&mut mock.store.lock(), &request.client_id, secret, now);
        return format.answer(&error.fields());
    }
    let presented = Presented {
        code: &request.code,
        client_id: &request.client_id,
        redirect_uri: request.redirect_uri.as_deref(),
        verifier: request.verifier.as_deref(),
    };
    let credentials = Credentials {
        secret: request.secret.as_deref(),
    };
    let outcome = exchange(&mut mock.store.lock(), presented, credentials, now);
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
        let get = |name: &str| http::param(params, name).map(str::to_string);
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

/// Query parameters, overridden by the body's (JSON when it says so, else form-encoded). A
/// body that cannot be parsed adds nothing: the request then fails on what is missing.
fn params(
    headers: &HeaderMap,
    mut query: HashMap<String, String>,
    body: &[u8],
) -> HashMap<String, String> {
    let from_body = if http::content_type(headers).is_some_and(|c| c.ends_with("json")) {
        http::parse_json_object(body)
    } else {
        http::parse_form(body)
    };
    query.extend(from_body.unwrap_or_default());
    query
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
