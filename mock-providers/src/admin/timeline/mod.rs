//! `GET /__mock/timeline`: one live page for both mocks of the process and the app. A "now"
//! panel per mock (who is signed in at the provider, which apps each user authorized, every
//! token and what ended it), one timeline of both mocks' events and the app's own (posted to
//! `/__mock/app-events`), newest first, and buttons that stage the lesson's scenarios.
//!
//! Either mock serves it, the same page: each knows its peer ([`Mock::peer`]). A mock
//! started alone shows itself and says the other is not in this process. The page works
//! without JavaScript (plain forms, a Reload link); with it, the dashboard's script
//! (`live.js`) subscribes to `/__mock/timeline/stream` and fetches
//! `/__mock/timeline/fragment` again at every change of either mock or the app.
//!
//! Modules: [`view`] the fragment (panels and timeline); [`stream`] the change stream;
//! [`staging`] the forms' routes, which act in-process on the mock that owns the thing.

pub mod staging;
pub mod stream;
pub mod view;

use std::sync::Arc;

use axum::extract::State;
use axum::response::Html;
use maud::{Markup, PreEscaped, html};

use super::dashboard::SCRIPT;
use crate::api::Provider;
use crate::faults;
use crate::pages;
use crate::state::Mock;

/// What a fault form offers: an error status, or a dropped connection.
pub const EFFECTS: [(&str, &str); 8] = [
    ("503", "503 Service Unavailable"),
    ("500", "500 Internal Server Error"),
    ("502", "502 Bad Gateway"),
    ("504", "504 Gateway Timeout"),
    ("429", "429 Too Many Requests"),
    ("401", "401 Unauthorized"),
    ("404", "404 Not Found"),
    ("drop", "drop the connection"),
];

/// `GET /__mock/timeline`.
pub async fn page(State(mock): State<Arc<Mock>>) -> Html<String> {
    let mocks = mock.both();
    let body = html! {
        h1 { "Timeline" }
        p {
            "Both mock providers and the app on one timeline, newest first, on the mocks' clock. Dashboards: "
            @for (i, m) in mocks.iter().enumerate() {
                @if i > 0 { ", " }
                a href=(m.url("/__mock/")) { "mock " (m.provider().name()) }
            }
            ". JSON: " a href="/__mock/app-events" { "app events" } "."
        }
        div.toolbar {
            a.button href="/__mock/timeline" { "Reload" }
            p #live role="status" aria-live="polite" { "Reload the page to see what happened since." }
            form.inline method="post" action="/__mock/timeline/reset" {
                button.secondary type="submit" { "Reset both mocks" }
            }
        }
        section aria-labelledby="stage-heading" {
            h2 #stage-heading { "Stage a scenario" }
            p { "End a provider session or remove a grant with the buttons in each panel below; make a provider fail here." }
            div.faults { @for m in &mocks { (fault_form(m.provider())) } }
        }
        div #tables data-fragment="/__mock/timeline/fragment" data-stream="/__mock/timeline/stream" {
            (view::fragment(&mock))
        }
        script { (PreEscaped(SCRIPT)) }
    };
    Html(pages::dashboard_frame(mock.provider(), "Timeline", body).into_string())
}

/// `GET /__mock/timeline/fragment`: the panels and the timeline alone, an HTML fragment.
pub async fn fragment(State(mock): State<Arc<Mock>>) -> Html<String> {
    Html(view::fragment(&mock).into_string())
}

/// The form that arms a fault at `provider`: endpoint, answer, how many calls.
fn fault_form(provider: Provider) -> Markup {
    let id = |field: &str| format!("fault-{}-{field}", provider.slug());
    html! {
        form.fault method="post" action="/__mock/timeline/faults" {
            fieldset {
                legend { "Make the mock " (provider.name()) " fail" }
                input type="hidden" name="provider" value=(provider.slug());
                label for=(id("endpoint")) { "Endpoint" }
                select #(id("endpoint")) name="endpoint" {
                    @for name in faults::endpoint_names(provider) { option value=(name) { (name) } }
                }
                label for=(id("effect")) { "Answer" }
                select #(id("effect")) name="effect" {
                    @for (value, text) in EFFECTS { option value=(value) { (text) } }
                }
                label for=(id("count")) { "Calls" }
                input #(id("count")) type="number" name="count" min="1" max="100" value="1" required;
                button type="submit" { "Arm fault" }
            }
        }
    }
}
