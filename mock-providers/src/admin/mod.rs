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
//! and bodies, the answer to a change). This file only routes (its [`ENDPOINTS`], the one list
//! of `/__mock/` routes): no module below imports it.

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
use axum::routing::MethodRouter;

use self::io::AdminError;
use self::timeline::staging;
use crate::endpoints::{self, Endpoint, Methods};
use crate::state::Mock;
use crate::{app_events, faults};

const GET: Method = Method::GET;
const POST: Method = Method::POST;
const DELETE: Method = Method::DELETE;

/// A `/__mock/` route: `method path` handled by what `route` gives its methods to. No fault
/// targets it (`/__mock/` itself is never faulted).
const fn at(
    name: &'static str,
    method: Method,
    path: &'static str,
    route: fn(Methods) -> MethodRouter<Arc<Mock>>,
) -> Endpoint {
    Endpoint::new(name, method, path, route).unfaulted()
}

/// Every `/__mock/` route, in the shape of a provider's endpoint table ([`crate::endpoints`]);
/// [`router`] serves these and no other. A name says what the route does (the crate README
/// lists them by path); the last entry answers any unknown path under the prefix.
pub const ENDPOINTS: &[Endpoint] = &[
    at("dashboard_redirect", GET, "/__mock", |m| {
        m.to(dashboard_redirect)
    }),
    at("dashboard", GET, "/__mock/", |m| m.to(dashboard::page)),
    at("tables", GET, "/__mock/tables", |m| m.to(dashboard::tables)),
    at("stylesheet", GET, "/__mock/assets/{file}", |m| {
        m.to(assets::stylesheet)
    }),
    at("avatar", GET, "/__mock/avatars/{file}", |m| {
        m.to(assets::avatar)
    }),
    at("events", GET, "/__mock/events", |m| m.to(read::events)),
    at("events_stream", GET, "/__mock/events/stream", |m| {
        m.to(stream::stream)
    }),
    at("revocations", GET, "/__mock/revocations", |m| {
        m.to(read::revocations)
    }),
    at("state", GET, "/__mock/state", |m| m.to(read::state)),
    at("tokens", GET, "/__mock/tokens", |m| m.to(read::tokens)),
    at("reset", POST, "/__mock/reset", |m| m.to(actions::reset)),
    at("clients", GET, "/__mock/clients", |m| m.to(read::clients)),
    at("register_client", POST, "/__mock/clients", |m| {
        m.to(clients::register_client)
    }),
    at("faults", GET, "/__mock/faults", |m| {
        m.to(faults::routes::list)
    }),
    at("arm_fault", POST, "/__mock/faults", |m| {
        m.to(faults::routes::add)
    }),
    at("clear_faults", DELETE, "/__mock/faults", |m| {
        m.to(faults::routes::clear)
    }),
    at("sessions", GET, "/__mock/sessions", |m| {
        m.to(read::sessions)
    }),
    at("end_sessions", POST, "/__mock/sessions/end", |m| {
        m.to(actions::end_sessions)
    }),
    at("remove_grant", POST, "/__mock/grants/remove", |m| {
        m.to(actions::remove_grant)
    }),
    at("clock", GET, "/__mock/clock", |m| m.to(read::clock)),
    at("advance_clock", POST, "/__mock/clock", |m| {
        m.to(actions::advance_clock)
    }),
    at("app_events", GET, "/__mock/app-events", |m| {
        m.to(app_events::routes::list)
    }),
    at("report_app_event", POST, "/__mock/app-events", |m| {
        m.to(app_events::routes::report)
    }),
    at("timeline", GET, "/__mock/timeline", |m| {
        m.to(timeline::page)
    }),
    at("timeline_fragment", GET, "/__mock/timeline/fragment", |m| {
        m.to(timeline::fragment)
    }),
    at("timeline_stream", GET, "/__mock/timeline/stream", |m| {
        m.to(timeline::stream::stream)
    }),
    at(
        "timeline_end_session",
        POST,
        "/__mock/timeline/sessions/end",
        |m| m.to(staging::end_session),
    ),
    at(
        "timeline_remove_grant",
        POST,
        "/__mock/timeline/grants/remove",
        |m| m.to(staging::remove_grant),
    ),
    at("timeline_arm_fault", POST, "/__mock/timeline/faults", |m| {
        m.to(staging::add_fault)
    }),
    at("timeline_reset", POST, "/__mock/timeline/reset", |m| {
        m.to(staging::reset)
    }),
    Endpoint::others("not_found", "/__mock/{*rest}", |m| m.to(not_found)),
];

/// The inspection API's routes: [`ENDPOINTS`] (no fallback of their own: the provider router
/// has one; an unknown path under the prefix is the `not_found` entry), a wrong method
/// answered in the API's JSON. Requests for another host than this machine's or the mock's
/// (DNS rebinding), and requests that change the mock from another site, are refused
/// ([`guard`]; the host first: the outer layer).
pub fn router(mock: &Arc<Mock>) -> Router<Arc<Mock>> {
    endpoints::router(ENDPOINTS, mock)
        .method_not_allowed_fallback(method_not_allowed)
        .route_layer(guard::refuse_cross_site(mock))
        .route_layer(axum::middleware::from_fn_with_state(
            mock.clone(),
            guard::refuse_foreign_host,
        ))
}

async fn dashboard_redirect() -> Redirect {
    Redirect::permanent("/__mock/")
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
