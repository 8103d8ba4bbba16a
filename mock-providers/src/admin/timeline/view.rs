//! The timeline's fragment (`GET /__mock/timeline/fragment`, and the body of the page): the
//! lanes ([`super::lanes`]) and the events below them ([`super::rows`]), from a snapshot of
//! each mock of the process ([`Snapshot`], each locked on its own, never both at once) and
//! the app's events.

use std::sync::Arc;

use maud::{Markup, html};

use super::snapshot::Snapshot;
use super::{lanes, rows};
use crate::state::Mock;

/// The lanes and the events, for the page and for the live refresh.
pub fn fragment(mock: &Arc<Mock>) -> Markup {
    let snaps: Vec<Snapshot> = mock.both().iter().map(|m| Snapshot::of(m)).collect();
    let app = mock.app_events.all();
    html! {
        (lanes::lanes(&snaps, &app))
        (rows::events(&snaps, &app))
    }
}
