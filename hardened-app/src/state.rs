//! What every handler shares.

use std::collections::HashSet;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use tokio::sync::Notify;

use crate::config::Config;
use crate::db::{Db, sessions};
use crate::providers::Providers;
use crate::sealing::Key;

#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    pub providers: Arc<Providers>,
    /// Users with a disconnect under way: a second one for the same user waits for no
    /// provider call and is refused, so two at once cannot both pass the only-provider check.
    pub disconnecting: Busy<String>,
    /// Retired tokens being revoked (by a request or by the revocation worker), by row id and
    /// token: one revocation at a time per row, so a confirmed one is never sent again
    /// ([`crate::tokens::revoke::Claim`]). The token is part of the key because a row id
    /// is used again once its row is deleted, while a claim on it may still be held.
    pub revoking: Busy<(i64, String)>,
    /// Wakes the revocation worker ([`crate::tokens::worker`]) when a request left a
    /// revocation pending.
    pub wake_worker: Arc<Notify>,
    /// Seals the browser's pending logins ([`crate::flows`]).
    pub flow_key: Key,
    /// Sessions logged out whose row could not be deleted ([`sessions::Ended`]).
    pub ended_sessions: sessions::Ended,
}

impl AppState {
    pub fn new(db: Db, providers: Providers, flow_key: Key) -> AppState {
        AppState {
            db,
            providers: Arc::new(providers),
            disconnecting: Busy::default(),
            revoking: Busy::default(),
            wake_worker: Arc::default(),
            flow_key,
            ended_sessions: sessions::Ended::default(),
        }
    }

    pub fn config(&self) -> &Config {
        &self.providers.config
    }
}

/// Keys something is under way for, one at a time each.
#[derive(Debug)]
pub struct Busy<K> {
    keys: Arc<Mutex<HashSet<K>>>,
}

impl<K> Default for Busy<K> {
    fn default() -> Self {
        Busy {
            keys: Arc::default(),
        }
    }
}

impl<K> Clone for Busy<K> {
    fn clone(&self) -> Self {
        Busy {
            keys: self.keys.clone(),
        }
    }
}

impl<K: Hash + Eq + Clone> Busy<K> {
    /// Marks `key` busy for as long as the guard lives; `None` when it already is.
    pub fn begin(&self, key: &K) -> Option<BusyGuard<K>> {
        let mut keys = self.keys.lock().unwrap_or_else(|e| e.into_inner());
        keys.insert(key.clone()).then(|| BusyGuard {
            keys: self.keys.clone(),
            key: key.clone(),
        })
    }
}

/// Holds a key busy; frees it when dropped.
pub struct BusyGuard<K: Hash + Eq> {
    keys: Arc<Mutex<HashSet<K>>>,
    key: K,
}

impl<K: Hash + Eq> Drop for BusyGuard<K> {
    fn drop(&mut self) {
        let mut keys = self.keys.lock().unwrap_or_else(|e| e.into_inner());
        keys.remove(&self.key);
    }
}
