//! How the mock Google answers besides its pages: the HTML 404 and 405, JSON errors and
//! answers that must not be cached, and the `302 Found` of its redirects.

use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Json, Response};
use common::Provider;

use crate::pages;

/// Google answers unknown paths with a small HTML page.
pub async fn not_found() -> Response {
    pages::error_page(
        Provider::Google,
        StatusCode::NOT_FOUND,
        "404. That’s an error.",
        "The requested URL was not found on this server. That’s all we know.",
    )
}

/// A known path called with another method: Google's HTML 405.
pub async fn method_not_allowed(method: Method) -> Response {
    pages::error_page(
        Provider::Google,
        StatusCode::METHOD_NOT_ALLOWED,
        "405. That’s an error.",
        &format!("The request method {method} is inappropriate for the URL."),
    )
}

/// A JSON answer that must not be cached (tokens, token errors), as Google sends them.
pub fn no_store(status: StatusCode, body: serde_json::Value) -> Response {
    let mut response = (status, Json(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

/// `{"error": .., "error_description": ..}` with a status.
pub fn json_error(status: StatusCode, error: &str, description: &str) -> Response {
    no_store(
        status,
        serde_json::json!({ "error": error, "error_description": description }),
    )
}

/// A `302 Found`, the redirect Google uses.
pub fn found(location: &str) -> Response {
    pages::found(Provider::Google, location)
}
