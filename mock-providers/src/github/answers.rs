//! How the mock GitHub answers besides its pages: REST errors, the 403 of a call without a
//! `User-Agent`, the 404 (a page for a browser, JSON for a program), and the `302 Found` of
//! its redirects.

use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Json, Response};
use common::Provider;
use maud::html;

use crate::{http, pages};

/// Where GitHub's REST errors point when no more precise page applies.
pub const REST_DOCS: &str = "https://docs.github.com/rest";

/// GitHub's REST error body: `{"message", "documentation_url", "status"}` (status a string).
pub fn rest_error(status: StatusCode, message: &str, documentation_url: &str) -> Response {
    let body = serde_json::json!({
        "message": message,
        "documentation_url": documentation_url,
        "status": status.as_str(),
    });
    (status, Json(body)).into_response()
}

/// GitHub answers unknown paths, and known paths called with another method, with a 404
/// (choice: api.github.com does so for wrong methods too, rather than a 405): a page in
/// GitHub's look for a browser (a request that accepts `text/html`), as github.com shows
/// one, and api.github.com's JSON for any other client.
pub fn not_found(headers: &HeaderMap, method: &Method, uri: &Uri) -> Response {
    if !http::accepts_html(headers) {
        return rest_error(StatusCode::NOT_FOUND, "Not Found", REST_DOCS);
    }
    let message = format!(
        "This is not the web page you are looking for: the mock GitHub has nothing at {method} {}.",
        uri.path()
    );
    let help = html! {
        p { a href="/" { "Home" } " · " a href="/__mock/" { "Mock dashboard" } }
    };
    pages::error_page_with(
        Provider::GitHub,
        StatusCode::NOT_FOUND,
        "Page not found",
        &message,
        help,
    )
}

/// The body GitHub sends when a REST call has no `User-Agent`.
pub const USER_AGENT_REQUIRED: &str = "Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). Check https://developer.github.com for other possible causes.";

/// `403` for a REST call without a `User-Agent`, as plain text like GitHub's.
pub fn user_agent_required() -> Response {
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        USER_AGENT_REQUIRED,
    )
        .into_response()
}

/// A `302 Found`, the redirect GitHub uses.
pub fn found(location: &str) -> Response {
    pages::found(Provider::GitHub, location)
}
