//! The routes, as the course's table lists them, plus `/me/{provider}` and
//! `/disconnect/{provider}` (ours).
//!
//! | method | path | handler |
//! |---|---|---|
//! | GET | `/` | [`home::home`] |
//! | GET | `/me` | [`me::me`] |
//! | GET | `/me/github`, `/me/google` | [`me::live_profile`] |
//! | GET | `/auth/github`, `/auth/google` | [`auth::start`] |
//! | GET | `/auth/github/callback`, `/auth/google/callback` | [`auth::callback`] |
//! | POST | `/logout` | [`logout::logout`] |
//! | POST | `/disconnect/github`, `/disconnect/google` | [`disconnect::disconnect`] |
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

use axum::Router;
use axum::routing::{get, post};
use tower_cookies::CookieManagerLayer;

use crate::error::AppError;
use crate::pages;
use crate::providers::Provider;
use crate::state::AppState;

pub fn router(state: AppState) -> Router {
    let timeline = state.config().timeline.as_ref().map(|url| url.to_string());
    let mut router = Router::new()
        .route("/", get(home::home))
        .route("/me", get(me::me))
        .route("/logout", post(logout::logout));
    for provider in Provider::ALL {
        let name = provider.slug();
        router = router
            .route(
                &format!("/auth/{name}"),
                get(move |s, c| auth::start(provider, s, c)),
            )
            .route(
                &format!("/auth/{name}/callback"),
                get(move |s, c, q| auth::callback(provider, s, c, q)),
            )
            .route(
                &format!("/me/{name}"),
                get(move |s, u| me::live_profile(provider, s, u)),
            )
            .route(
                &format!("/disconnect/{name}"),
                post(move |s, u, h| disconnect::disconnect(provider, s, u, h)),
            );
    }
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
