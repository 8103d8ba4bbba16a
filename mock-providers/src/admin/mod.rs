//! `/__mock/`: the inspection API and the instructors' dashboard. Every mock serves it; no
//! real GitHub or Google path starts with this prefix, so it never shadows a provider route.
//!
//! Every answer is JSON except the dashboard, its stylesheets, the avatars and the event
//! stream. A client mistake (malformed JSON, unknown or
//! missing fields, wrong types, bad query parameters) is a 4xx `{"error": "..."}`. The
//! dashboard's forms post to the same routes as the JSON clients; a request that accepts
//! `text/html` (a browser) is answered with a `303` back to `/__mock/` instead of JSON.
//!
//! Modules: [`read`] the JSON routes that read; [`stream`] the event log live, as
//! server-sent events; [`actions`] reset, sessions, grants and the clock; [`clients`] client
//! registration (the faults' routes are [`crate::faults::routes`], the app events'
//! [`crate::app_events::routes`]);
//! [`dashboard`] the HTML page (with [`tables`], the part of it the live page re-fetches,
//! and [`buttons`], where its and the timeline's buttons post); [`timeline`] the projector
//! view of both mocks and the app, with forms that stage the lesson's scenarios; [`assets`] the
//! stylesheets and avatars the pages use; [`io`] what they share (the error, reading queries
//! and bodies, the answer to a change). This file only routes: no module below imports it.

pub mod actions;
pub mod assets;
pub mod buttons;
pub mod clients;
pub mod dashboard;
pub mod guard;
pub mod io;
pub mod read;
pub mod stream;
pub mod tables;
pub mod timeline;

use std::sync::Arc;

use axum::Router;
use axum::http::{Method, StatusCode, Uri};
use axum::response::Redirect;
use axum::routing::{any, get, post};

use self::io::AdminError;
use self::timeline::staging;
use crate::state::Mock;
use crate::{app_events, faults};

/// The inspection API's routes (no fallback of their own: the provider router has one; an
/// unknown path under the prefix is caught by `/__mock/{*rest}`). Requests for another host
/// than this machine's or the mock's (DNS rebinding), and requests that change the mock from
/// another site, are refused ([`guard`]; the host first: the outer layer).
pub fn router(mock: &Arc<Mock>) -> Router<Arc<Mock>> {
    Router::new()
        .route("/__mock", get(|| async { Redirect::permanent("/__mock/") }))
        .route("/__mock/", get(dashboard::page))
        .route("/__mock/tables", get(dashboard::tables))
        .route("/__mock/assets/{file}", get(assets::stylesheet))
        .route("/__mock/avatars/{file}", get(assets::avatar))
        .route("/__mock/events", get(read::events))
        .route("/__mock/events/stream", get(stream::stream))
        .route("/__mock/revocations", get(read::revocations))
        .route("/__mock/state", get(read::state))
        .route("/__mock/tokens", get(read::tokens))
        .route("/__mock/reset", post(actions::reset))
        .route(
            "/__mock/clients",
            get(read::clients).post(clients::register_client),
        )
        .route(
            "/__mock/faults",
            get(faults::routes::list)
                .post(faults::routes::add)
                .delete(faults::routes::clear),
        )
        .route("/__mock/sessions", get(read::sessions))
        .route("/__mock/sessions/end", post(actions::end_sessions))
        .route("/__mock/grants/remove", post(actions::remove_grant))
        .route(
            "/__mock/clock",
            get(read::clock).post(actions::advance_clock),
        )
        .route(
            "/__mock/app-events",
            get(app_events::routes::list).post(app_events::routes::report),
        )
        .route("/__mock/timeline", get(timeline::page))
        .route("/__mock/timeline/fragment", get(timeline::fragment))
        .route("/__mock/timeline/stream", get(timeline::stream::stream))
        .route("/__mock/timeline/sessions/end", post(staging::end_session))
        .route(
            "/__mock/timeline/grants/remove",
            post(staging::remove_grant),
        )
        .route("/__mock/timeline/faults", post(staging::add_fault))
        .route("/__mock/timeline/reset", post(staging::reset))
        .route("/__mock/{*rest}", any(not_found))
        .method_not_allowed_fallback(method_not_allowed)
        .route_layer(guard::refuse_cross_site(mock))
        .route_layer(axum::middleware::from_fn_with_state(
            mock.clone(),
            guard::refuse_foreign_host,
        ))
}

async fn not_found() -> AdminError {
    AdminError::not_found("no such /__mock/ route (see the mock-providers README for the list)")
}

async fn method_not_allowed(method: Method, uri: Uri) -> AdminError {
    AdminError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{method} is not allowed on {}", uri.path()),
    )
}
