//! One running mock's shared state, as every handler sees it: the store and where the mock is
//! reachable. Handlers import this, never the server that routes to them, so no module of the
//! crate imports one that imports it back.

use crate::api::Provider;
use crate::store::Store;

#[derive(Debug)]
pub struct Mock {
    pub store: Store,
    /// Where this mock is reachable, without a trailing slash, e.g. `http://127.0.0.1:3001`.
    pub base_url: String,
}

impl Mock {
    pub fn provider(&self) -> Provider {
        self.store.provider
    }

    /// An absolute URL on this mock.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }
}
