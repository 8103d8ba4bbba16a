//! The mock GitHub: github.com (sign-in, authorize and consent, the token endpoint) and
//! api.github.com (`/user`, `/user/emails`, the `/applications/{client_id}/...` calls), all on
//! one host. Behaviour follows the GitHub section of `mock-providers/PROVIDERS.md`.
//!
//! Both mocks have the same files for the same concerns; side by side:
//!
//! | concern                                   | GitHub (here)      | Google (`google/`)  |
//! |-------------------------------------------|--------------------|---------------------|
//! | the provider session: home, sign-in, out  | [`signin`]         | `signin`            |
//! | its pages (home, sign-in, consent, settings), look | [`views`], `style.css` | `views`, `style.css` |
//! | the user's apps: list, revoke at the provider (one flow: [`crate::settings_page`]) | [`settings`]: `/settings/applications` | `connections`: `/connections` |
//! | the scopes in words, for consent          | [`scopes`]         | `scopes` (also expanding them) |
//! | authorize and the consent decision        | [`authorize`]      | `authorize`         |
//! | reading and validating an authorize request | [`request`]      | `request`           |
//! | the token endpoint (reading, answering)   | [`token`]          | `token`             |
//! | redeeming a code, issuing tokens          | [`exchange`]       | `exchange`          |
//! | what an app calls with a token            | [`api`]: `/user`, `/user/emails` | `api`: userinfo, tokeninfo |
//! | revocation                                | [`applications`]: `/applications/{client_id}/token` and `/grant` (GitHub's own name) | `revoke`: `POST /revoke` |
//! | errors and redirects besides pages        | [`answers`]        | `answers`           |
//! | Google only                               |                    | `id_token`          |
//!
//! This file only routes: no module below imports it.

pub mod answers;
pub mod api;
pub mod applications;
pub mod authorize;
pub mod exchange;
pub mod request;
pub mod scopes;
pub mod settings;
pub mod signin;
pub mod token;
pub mod views;

use std::sync::Arc;

use axum::Router;
use axum::routing::{any, get, post};

use crate::state::Mock;
use crate::{forms, settings_page};
use settings::Settings;

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
];

/// The mock GitHub's routes (the settings pages, for a person, are not among the
/// [`ENDPOINTS`] a fault may target). The two `/applications` paths take every method: a
/// DELETE revokes, and any other method, or any other path under `/applications/`, is
/// recorded as a refused revocation (answered 404, like GitHub).
/// The forms a person posts are refused from another site ([`forms`]).
pub fn router(mock: &Arc<Mock>) -> Router<Arc<Mock>> {
    Router::new()
        .route("/", get(signin::home))
        .route("/login", get(signin::login_page))
        .route("/session", forms::guarded(mock, post(signin::login)))
        .route("/logout", forms::guarded(mock, post(signin::logout)))
        .route(
            "/login/oauth/authorize",
            forms::guarded(mock, get(authorize::authorize).post(authorize::decision)),
        )
        .route("/login/oauth/access_token", post(token::access_token))
        .route("/user", get(api::user))
        .route("/user/emails", get(api::user_emails))
        .route(views::SETTINGS, get(settings_page::list::<Settings>))
        .route(
            views::REVOKE,
            forms::guarded(mock, post(settings_page::remove::<Settings>)),
        )
        .route(
            "/applications/{client_id}/token",
            any(applications::dispatch),
        )
        .route(
            "/applications/{client_id}/grant",
            any(applications::dispatch),
        )
        .method_not_allowed_fallback(applications::elsewhere)
        .fallback(applications::elsewhere)
}
