//! What a browser sent and when: the exchanges a step's sequence diagram draws.

use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use url::Url;

/// One exchange a browser made: the request, the status of its answer, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Sent {
    pub method: &'static str,
    pub url: Url,
    /// `None` when no answer came (the connection failed, or the answer could not be read).
    pub status: Option<u16>,
    pub started: SystemTime,
    pub finished: SystemTime,
}

/// Where browsers write what they sent; clones share it, so the browsers of one check write
/// to one record.
#[derive(Debug, Clone, Default)]
pub struct Record(Arc<Mutex<Vec<Sent>>>);

impl Record {
    pub fn push(&self, sent: Sent) {
        if let Ok(mut all) = self.0.lock() {
            all.push(sent);
        }
    }

    /// Everything recorded so far, which leaves the record empty.
    pub fn take(&self) -> Vec<Sent> {
        self.0
            .lock()
            .map(|mut all| std::mem::take(&mut *all))
            .unwrap_or_default()
    }
}
