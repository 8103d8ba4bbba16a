//! The routes: [`ROUTES`], the course's table plus `/me/{provider}` and
//! `/disconnect/{provider}` (ours); [`router`] serves these and no other.
//!
//! Unknown paths answer 404 `{"error":"Not Found"}`, known paths with the wrong method 405
//! `{"error":"Method Not Allowed"}`, and both become pages for browsers. A request for
//! another host than `BASE_URL`'s is sent there first ([`common::host`]). Every answer
//! carries the headers of [`headers`]: never framed, never cached. Logins, logouts and
//! disconnects are reported to `Config::timeline` ([`common::app_events`]), from the answers
//! and the details their handlers attach ([`events`]).

pub mod auth;
pub mod disconnect;
pub mod events;
pub mod headers;
pub mod home;
pub mod logout;
pub mod me;
mod route;

use axum::Router;
use axum::http::Method;
use tower_cookies::CookieManagerLayer;

use crate::error::AppError;
use crate::pages;
use crate::state::AppState;
pub use route::{On, Route};

const GET: Method = Method::GET;
const POST: Method = Method::POST;

/// Every route of the app, each with its handler; a `{provider}` route is one per provider
/// (`/auth/github`, `/auth/google`). The bad-input tests read this table.
pub const ROUTES: &[Route] = &[
    Route::new(GET, "/", |m| m.to(home::home)),
    Route::new(GET, "/me", |m| m.to(me::me)),
    Route::new(POST, "/logout", |m| m.to(logout::logout)),
    Route::per_provider(GET, "/auth/{provider}", |m, p| {
        m.to(move |s, c| auth::start(p, s, c))
    }),
    Route::per_provider(GET, "/auth/{provider}/callback", |m, p| {
        m.to(move |s, c, q| auth::callback(p, s, c, q))
    }),
    Route::per_provider(GET, "/me/{provider}", |m, p| {
        m.to(move |s, u| me::live_profile(p, s, u))
    }),
    Route::per_provider(POST, "/disconnect/{provider}", |m, p| {
        m.to(move |s, u, h| disconnect::disconnect(p, s, u, h))
    }),
];

pub fn router(state: AppState) -> Router {
    let timeline = state.config().timeline.as_ref().map(|url| url.to_string());
    let router = ROUTES
        .iter()
        .fold(Router::new(), |router, route| route.add_to(router));
    router
        .fallback(|| async { AppError::NotFound })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .layer(common::cross_site::layer(
            state.config().base(),
            AppError::CrossSite,
        ))
        .layer(common::error_page::layer(
            state.clone(),
            pages::signed_in_as,
            pages::layout,
        ))
        .layer(common::host::layer(state.config().base()))
        .layer(axum::middleware::from_fn(headers::protect))
        .layer(CookieManagerLayer::new())
        .layer(common::app_events::layer(timeline))
        .with_state(state)
}
