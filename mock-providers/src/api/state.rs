//! `GET /__mock/state`: everything a mock holds, in one document, and its clock.

use common::Provider;
use serde::{Deserialize, Serialize};

use super::accounts::{Account, Client, Grant, SessionRecord};
use super::codes::CodeRecord;
use super::tokens::TokenRecord;
use crate::faults::Fault;

/// How far the mock's clock runs ahead of real time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockRecord {
    pub offset_seconds: i64,
    pub now: String,
}

/// `GET /__mock/state`: everything the mock holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StateDoc {
    pub provider: Provider,
    pub base_url: String,
    pub clock: ClockRecord,
    /// The sequence number the next event will get.
    pub next_seq: u64,
    pub accounts: Vec<Account>,
    pub clients: Vec<Client>,
    /// Oldest first.
    pub sessions: Vec<SessionRecord>,
    pub grants: Vec<Grant>,
    /// In the order they were issued.
    pub tokens: Vec<TokenRecord>,
    /// In the order they were issued.
    pub codes: Vec<CodeRecord>,
    pub faults: Vec<Fault>,
}

impl StateDoc {
    /// The account a person means by a login, an email or a key.
    pub fn account(&self, username: &str) -> Option<&Account> {
        self.accounts
            .iter()
            .find(|a| a.username().eq_ignore_ascii_case(username) || a.key() == username)
    }
}
