//! The mock GitHub: github.com (sign-in, authorize and consent, the token endpoint) and
//! api.github.com (`/user`, `/user/emails`, the `/applications/{client_id}/...` calls), all on
//! one host.
//!
//! Behaviour follows the GitHub section of `PROVIDERS.md`. Modules:
//! - [`session`]: the home page, `/login`, `POST /session` and `POST /logout` (`user_session`);
//! - [`authorize`]: `/login/oauth/authorize` and its consent page; [`request`]: checking its
//!   parameters (client, redirect URI rule, scopes, PKCE);
//! - [`token`]: `POST /login/oauth/access_token` (always 200, form / JSON / XML);
//! - [`api`]: `GET /user`, `GET /user/emails`;
//! - [`applications`]: revoking, checking and resetting tokens, removing grants;
//! - [`views`]: the sign-in and consent pages.

pub mod api;
pub mod applications;
pub mod authorize;
pub mod request;
pub mod session;
pub mod token;
pub mod views;

use std::sync::Arc;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};

use crate::api::Provider;
use crate::pages;
use crate::state::Mock;

/// Every endpoint as (name for faults, method, route as registered).
pub const ENDPOINTS: &[(&str, &str, &str)] = &[
    ("home", "GET", "/"),
    ("login_page", "GET", "/login"),
    ("login", "POST", "/session"),
    ("logout", "POST", "/logout"),
    ("authorize", "GET", "/login/oauth/authorize"),
    ("authorize_decision", "POST", "/login/oauth/authorize"),
    ("access_token", "POST", "/login/oauth/access_token"),
    ("user", "GET", "/user"),
    ("user_emails", "GET", "/user/emails"),
    ("revoke_token", "DELETE", "/applications/{client_id}/token"),
    ("revoke_grant", "DELETE", "/applications/{client_id}/grant"),
    ("check_token", "POST", "/applications/{client_id}/token"),
    ("reset_token", "PATCH", "/applications/{client_id}/token"),
];

/// The mock GitHub's routes. The two revocation routes also take every other method, only
/// so that such a call is recorded as a refused revocation; they answer 404 like GitHub.
pub fn router() -> Router<Arc<Mock>> {
    Router::new()
        .route("/", get(session::home))
        .route("/login", get(session::login_page))
        .route("/session", post(session::login))
        .route("/logout", post(session::logout))
        .route(
            "/login/oauth/authorize",
            get(authorize::authorize).post(authorize::decision),
        )
        .route("/login/oauth/access_token", post(token::access_token))
        .route("/user", get(api::user))
        .route("/user/emails", get(api::user_emails))
        .route(
            "/applications/{client_id}/token",
            axum::routing::delete(applications::revoke_token)
                .post(applications::check_token)
                .patch(applications::reset_token)
                .fallback(applications::wrong_method),
        )
        .route(
            "/applications/{client_id}/grant",
            axum::routing::delete(applications::revoke_grant).fallback(applications::wrong_method),
        )
        .method_not_allowed_fallback(not_found)
        .fallback(not_found)
}

/// Where GitHub's REST errors point when no more precise page applies.
pub const REST_DOCS: &str = "https://docs.github.com/rest";

/// GitHub's REST error body: `{"message", "documentation_url", "status"}` (status a string).
pub(crate) fn rest_error(status: StatusCode, message: &str, documentation_url: &str) -> Response {
    let body = serde_json::json!({
        "message": message,
        "documentation_url": documentation_url,
        "status": status.as_str(),
    });
    (status, Json(body)).into_response()
}

/// GitHub answers unknown paths, and known paths called with another method, with a JSON 404
/// (choice: api.github.com does so for wrong methods too, rather than a 405).
pub async fn not_found() -> Response {
    rest_error(StatusCode::NOT_FOUND, "Not Found", REST_DOCS)
}

/// The body GitHub sends when a REST call has no `User-Agent`.
pub const USER_AGENT_REQUIRED: &str = "Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). Check https://developer.github.com for other possible causes.";

/// `403` for a REST call without a `User-Agent`, as plain text like GitHub's.
pub(crate) fn user_agent_required() -> Response {
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        USER_AGENT_REQUIRED,
    )
        .into_response()
}

pub(crate) use crate::http::call;

/// A `302 Found`, the redirect GitHub uses.
pub(crate) fn found(location: &str) -> Response {
    pages::found(Provider::GitHub, location)
}
