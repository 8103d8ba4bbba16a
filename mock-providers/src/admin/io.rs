//! What every `/__mock/` route shares: its error, reading a query string or a body into a
//! typed request ([`Body`]), and the answer to a change (JSON for programs, the dashboard again for a
//! browser).
//!
//! Bodies are read as bytes and parsed here, so axum's plain-text rejections never reach a
//! client: every mistake is a 4xx `{"error": "..."}` that says what to change.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Json, Redirect, Response};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::http::{self, FORM};
use crate::state::Mock;

/// A client mistake: its status and a message that says what to change.
#[derive(Debug)]
pub struct AdminError {
    pub status: StatusCode,
    pub message: String,
}

impl AdminError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        AdminError {
            status,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        AdminError::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn unprocessable(message: impl Into<String>) -> Self {
        AdminError::new(StatusCode::UNPROCESSABLE_ENTITY, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        AdminError::new(StatusCode::NOT_FOUND, message)
    }
}

impl IntoResponse for AdminError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.message });
        (self.status, Json(body)).into_response()
    }
}

/// The query string as a map; `allowed` lists the parameters a route knows, so a typo is
/// reported instead of silently ignored.
pub fn query(raw: Option<&str>, allowed: &[&str]) -> Result<HashMap<String, String>, AdminError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or(""))
        .map_err(|_| AdminError::bad_request("malformed query string"))?;
    let mut map = HashMap::new();
    for (key, value) in pairs {
        if !allowed.contains(&key.as_str()) {
            return Err(AdminError::bad_request(format!(
                "unknown query parameter `{key}` (expected one of: {})",
                allowed.join(", ")
            )));
        }
        map.insert(key, value);
    }
    Ok(map)
}

/// The `since` parameter: events with a larger sequence number are wanted.
pub fn since(query: &HashMap<String, String>) -> Result<u64, AdminError> {
    match query.get("since") {
        None => Ok(0),
        Some(value) => value.trim().parse().map_err(|_| {
            AdminError::bad_request(format!(
                "`since` must be a non-negative integer sequence number, got `{value}`"
            ))
        }),
    }
}

/// Whether the body is a browser form rather than JSON: a form content type and a body that
/// does not look like JSON (so `curl -d '{...}'`, which says "form", still counts as JSON).
fn is_form(headers: &HeaderMap, body: &[u8]) -> bool {
    let form = http::content_type(headers).is_some_and(|t| t == FORM);
    let looks_json = body
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'{');
    form && !looks_json
}

/// A route's request body, read into `T` (see `body`): a mistake in it is the route's 4xx
/// answer before the handler runs.
#[derive(Debug)]
pub struct Body<T>(pub T);

/// What a body type shows a client that sent a bad one.
pub trait Shape {
    /// An example of a good body, quoted in every complaint.
    const SHAPE: &'static str;
}

impl<S: Send + Sync, T: DeserializeOwned + Shape> FromRequest<S> for Body<T> {
    type Rejection = AdminError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AdminError> {
        let headers = request.headers().clone();
        let bytes = Bytes::from_request(request, state).await;
        body(&headers, &bytes, T::SHAPE).map(Body)
    }
}

/// Parses a request body into `T` (whose fields say what is allowed). Not JSON at all: 400;
/// JSON of the wrong shape (unknown field, wrong type, missing field): 422. An empty body is
/// read as `{}`. Form bodies are read as an object of strings, for the dashboard's forms.
/// `shape` is an example of a good body, added to every complaint (serde names the bad value
/// but not always its field).
fn body<T: DeserializeOwned>(
    headers: &HeaderMap,
    bytes: &Result<Bytes, BytesRejection>,
    shape: &str,
) -> Result<T, AdminError> {
    let bytes: &[u8] = match bytes {
        Ok(bytes) => bytes,
        Err(rejection) => {
            return Err(AdminError::new(
                rejection.status(),
                format!("cannot read the body: {}", rejection.body_text()),
            ));
        }
    };
    if is_form(headers, bytes) {
        let form = http::parse_form(bytes)
            .ok_or_else(|| AdminError::bad_request("malformed form body"))?;
        let object: serde_json::Map<String, Value> = form
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect();
        return serde_json::from_value(Value::Object(object)).map_err(|e| {
            AdminError::unprocessable(format!("invalid form: {e}; expected {shape}"))
        });
    }
    let bytes = if bytes.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        bytes
    };
    serde_json::from_slice(bytes).map_err(|e| {
        use serde_json::error::Category;
        match e.classify() {
            Category::Data => {
                AdminError::unprocessable(format!("invalid request body: {e}; expected {shape}"))
            }
            _ => AdminError::bad_request(format!(
                "the body is not valid JSON: {e}; expected {shape}"
            )),
        }
    })
}

/// Whether the caller is a browser that wants to land back on the dashboard.
pub fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// The answer to a change: JSON for programs, back to the dashboard for browsers.
pub fn done(headers: &HeaderMap, status: StatusCode, value: Value) -> Response {
    if wants_html(headers) {
        Redirect::to("/__mock/").into_response()
    } else {
        (status, Json(value)).into_response()
    }
}

/// The provider's slug as JSON answers name it: `github` or `google`.
pub fn provider_slug(mock: &Mock) -> Value {
    serde_json::to_value(mock.provider()).unwrap_or(Value::Null)
}
