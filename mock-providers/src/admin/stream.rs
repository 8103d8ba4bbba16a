//! `GET /__mock/events/stream`: the event log, live, as server-sent events. Each event of
//! the log is one SSE message: `id` its `seq`, `data` the event as in `/__mock/events`
//! (one line of JSON). The stream starts after `?since=SEQ`, or after the `Last-Event-ID` a
//! reconnecting `EventSource` sends, or else at the present; it ends when the mock stops.
//!
//! The store wakes the stream on every event it pushes (a `watch` channel, see
//! [`crate::store::Change`]); the stream then reads the events it has not sent from the log
//! itself, so a slow reader misses nothing the log still holds.

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use futures_util::stream;
use tokio::sync::watch;

use super::io::{AdminError, query, since};
use crate::api::EventRecord;
use crate::state::Mock;
use crate::store::Change;

/// Where a stream is: what it has sent, and what it has read but not sent yet.
struct Cursor {
    mock: Arc<Mock>,
    changes: watch::Receiver<Change>,
    sent: u64,
    pending: VecDeque<EventRecord>,
}

/// The stream's starting point: `Last-Event-ID` (a reconnect), else `since`, else now.
fn start(mock: &Mock, headers: &HeaderMap, query: &HashMap<String, String>) -> u64 {
    let reconnect = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok());
    reconnect.unwrap_or_else(|| match query.contains_key("since") {
        true => since(query).unwrap_or(0),
        false => mock.store.lock().next_seq().saturating_sub(1),
    })
}

pub async fn stream(
    State(mock): State<Arc<Mock>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AdminError> {
    let query = query(raw.as_deref(), &["since"])?;
    since(&query)?;
    let sent = start(&mock, &headers, &query);
    let changes = mock.store.lock().subscribe();
    let cursor = Cursor {
        mock,
        changes,
        sent,
        pending: VecDeque::new(),
    };
    let events = stream::unfold(cursor, |mut cursor| async move {
        let event = cursor.next().await?;
        Some((Ok(event), cursor))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::default()))
}

impl Cursor {
    /// The next message, waiting for one; `None` once the mock stops.
    async fn next(&mut self) -> Option<Event> {
        loop {
            if let Some(record) = self.pending.pop_front() {
                self.sent = record.seq;
                return Some(message(&record));
            }
            // Marking the change seen before reading the log: an event pushed after the
            // read wakes `changed` below, so none is missed.
            if *self.changes.borrow_and_update() == Change::Closing {
                return None;
            }
            let sent = self.sent;
            let fresh: Vec<EventRecord> = {
                let inner = self.mock.store.lock();
                let fresh = inner.events.iter().filter(|e| e.seq > sent);
                fresh.cloned().collect()
            };
            self.pending.extend(fresh);
            if self.pending.is_empty() && self.changes.changed().await.is_err() {
                return None;
            }
        }
    }
}

/// One event of the log as an SSE message.
fn message(record: &EventRecord) -> Event {
    let data = serde_json::to_string(record).unwrap_or_else(|_| "{}".to_string());
    Event::default().id(record.seq.to_string()).data(data)
}
