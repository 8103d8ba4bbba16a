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
//! | what an app calls with a token            | [`resources`]: `/user`, `/user/emails` | `resources`: userinfo, tokeninfo |
//! | revocation                                | [`applications`]: `/applications/{client_id}/token` and `/grant` (GitHub's own name) | `revoke`: `POST /revoke` |
//! | errors and redirects besides pages        | [`answers`]        | `answers`           |
//! | Google only                               |                    | `id_token`          |
//!
//! This file only routes: no module below imports it.

pub mod answers;
pub mod applications;
pub mod authorize;
pub mod exchange;
pub mod request;
pub mod resources;
pub mod scopes;
pub mod settings;
pub mod signin;
pub mod token;
pub mod views;

use std::sync::Arc;

use axum::Router;
use axum::http::Method;

use crate::endpoints::{self, Endpoint};
use crate::settings_page;
use crate::state::Mock;
use settings::Settings;

const GET: Method = Method::GET;
const POST: Method = Method::POST;
const DELETE: Method = Method::DELETE;

/// Every route of the mock GitHub; [`router`] serves these and no other. A fault targets an
/// endpoint by its name; the settings pages, for a person, are not among them. The two
/// `/applications` paths take every method: a DELETE revokes, and any other method, or any
/// other path under `/applications/` (the router's fallback), is recorded as a refused
/// revocation (answered 404, like GitHub).
pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint::new("home", GET, "/", |m| m.to(signin::home)),
    Endpoint::new("login_page", GET, "/login", |m| m.to(signin::login_page)),
    Endpoint::new("login", POST, "/session", |m| m.to(signin::login)).form(),
    Endpoint::new("logout", POST, "/logout", |m| m.to(signin::logout)).form(),
    Endpoint::new("authorize", GET, "/login/oauth/authorize", |m| {
        m.to(authorize::authorize)
    }),
    Endpoint::new("authorize_decision", POST, "/login/oauth/authorize", |m| {
        m.to(authorize::decision)
    })
    .form(),
    Endpoint::new("access_token", POST, "/login/oauth/access_token", |m| {
        m.to(token::access_token)
    }),
    Endpoint::new("user", GET, "/user", |m| m.to(resources::user)),
    Endpoint::new("user_emails", GET, "/user/emails", |m| {
        m.to(resources::user_emails)
    }),
    Endpoint::new("settings", GET, views::SETTINGS, |m| {
        m.to(settings_page::list::<Settings>)
    })
    .unfaulted(),
    Endpoint::new("settings_revoke", POST, views::REVOKE, |m| {
        m.to(settings_page::remove::<Settings>)
    })
    .form()
    .unfaulted(),
    Endpoint::new(
        "revoke_token",
        DELETE,
        "/applications/{client_id}/token",
        |m| m.to(applications::dispatch),
    )
    .revokes(),
    Endpoint::others(
        "revoke_token_wrong_method",
        "/applications/{client_id}/token",
        |m| m.to(applications::dispatch),
    )
    .revokes(),
    Endpoint::new(
        "revoke_grant",
        DELETE,
        "/applications/{client_id}/grant",
        |m| m.to(applications::dispatch),
    )
    .revokes(),
    Endpoint::others(
        "revoke_grant_wrong_method",
        "/applications/{client_id}/grant",
        |m| m.to(applications::dispatch),
    )
    .revokes(),
];

/// The mock GitHub's routes: [`ENDPOINTS`], and GitHub's one 404 for any other path or
/// method (recorded as a refused revocation when it was meant for `/applications/`).
pub fn router(mock: &Arc<Mock>) -> Router<Arc<Mock>> {
    endpoints::router(ENDPOINTS, mock)
        .method_not_allowed_fallback(applications::elsewhere)
        .fallback(applications::elsewhere)
}
