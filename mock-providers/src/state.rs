//! One running mock's shared state, as every handler sees it: the store, where the mock is
//! reachable, the app events it shares with its peer, and the peer itself (the other mock of
//! the process, when both were started together). Handlers import this, never the server
//! that routes to them, so no module of the crate imports one that imports it back.

use std::sync::{Arc, OnceLock, Weak};

use common::Provider;

use crate::app_events::AppEvents;
use crate::store::Store;

#[derive(Debug)]
pub struct Mock {
    pub store: Store,
    /// Where this mock is reachable, without a trailing slash, e.g. `http://127.0.0.1:3001`.
    pub base_url: String,
    /// Host names `/__mock/` answers to besides this machine's own and the base URL's.
    pub hosts: Vec<String>,
    /// What the app reported (`/__mock/app-events`): one log for both mocks of a process.
    pub app_events: Arc<AppEvents>,
    /// The other mock of the process, set once both have started; weak, so that the two do
    /// not keep each other alive.
    pub peer: OnceLock<Weak<Mock>>,
}

impl Mock {
    pub fn provider(&self) -> Provider {
        self.store.provider
    }

    /// An absolute URL on this mock.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// The other mock of this process, while it runs; `None` for a mock started alone.
    pub fn peer(&self) -> Option<Arc<Mock>> {
        self.peer.get().and_then(Weak::upgrade)
    }

    /// This mock and its peer, GitHub first: the mocks a timeline shows.
    pub fn both(self: &Arc<Self>) -> Vec<Arc<Mock>> {
        let mut mocks = vec![self.clone()];
        mocks.extend(self.peer());
        mocks.sort_by_key(|m| m.provider());
        mocks
    }

    /// The mock of `provider` in this process (this one or its peer).
    pub fn of(self: &Arc<Self>, provider: Provider) -> Option<Arc<Mock>> {
        self.both().into_iter().find(|m| m.provider() == provider)
    }
}
