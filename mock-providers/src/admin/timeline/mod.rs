//! `GET /__mock/timeline`: the projector view of both mocks of the process and the app. Its
//! first screen (1280×720) tells the lesson: three lanes side by side, the app, GitHub and
//! Google (who is signed in where, the grants, the tokens and what ended each), then the
//! events directly below, newest first, each in words ("the app logged ada out: no provider
//! call"; "tidy-up: the app revoked the token its new login replaced"). What an instructor
//! stages (faults, the reset) waits behind a disclosure. On a phone the lanes stack.
//!
//! Either mock serves it, the same page: each knows its peer ([`Mock::peer`]). A mock
//! started alone shows itself and says the other is not in this process. The page works
//! without JavaScript (plain forms, a Reload link, times in UTC); with it, the dashboard's
//! script (`live.js`) shows times in the browser's local time, asks before a reset, and
//! subscribes to `/__mock/timeline/stream` to fetch `/__mock/timeline/fragment` again at
//! every change of either mock or the app.
//!
//! Modules: [`view`] the fragment, from a [`snapshot`] of each mock: the [`lanes`] (the
//! [`app_lane`] first) and the event [`rows`], told in [`words`] (with [`endings`], what ended a token, and [`text`],
//! the shared wording), each row of a call opening to its [`exchange`] in full; [`controls`] the disclosure and the reset's confirmation;
//! [`staging`] the forms' routes, which act in-process on the mock that owns the thing;
//! [`stream`] the change stream.

pub mod app_lane;
pub mod controls;
pub mod endings;
pub mod exchange;
pub mod lanes;
pub mod rows;
pub mod snapshot;
pub mod staging;
pub mod stream;
pub mod text;
pub mod view;
pub mod words;

use std::sync::Arc;

use axum::extract::State;
use axum::response::Html;
use maud::{PreEscaped, html};

use super::dashboard::SCRIPT;
use crate::pages;
use crate::state::Mock;

/// `GET /__mock/timeline`.
pub async fn page(State(mock): State<Arc<Mock>>) -> Html<String> {
    let mocks = mock.both();
    let providers: Vec<_> = mocks.iter().map(|m| m.provider()).collect();
    let dashboards: Vec<_> = mocks
        .iter()
        .map(|m| (m.provider(), m.url("/__mock/")))
        .collect();
    let body = html! {
        div.projector {
            div.bar {
                h1 { "Timeline" }
                p.lesson { "Logging out ends the app's session and revokes nothing; disconnecting revokes the token." }
                a.button.quiet href="/__mock/timeline" { "Reload" }
                p #live role="status" aria-live="polite" { "Reload the page to see what happened since." }
                (controls::disclosure(&providers, &dashboards))
            }
            div #tables data-fragment="/__mock/timeline/fragment" data-stream="/__mock/timeline/stream" {
                (view::fragment(&mock))
            }
        }
        script { (PreEscaped(SCRIPT)) }
    };
    Html(pages::dashboard_frame(mock.provider(), "Timeline", body).into_string())
}

/// `GET /__mock/timeline/fragment`: the lanes and the events alone, an HTML fragment.
pub async fn fragment(State(mock): State<Arc<Mock>>) -> Html<String> {
    Html(view::fragment(&mock).into_string())
}
