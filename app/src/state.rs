//! What every handler shares.

use std::sync::Arc;

use crate::config::Config;
use crate::db::Db;
use crate::providers::Providers;

#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    pub providers: Arc<Providers>,
}

impl AppState {
    pub fn config(&self) -> &Config {
        &self.providers.config
    }
}
