//! The mock Google: accounts.google.com (sign-in, consent, sign-out), oauth2.googleapis.com
//! (token, tokeninfo, revoke), openidconnect.googleapis.com (userinfo) and the OpenID
//! Connect discovery document and keys, all on one host.
//!
//! Behaviour follows the Google section of `PROVIDERS.md`. Modules:
//! - [`signin`]: the home page, `/ServiceLogin` and `/Logout` (the `SID` session);
//! - [`authorize`]: `/o/oauth2/v2/auth` and its consent page; [`request`]: checking its parameters;
//! - [`token`]: `POST /token`;
//! - [`id_token`]: the signing key, ID tokens, `/oauth2/v3/certs` and discovery;
//! - [`api`]: userinfo and tokeninfo;
//! - [`revoke`]: `POST /revoke`;
//! - [`scopes`]: the short scope names and their expansion.

pub mod api;
pub mod authorize;
pub mod id_token;
pub mod request;
pub mod revoke;
pub mod scopes;
pub mod signin;
pub mod token;

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};

use crate::api::Provider;
use crate::pages;
use crate::state::Mock;

/// Every endpoint as (name for faults, method, route as registered).
pub const ENDPOINTS: &[(&str, &str, &str)] = &[
    ("home", "GET", "/"),
    ("signin_page", "GET", "/ServiceLogin"),
    ("signin", "POST", "/ServiceLogin"),
    ("logout", "GET", "/Logout"),
    ("logout", "POST", "/Logout"),
    ("authorize", "GET", "/o/oauth2/v2/auth"),
    ("authorize_decision", "POST", "/o/oauth2/v2/auth"),
    ("token", "POST", "/token"),
    ("userinfo", "GET", "/v1/userinfo"),
    ("userinfo", "GET", "/oauth2/v3/userinfo"),
    ("tokeninfo", "GET", "/tokeninfo"),
    ("tokeninfo", "POST", "/tokeninfo"),
    ("revoke", "POST", "/revoke"),
    ("certs", "GET", "/oauth2/v3/certs"),
    ("discovery", "GET", "/.well-known/openid-configuration"),
];

/// The mock Google's routes. `GET /revoke` is registered only so that the call is recorded
/// as a refused revocation; it answers 404 like the real one.
pub fn router() -> Router<Arc<Mock>> {
    Router::new()
        .route("/", get(signin::home))
        .route(
            "/ServiceLogin",
            get(signin::signin_page).post(signin::signin),
        )
        .route("/Logout", get(signin::logout_get).post(signin::logout_post))
        .route(
            "/o/oauth2/v2/auth",
            get(authorize::authorize).post(authorize::decision),
        )
        .route("/token", post(token::token))
        .route("/v1/userinfo", get(api::userinfo))
        .route("/oauth2/v3/userinfo", get(api::userinfo))
        .route("/tokeninfo", get(api::tokeninfo).post(api::tokeninfo))
        .route(
            "/revoke",
            post(revoke::revoke)
                .get(revoke::wrong_method)
                .fallback(revoke::wrong_method),
        )
        .route("/oauth2/v3/certs", get(id_token::certs))
        .route(
            "/.well-known/openid-configuration",
            get(id_token::discovery),
        )
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(not_found)
}

/// Google answers unknown paths with a small HTML page.
pub async fn not_found() -> Response {
    pages::error_page(
        Provider::Google,
        StatusCode::NOT_FOUND,
        "404. That’s an error.",
        "The requested URL was not found on this server. That’s all we know.",
    )
}

async fn method_not_allowed(method: Method) -> Response {
    pages::error_page(
        Provider::Google,
        StatusCode::METHOD_NOT_ALLOWED,
        "405. That’s an error.",
        &format!("The request method {method} is inappropriate for the URL."),
    )
}

/// A JSON answer that must not be cached (tokens, token errors), as Google sends them.
pub(crate) fn no_store(status: StatusCode, body: serde_json::Value) -> Response {
    let mut response = (status, Json(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

/// `{"error": .., "error_description": ..}` with a status.
pub(crate) fn json_error(status: StatusCode, error: &str, description: &str) -> Response {
    no_store(
        status,
        serde_json::json!({ "error": error, "error_description": description }),
    )
}

pub(crate) use crate::http::call;

/// A `302 Found`, the redirect Google uses.
pub(crate) fn found(location: &str) -> Response {
    pages::found(Provider::Google, location)
}
