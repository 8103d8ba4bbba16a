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
//! | what an app calls with a token            | [`resources`]: userinfo, tokeninfo | `resources`: `/user`, `/user/emails` |
//! | revocation                                | [`revoke`]: `POST /revoke` | `applications/`: `/applications/{client_id}/token` and `/grant` (GitHub's own name) |
//! | errors and redirects besides pages        | [`answers`]        | `answers`           |
//! | Google only                               | [`id_token`]: ID tokens, keys, certificates, discovery | |
//!
//! This file only routes: no module below imports it.

pub mod answers;
pub mod authorize;
pub mod connections;
pub mod exchange;
pub mod id_token;
pub mod request;
pub mod resources;
pub mod revoke;
pub mod scopes;
pub mod signin;
pub mod token;
pub mod views;

use std::sync::Arc;

use axum::Router;
use axum::http::Method;

use crate::endpoints::{self, Endpoint};
use crate::settings_page;
use crate::state::Mock;
use connections::Connections;

const GET: Method = Method::GET;
const POST: Method = Method::POST;

/// Every route of the mock Google; [`router`] serves these and no other. A fault targets an
/// endpoint by its name; the connections pages, for a person, are not among them, nor is
/// `/revoke` by any method but POST: such a call is served only to be recorded as a refused
/// revocation, and answers 404 like the real one.
pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint::new("home", GET, "/", |m| m.to(signin::home)),
    Endpoint::new("signin_page", GET, "/ServiceLogin", |m| {
        m.to(signin::signin_page)
    }),
    Endpoint::new("signin", POST, "/ServiceLogin", |m| m.to(signin::signin)).form(),
    Endpoint::new("logout", GET, "/Logout", |m| m.to(signin::logout_get)),
    Endpoint::new("logout", POST, "/Logout", |m| m.to(signin::logout_post)).form(),
    Endpoint::new("authorize", GET, "/o/oauth2/v2/auth", |m| {
        m.to(authorize::authorize)
    }),
    Endpoint::new("authorize_decision", POST, "/o/oauth2/v2/auth", |m| {
        m.to(authorize::decision)
    })
    .form(),
    Endpoint::new("connections", GET, views::CONNECTIONS, |m| {
        m.to(settings_page::list::<Connections>)
    })
    .unfaulted(),
    Endpoint::new("connections_remove", POST, views::REMOVE, |m| {
        m.to(settings_page::remove::<Connections>)
    })
    .form()
    .unfaulted(),
    Endpoint::new("token", POST, "/token", |m| m.to(token::token)),
    Endpoint::new("userinfo", GET, "/v1/userinfo", |m| {
        m.to(resources::userinfo)
    }),
    Endpoint::new("userinfo", GET, "/oauth2/v3/userinfo", |m| {
        m.to(resources::userinfo)
    }),
    Endpoint::new("userinfo", GET, "/oauth2/v2/userinfo", |m| {
        m.to(resources::userinfo_legacy)
    }),
    Endpoint::new("userinfo", GET, "/oauth2/v1/userinfo", |m| {
        m.to(resources::userinfo_legacy)
    }),
    Endpoint::new("tokeninfo", GET, "/tokeninfo", |m| {
        m.to(resources::tokeninfo)
    }),
    Endpoint::new("tokeninfo", POST, "/tokeninfo", |m| {
        m.to(resources::tokeninfo)
    }),
    Endpoint::new("tokeninfo", GET, "/oauth2/v3/tokeninfo", |m| {
        m.to(resources::tokeninfo)
    }),
    Endpoint::new("tokeninfo", POST, "/oauth2/v3/tokeninfo", |m| {
        m.to(resources::tokeninfo)
    }),
    Endpoint::new("revoke", POST, "/revoke", |m| m.to(revoke::revoke)).revokes(),
    Endpoint::new("revoke_wrong_method", GET, "/revoke", |m| {
        m.to(revoke::wrong_method)
    })
    .revokes()
    .unfaulted(),
    Endpoint::others("revoke_wrong_method", "/revoke", |m| {
        m.to(revoke::wrong_method)
    })
    .revokes(),
    Endpoint::new("certs", GET, "/oauth2/v3/certs", |m| m.to(id_token::certs)),
    Endpoint::new("certs", GET, "/oauth2/v1/certs", |m| {
        m.to(id_token::pem_certs)
    }),
    Endpoint::new("discovery", GET, "/.well-known/openid-configuration", |m| {
        m.to(id_token::discovery)
    }),
];

/// The mock Google's routes: [`ENDPOINTS`], and Google's HTML 404 and 405 pages for any
/// other path or method.
pub fn router(mock: &Arc<Mock>) -> Router<Arc<Mock>> {
    endpoints::router(ENDPOINTS, mock)
        .method_not_allowed_fallback(answers::method_not_allowed)
        .fallback(answers::not_found)
}
