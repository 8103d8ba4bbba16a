//! What every handler shares.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use crate::config::Config;
use crate::db::Db;
use crate::providers::Providers;

#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    pub providers: Arc<Providers>,
    /// Users with a disconnect under way: a second one for the same user waits for no
    /// provider call and is refused, so two at once cannot both pass the only-provider check.
    pub disconnecting: Arc<Mutex<HashSet<String>>>,
}

/// Marks a user as disconnecting for as long as it lives.
pub struct DisconnectGuard {
    users: Arc<Mutex<HashSet<String>>>,
    user: String,
}

impl AppState {
    /// Starts a disconnect for `user`; `None` when one is already under way.
    pub fn begin_disconnect(&self, user: &str) -> Option<DisconnectGuard> {
        let mut users = self.disconnecting.lock().unwrap_or_else(|e| e.into_inner());
        users.insert(user.to_string()).then(|| DisconnectGuard {
            users: self.disconnecting.clone(),
            user: user.to_string(),
        })
    }
}

impl Drop for DisconnectGuard {
    fn drop(&mut self) {
        let mut users = self.users.lock().unwrap_or_else(|e| e.into_inner());
        users.remove(&self.user);
    }
}

impl AppState {
    pub fn config(&self) -> &Config {
        &self.providers.config
    }
}
