//! `GET /__mock/`: the instructors' dashboard, and `GET /__mock/tables`, the part of it that
//! changes. The page is plain HTML that works without JavaScript (a Reload link, forms
//! posting to the JSON routes, which send browsers back here); with JavaScript, a small
//! inline script (`live.js`) subscribes to `/__mock/events/stream` and re-fetches the tables
//! whenever the mock records an event, so the page follows a demo by itself.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Html;
use maud::{PreEscaped, html};

use super::tables;
use crate::pages;
use crate::state::Mock;
use crate::store::rfc3339;

/// The dashboard's neutral stylesheet, served as `/__mock/assets/dashboard.css`.
pub const STYLESHEET: &str = include_str!("dashboard.css");

/// The live updates: subscribe to the stream, re-fetch the tables on every event (the
/// timeline's page uses it too, with its own fragment and stream).
pub const SCRIPT: &str = include_str!("live.js");

/// `GET /__mock/`.
pub async fn page(State(mock): State<Arc<Mock>>) -> Html<String> {
    let now = mock.store.now();
    let (tables, shown) = {
        let inner = mock.store.lock();
        (tables::all(&inner, now), inner.next_seq() - 1)
    };
    let body = html! {
        h1 { "Dashboard" }
        p {
            "Base URL " code { (mock.base_url) } ". Clock: " (rfc3339(now))
            " (offset " (mock.store.clock.offset_secs()) " s). JSON: "
            a href="/__mock/state" { "state" } ", "
            a href="/__mock/events" { "events" } ", "
            a href="/__mock/revocations" { "revocations" } ". Both mocks and the app on one page: "
            a href="/__mock/timeline" { "the timeline" } "."
        }
        div.toolbar {
            a.button href="/__mock/" { "Reload" }
            p #live role="status" aria-live="polite" { "Reload the page to see new calls." }
            form.inline method="post" action="/__mock/reset" {
                button.secondary type="submit" { "Reset to the seeds" }
            }
        }
        div #tables data-since=(shown) data-fragment="/__mock/tables" data-stream="/__mock/events/stream" { (tables) }
        script { (PreEscaped(SCRIPT)) }
    };
    Html(pages::dashboard_frame(mock.provider(), "Dashboard", body).into_string())
}

/// `GET /__mock/tables`: the dashboard's tables alone, an HTML fragment.
pub async fn tables(State(mock): State<Arc<Mock>>) -> Html<String> {
    let now = mock.store.now();
    let inner = mock.store.lock();
    Html(tables::all(&inner, now).into_string())
}
