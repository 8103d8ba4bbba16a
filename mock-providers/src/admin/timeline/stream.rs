//! `GET /__mock/timeline/stream`: one server-sent event at every change of this mock, its
//! peer or the app's events, `data` naming the source (`{"source": "github"}`, `"google"`,
//! `"app"`). Changes close together may come as one message: the page fetches its fragment
//! again at each, so it needs to know only that something changed. The stream ends when this
//! mock stops; a peer that stops is no longer listened to.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use common::Provider;
use futures_util::{Stream, stream};
use tokio::sync::watch;

use crate::admin::io::{AdminError, query};
use crate::state::Mock;
use crate::store::Change;

/// The signals a stream waits on.
struct Watch {
    own: (Provider, watch::Receiver<Change>),
    peer: Option<(Provider, watch::Receiver<Change>)>,
    app: watch::Receiver<u64>,
}

pub async fn stream(
    State(mock): State<Arc<Mock>>,
    RawQuery(raw): RawQuery,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AdminError> {
    query(raw.as_deref(), &[])?;
    let watch = Watch {
        own: (mock.provider(), mock.store.lock().subscribe()),
        peer: mock
            .peer()
            .map(|p| (p.provider(), p.store.lock().subscribe())),
        app: mock.app_events.subscribe(),
    };
    let events = stream::unfold(watch, |mut watch| async move {
        let source = watch.next().await?;
        let data = serde_json::json!({ "source": source }).to_string();
        Some((Ok(Event::default().data(data)), watch))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::default()))
}

impl Watch {
    /// The source of the next change (`github`, `google`, `app`); `None` once this mock stops.
    async fn next(&mut self) -> Option<&'static str> {
        loop {
            tokio::select! {
                changed = self.own.1.changed() => {
                    if changed.is_err() || *self.own.1.borrow_and_update() == Change::Closing {
                        return None;
                    }
                    return Some(self.own.0.slug());
                }
                changed = peer_changed(&mut self.peer) => {
                    if changed {
                        return self.peer.as_ref().map(|(p, _)| p.slug());
                    }
                    self.peer = None;
                }
                changed = self.app.changed() => {
                    if changed.is_err() {
                        return None;
                    }
                    self.app.borrow_and_update();
                    return Some("app");
                }
            }
        }
    }
}

/// Waits for the peer's next change: `true` for an event, `false` once it stops; never
/// resolves without a peer.
async fn peer_changed(peer: &mut Option<(Provider, watch::Receiver<Change>)>) -> bool {
    let Some((_, changes)) = peer else {
        return std::future::pending().await;
    };
    changes.changed().await.is_ok() && *changes.borrow_and_update() != Change::Closing
}
