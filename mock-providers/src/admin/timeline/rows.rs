//! The events below the lanes: both mocks' and the app's, merged by time, newest first, each
//! in words ([`super::words`]). Routine reads (`token_used`: every view of the app's home
//! page reads the profile again) are not rows: each row counts those that followed it
//! ("then 12 profile reads at GitHub"). A logout the app reported says whether a revocation
//! call reached a provider around it, from the app's event before it to the one after it,
//! tidy-up aside: none is the lesson, "no provider call". A row of a call the mock kept in
//! full opens to it ([`exchange`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use common::Provider;
use maud::{Markup, html};

use super::exchange;
use super::snapshot::Snapshot;
use super::text;
use super::words::{self, Words};
use crate::api::{EventKind, ExchangeRecord};
use crate::app_events::{AppEventKind, AppEventRecord};

/// How many rows the page shows, after folding.
pub const SHOWN_ROWS: usize = 150;

/// Who a row is about: a mock, or the app.
#[derive(Debug, Clone, Copy)]
enum Source {
    Mock(Provider),
    App,
}

/// Something that happened, before folding: a row, or a routine read.
struct Entry {
    time: String,
    /// Orders entries of the same millisecond: the source, then its sequence number.
    tie: (u8, u64),
    source: Source,
    /// `None`: a routine read, folded into the row before it.
    words: Option<Words>,
    /// The call that caused it, as the mock kept it.
    exchange: Option<Arc<ExchangeRecord>>,
}

/// A row of the table, with the reads that followed it.
struct Row {
    entry: Entry,
    reads: BTreeMap<Provider, usize>,
}

/// A revocation call that is not tidy-up: when, and at which provider.
type Call = (String, Provider);

/// The events of every mock and of the app, as the page shows them.
pub fn events(snaps: &[Snapshot], app: &[AppEventRecord]) -> Markup {
    let mut entries = Vec::new();
    let mut calls = Vec::new();
    for snap in snaps {
        mock_entries(snap, &mut entries, &mut calls);
    }
    entries.extend(app_entries(app, &calls));
    entries.sort_by(|a, b| (&b.time, b.tie).cmp(&(&a.time, a.tie)));
    let mut rows = fold(entries);
    rows.truncate(SHOWN_ROWS);
    table(&rows)
}

/// A mock's events as entries, and its revocation calls that are not tidy-up.
fn mock_entries(snap: &Snapshot, entries: &mut Vec<Entry>, calls: &mut Vec<Call>) {
    let provider = snap.provider;
    for e in &snap.events {
        if let Some(call) = &e.revocation
            && !words::tidy_up(snap, call)
        {
            calls.push((e.time.clone(), provider));
        }
        if words::repeats_call(snap, e) {
            continue;
        }
        let read = e.kind == EventKind::TokenUsed;
        entries.push(Entry {
            time: e.time.clone(),
            tie: (provider as u8, e.seq),
            source: Source::Mock(provider),
            words: (!read).then(|| words::event(snap, e)),
            exchange: e.exchange.clone(),
        });
    }
}

/// The app's events as entries; a logout with the providers a revocation call reached
/// between the app's event before it and the one after it.
fn app_entries<'a>(
    app: &'a [AppEventRecord],
    calls: &'a [Call],
) -> impl Iterator<Item = Entry> + 'a {
    app.iter().enumerate().map(move |(i, e)| {
        let reached = match e.kind {
            AppEventKind::Logout => {
                let after = i.checked_sub(1).map(|j| app[j].time.as_str());
                let before = app.get(i + 1).map(|next| next.time.as_str());
                reached(calls, after, before)
            }
            _ => Vec::new(),
        };
        Entry {
            time: e.time.clone(),
            tie: (u8::MAX, e.seq),
            source: Source::App,
            words: Some(words::app_event(e, &reached)),
            exchange: None,
        }
    })
}

/// The providers a call reached strictly after `after` and before `before` (each open
/// when absent).
fn reached(calls: &[Call], after: Option<&str>, before: Option<&str>) -> Vec<Provider> {
    let mut providers: Vec<Provider> = calls
        .iter()
        .filter(|(time, _)| after.is_none_or(|a| time.as_str() > a))
        .filter(|(time, _)| before.is_none_or(|b| time.as_str() < b))
        .map(|(_, p)| *p)
        .collect();
    providers.sort();
    providers.dedup();
    providers
}

/// Newest first: each read is counted on the row before it in time (the next one in this
/// order); reads older than every row make a row of their own.
fn fold(entries: Vec<Entry>) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let mut reads: BTreeMap<Provider, usize> = BTreeMap::new();
    // The newest of the reads not yet counted on a row.
    let mut pending = None;
    for entry in entries {
        match (&entry.words, entry.source) {
            (None, Source::Mock(p)) => {
                *reads.entry(p).or_default() += 1;
                pending.get_or_insert(entry);
            }
            _ => {
                rows.push(Row {
                    entry,
                    reads: std::mem::take(&mut reads),
                });
                pending = None;
            }
        }
    }
    if let Some(mut entry) = pending {
        entry.words = Some(Words {
            tag: "reads",
            text: html! { (reads_phrase(&reads)) },
            class: None,
        });
        rows.push(Row {
            entry,
            reads: BTreeMap::new(),
        });
    }
    rows
}

/// "12 profile reads at GitHub", "5 profile reads (GitHub 3, Google 2)".
fn reads_phrase(reads: &BTreeMap<Provider, usize>) -> String {
    let total: usize = reads.values().sum();
    let many = text::things(total, "profile read", "profile reads");
    match reads.iter().collect::<Vec<_>>().as_slice() {
        [(p, _)] => format!("{many} at {}", p.name()),
        each => {
            let parts: Vec<String> = each
                .iter()
                .map(|(p, n)| format!("{} {n}", p.name()))
                .collect();
            format!("{many} ({})", parts.join(", "))
        }
    }
}

fn table(rows: &[Row]) -> Markup {
    html! {
        h2 #timeline-heading {
            "What happened, newest first "
            span #time-zone .note { "(times in UTC)" }
        }
        @if rows.is_empty() { p.note { "Nothing has happened yet: log in to the app." } }
        @else {
            table.story aria-labelledby="timeline-heading" {
                thead { tr { th { "time" } th { "who" } th { "what happened" } } }
                tbody { @for row in rows { (row_markup(row)) } }
            }
        }
    }
}

fn row_markup(row: &Row) -> Markup {
    let entry = &row.entry;
    let (who, slug) = match entry.source {
        Source::Mock(p) => (p.name(), p.slug()),
        Source::App => ("app", "app"),
    };
    let words = entry.words.as_ref();
    html! {
        tr class=[words.and_then(|w| w.class)] data-key=(format!("{slug}-{}", entry.tie.1)) {
            td.time { (text::clock(&entry.time)) }
            td.who {
                span class={ "tag who " (slug) } { (who) } " "
                span.tag.kind { (words.map_or("", |w| w.tag)) }
            }
            td.what { (what(row)) }
        }
    }
}

/// What happened, and the reads that followed; opening to the call, when the mock kept it
/// (a row of reads alone opens to the newest of them).
fn what(row: &Row) -> Markup {
    let words = html! {
        @if let Some(w) = &row.entry.words { (w.text) }
        @if !row.reads.is_empty() { span.reads { " · then " (reads_phrase(&row.reads)) } }
    };
    match &row.entry.exchange {
        Some(call) => exchange::opening(words, call),
        None => words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(time: &str, source: Source, read: bool) -> Entry {
        Entry {
            time: time.into(),
            tie: (0, 0),
            exchange: None,
            source,
            words: (!read).then(|| Words {
                tag: "t",
                text: html! { "x" },
                class: None,
            }),
        }
    }

    #[test]
    fn reads_are_counted_on_the_row_before_them_and_never_shown_as_rows() {
        let github = Source::Mock(Provider::GitHub);
        let google = Source::Mock(Provider::Google);
        let entries = vec![
            entry("5", github, true),
            entry("4", google, true),
            entry("3", Source::App, false),
            entry("2", github, true),
            entry("1", github, true),
        ];
        let rows = fold(entries);
        assert_eq!(
            rows.len(),
            2,
            "one row, and one for the reads older than it"
        );
        assert_eq!(
            reads_phrase(&rows[0].reads),
            "two profile reads (GitHub 1, Google 1)"
        );
        let oldest = rows[1]
            .entry
            .words
            .as_ref()
            .unwrap()
            .text
            .clone()
            .into_string();
        assert_eq!(oldest, "two profile reads at GitHub");
    }

    #[test]
    fn a_logout_counts_the_calls_between_the_app_events_around_it() {
        let calls = vec![
            ("1".to_string(), Provider::GitHub),
            ("3".to_string(), Provider::Google),
            ("5".to_string(), Provider::GitHub),
        ];
        assert_eq!(reached(&calls, Some("2"), Some("4")), [Provider::Google]);
        assert_eq!(reached(&calls, Some("3"), Some("5")), []);
        assert_eq!(
            reached(&calls, None, None),
            [Provider::GitHub, Provider::Google]
        );
    }
}
