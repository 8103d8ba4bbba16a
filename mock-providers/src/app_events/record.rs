//! What the app reports ([`AppEventKind`]) and one event as kept and listed by
//! `GET /__mock/app-events` ([`AppEventRecord`]).

use common::Provider;
use serde::{Deserialize, Serialize};

/// What the app reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppEventKind {
    Login,
    Logout,
    Disconnect,
}

impl AppEventKind {
    /// The name in JSON: `login`, `logout`, `disconnect`.
    pub fn as_str(self) -> &'static str {
        match self {
            AppEventKind::Login => "login",
            AppEventKind::Logout => "logout",
            AppEventKind::Disconnect => "disconnect",
        }
    }
}

impl std::fmt::Display for AppEventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One event the app reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppEventRecord {
    /// Rises by one per app event, shared by both mocks of a process.
    pub seq: u64,
    /// When the mock received it, on that mock's clock.
    pub time: String,
    /// The mock that received it.
    pub received_by: Provider,
    pub kind: AppEventKind,
    /// The provider the event is about (the login's, the disconnected one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<Provider>,
    /// The app's user: its id or email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// The token the event touched (the login's new one, the disconnect's revoked one),
    /// shortened as the app shows it: `gho_3f9a1c…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}
