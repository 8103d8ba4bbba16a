//! `/__mock/`: the inspection API and the instructors' dashboard. Every mock serves it; no
//! real GitHub or Google path starts with this prefix, so it never shadows a provider route.
//!
//! Every answer is JSON except the dashboard. A client mistake (malformed JSON, unknown or
//! missing fields, wrong types, bad query parameters) is a 4xx `{"error": "..."}`: bodies
//! are read as bytes and parsed here, so axum's plain-text rejections never reach a client.
//!
//! The dashboard's forms post to the same routes as the JSON clients; a request that accepts
//! `text/html` (a browser) is answered with a `303` back to `/__mock/` instead of JSON.
//!
//! Modules: [`api`] the JSON routes that read; [`actions`] reset, sessions, grants and the
//! clock; [`clients`] client registration; [`faults`] arming faults; [`dashboard`] the HTML
//! page.

pub mod actions;
pub mod api;
pub mod clients;
pub mod dashboard;
pub mod faults;

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Json, Redirect, Response};
use axum::routing::{any, get, post};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::state::Mock;

/// The inspection API's routes (no fallback of their own: the provider router has one; an
/// unknown path under the prefix is caught by `/__mock/{*rest}`).
pub fn router() -> Router<Arc<Mock>> {
    Router::new()
        .route("/__mock", get(|| async { Redirect::permanent("/__mock/") }))
        .route("/__mock/", get(dashboard::page))
        .route("/__mock/events", get(api::events))
        .route("/__mock/revocations", get(api::revocations))
        .route("/__mock/state", get(api::state))
        .route("/__mock/tokens", get(api::tokens))
        .route("/__mock/reset", post(actions::reset))
        .route(
            "/__mock/clients",
            get(api::clients).post(clients::register_client),
        )
        .route(
            "/__mock/faults",
            get(api::faults)
                .post(faults::add_fault)
                .delete(faults::clear_faults),
        )
        .route("/__mock/sessions", get(api::sessions))
        .route("/__mock/sessions/end", post(actions::end_sessions))
        .route("/__mock/grants/remove", post(actions::remove_grant))
        .route(
            "/__mock/clock",
            get(api::clock).post(actions::advance_clock),
        )
        .route("/__mock/{*rest}", any(not_found))
        .method_not_allowed_fallback(method_not_allowed)
}

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
}

impl IntoResponse for AdminError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.message });
        (self.status, Json(body)).into_response()
    }
}

async fn not_found() -> AdminError {
    AdminError::new(
        StatusCode::NOT_FOUND,
        "no such /__mock/ route (see the mock-providers README for the list)",
    )
}

async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> AdminError {
    AdminError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{method} is not allowed on {}", uri.path()),
    )
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
    let form = crate::http::content_type(headers)
        .is_some_and(|t| t == "application/x-www-form-urlencoded");
    let looks_json = body
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'{');
    form && !looks_json
}

/// Parses a request body into `T` (whose fields say what is allowed). Not JSON at all: 400;
/// JSON of the wrong shape (unknown field, wrong type, missing field): 422. An empty body is
/// read as `{}`. Form bodies are read as an object of strings, for the dashboard's forms.
/// `shape` is an example of a good body, added to every complaint (serde names the bad value
/// but not always its field).
pub fn body<T: DeserializeOwned>(
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
        let form = crate::http::parse_form(bytes)
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
