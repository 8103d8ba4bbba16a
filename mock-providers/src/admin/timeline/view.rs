//! The timeline's fragment (`GET /__mock/timeline/fragment`): a "now" panel per mock of the
//! process (provider sessions, grants, tokens, with the tables of the dashboard) and one
//! timeline, newest first, of both mocks' events and the app's. Each mock is locked on its
//! own, never both at once.

use std::sync::Arc;

use maud::{Markup, html};

use crate::admin::tables::{self, Forms};
use crate::api::{AppEventRecord, EventRecord, Provider};
use crate::state::Mock;

/// How many rows the timeline shows: the newest of every source together.
pub const SHOWN_ROWS: usize = 300;

/// One row of the timeline.
struct Row {
    time: String,
    /// Orders rows of the same millisecond: the source, then its sequence number.
    tie: (u8, u64),
    who: &'static str,
    what: Markup,
    whom: String,
    class: Option<&'static str>,
}

/// The panels and the timeline, for the page and for the live refresh.
pub fn fragment(mock: &Arc<Mock>) -> Markup {
    let mocks = mock.both();
    let mut rows = Vec::new();
    let mut panels = Vec::new();
    for m in &mocks {
        let (panel, events) = panel(m);
        panels.push(panel);
        rows.extend(events);
    }
    rows.extend(mock.app_events.all().iter().map(app_row));
    rows.sort_by(|a, b| (&b.time, b.tie).cmp(&(&a.time, a.tie)));
    rows.truncate(SHOWN_ROWS);
    let missing = Provider::ALL
        .into_iter()
        .filter(|p| mocks.iter().all(|m| m.provider() != *p));
    html! {
        div.panels {
            @for panel in panels { (panel) }
            @for p in missing {
                section.panel {
                    h2 { "Mock " (p.name()) " now" }
                    p.note { "The mock " (p.name()) " is not in this process: start both mocks together (" code { "cargo run -p mock-providers" } ") to see it here." }
                }
            }
        }
        (timeline(&rows))
    }
}

/// One mock's "now" panel, and its events as timeline rows, read under one lock.
fn panel(mock: &Mock) -> (Markup, Vec<Row>) {
    let provider = mock.provider();
    let forms = Forms::timeline(provider);
    let now = mock.store.now();
    let inner = mock.store.lock();
    let markup = html! {
        section.panel aria-labelledby=(format!("now-{}", provider.slug())) {
            h2 #(format!("now-{}", provider.slug())) {
                "Mock " (provider.name()) " now "
                a.small href=(mock.url("/__mock/")) { "dashboard" }
            }
            (tables::sessions(&inner, &forms))
            (tables::grants(&inner, &forms))
            (tables::token_table(&inner, now, &forms))
        }
    };
    let rows = inner
        .events
        .iter()
        .rev()
        .take(SHOWN_ROWS)
        .map(|e| {
            event_row(
                provider,
                e,
                e.user.as_deref().map(|u| tables::username(&inner, u)),
            )
        })
        .collect();
    (markup, rows)
}

fn event_row(provider: Provider, e: &EventRecord, whom: Option<String>) -> Row {
    Row {
        time: e.time.clone(),
        tie: (provider as u8, e.seq),
        who: provider.name(),
        what: html! { code { (e.kind) } " " (tables::what(e)) },
        whom: whom.unwrap_or_default(),
        class: tables::row_class(e),
    }
}

fn app_row(e: &AppEventRecord) -> Row {
    let what = html! {
        code { "app " (e.kind) } " "
        (match (e.kind, e.provider) {
            (kind, Some(p)) => format!("{kind} with {}", p.name()),
            (kind, None) => kind.to_string(),
        })
        @if let Some(detail) = &e.detail { br; (detail) }
    };
    Row {
        time: e.time.clone(),
        tie: (u8::MAX, e.seq),
        who: "App",
        what,
        whom: e.user.clone().unwrap_or_default(),
        class: Some("app-event"),
    }
}

fn timeline(rows: &[Row]) -> Markup {
    html! {
        h2 #timeline-heading { "Timeline (newest first)" }
        @if rows.is_empty() { p { "Nothing has happened yet." } }
        @else {
            div.scroll { table.timeline.wide aria-labelledby="timeline-heading" {
                tr { th { "time" } th { "who" } th { "what" } th { "for whom" } }
                @for r in rows {
                    tr class=[r.class] {
                        td { (r.time) }
                        td { span.tag.who { (r.who) } }
                        td { (r.what) }
                        td { (r.whom) }
                    }
                }
            } }
        }
    }
}
