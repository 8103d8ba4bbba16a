//! The mock Google: accounts.google.com (sign-in, consent, sign-out), oauth2.googleapis.com
//! (token, tokeninfo, revoke), openidconnect.googleapis.com (userinfo), www.googleapis.com's
//! older userinfo, tokeninfo and certificates, and the OpenID Connect discovery document and
//! keys, all on one host. Behaviour follows the Google section of
//! `mock-providers/PROVIDERS.md`.
//!
//! Both mocks have the same files for the same concerns; side by side:
//!
//! | concern                                   | Google (here)      | GitHub (`github/`)  |
//! |-------------------------------------------|--------------------|---------------------|
//! | the provider session: home, sign-in, out  | [`signin`]         | `signin`            |
//! | its pages (home, sign-in, consent, connections), look | [`views`], `style.css` | `views`, `style.css` |
//! | the user's apps: list, remove access at the provider (one flow: [`crate::settings_page`]) | [`connections`]: `/connections` | `settings`: `/settings/applications` |
//! | the scopes in words, for consent          | [`scopes`] (also expanding them) | `scopes` |
//! | authorize and the consent decision        | [`authorize`]      | `authorize`         |
//! | reading and validating an authorize request | [`request`]      | `request`           |
//! | the token endpoint (reading, answering)   | [`token`]          | `token`             |
//! | redeeming a code, issuing tokens          | [`exchange`]       | `exchange`          |
//! | what an app calls with a token            | [`api`]: userinfo, tokeninfo | `api`: `/user`, `/user/emails` |
//! | revocation                                | [`revoke`]: `POST /revoke` | `applications/`: `/applications/{client_id}/token` and `/grant` (GitHub's own name) |
//! | errors and redirects besides pages        | [`answers`]        | `answers`           |
//! | Google only                               | [`id_token`]: ID tokens, keys, certificates, discovery | |
//!
//! This file only routes: no module below imports it.

pub mod answers;
pub mod api;
pub mod authorize;
pub mod connections;
pub mod exchange;
pub mod id_token;
pub mod request;
pub mod revoke;
pub mod scopes;
pub mod signin;
pub mod token;
pub mod views;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};

use crate::state::Mock;
use crate::{forms, settings_page};
use connections::Connections;

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
    ("userinfo", "GET", "/oauth2/v2/userinfo"),
    ("userinfo", "GET", "/oauth2/v1/userinfo"),
    ("tokeninfo", "GET", "/tokeninfo"),
    ("tokeninfo", "POST", "/tokeninfo"),
    ("tokeninfo", "GET", "/oauth2/v3/tokeninfo"),
    ("tokeninfo", "POST", "/oauth2/v3/tokeninfo"),
    ("revoke", "POST", "/revoke"),
    ("certs", "GET", "/oauth2/v3/certs"),
    ("certs", "GET", "/oauth2/v1/certs"),
    ("discovery", "GET", "/.well-known/openid-configuration"),
];

/// The mock Google's routes (the connections pages, for a person, are not among the
/// [`ENDPOINTS`] a fault may target). `GET /revoke` is registered only so that the call is recorded
/// as a refused revocation; it answers 404 like the real one.
/// The forms a person posts are refused from another site ([`forms`]).
pub fn router(mock: &Arc<Mock>) -> Router<Arc<Mock>> {
    let form = |route| forms::guarded(mock, route);
    Router::new()
        .route("/", get(signin::home))
        .route(
            "/ServiceLogin",
            form(get(signin::signin_page).post(signin::signin)),
        )
        .route(
            "/Logout",
            form(get(signin::logout_get).post(signin::logout_post)),
        )
        .route(
            "/o/oauth2/v2/auth",
            form(get(authorize::authorize).post(authorize::decision)),
        )
        .route(views::CONNECTIONS, get(settings_page::list::<Connections>))
        .route(
            views::REMOVE,
            form(post(settings_page::remove::<Connections>)),
        )
        .route("/token", post(token::token))
        .route("/v1/userinfo", get(api::userinfo))
        .route("/oauth2/v3/userinfo", get(api::userinfo))
        .route("/oauth2/v2/userinfo", get(api::userinfo_legacy))
        .route("/oauth2/v1/userinfo", get(api::userinfo_legacy))
        .route("/tokeninfo", get(api::tokeninfo).post(api::tokeninfo))
        .route(
            "/oauth2/v3/tokeninfo",
            get(api::tokeninfo).post(api::tokeninfo),
        )
        .route(
            "/revoke",
            post(revoke::revoke)
                .get(revoke::wrong_method)
                .fallback(revoke::wrong_method),
        )
        .route("/oauth2/v3/certs", get(id_token::certs))
        .route("/oauth2/v1/certs", get(id_token::pem_certs))
        .route(
            "/.well-known/openid-configuration",
            get(id_token::discovery),
        )
        .method_not_allowed_fallback(answers::method_not_allowed)
        .fallback(answers::not_found)
}
