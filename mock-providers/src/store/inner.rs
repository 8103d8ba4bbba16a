//! The mutable part of a mock, behind the store's one lock, and its sequence numbers.
//!
//! Its methods live beside the concern they serve (`tokens`, `grants`, `codes`, `events`,
//! `accounts`, `sessions`; faults in `crate::faults`); this file holds the fields and the one counter that
//! every change is numbered by.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Arc;
use std::time::SystemTime;

use common::Provider;
use tokio::sync::watch;

use super::limits::{Limits, Retention};
use super::names::Names;
use super::records::{Code, ProviderSession};
use super::ring::Ring;
use super::table::TokenTable;
use crate::api::{Account, Client, EventRecord, Grant, RevocationRecord};
use crate::faults::Fault;

/// The mutable part of a mock.
#[derive(Debug)]
pub struct Inner {
    pub provider: Provider,
    pub limits: Limits,
    pub retention: Retention,
    pub accounts: Vec<Account>,
    pub clients: BTreeMap<String, Client>,
    pub sessions: HashMap<String, ProviderSession>,
    /// Keyed by (account key, client id).
    pub grants: BTreeMap<(String, String), Grant>,
    pub codes: HashMap<Arc<str>, Code>,
    /// The codes in the order they were issued, to prune the oldest ([`Retention`]).
    pub(super) code_order: VecDeque<(SystemTime, Arc<str>)>,
    /// When idle sessions were last looked for.
    pub(super) sessions_swept: SystemTime,
    pub tokens: TokenTable,
    /// The strings the codes and tokens share.
    pub names: Names,
    pub events: Ring<EventRecord>,
    pub revocations: Ring<RevocationRecord>,
    pub faults: Vec<Fault>,
    next_seq: u64,
    /// Tells the live streams (`/__mock/events/stream`) that the log grew, or that the mock
    /// is stopping; kept across reset, so a dashboard stays subscribed.
    changes: watch::Sender<Change>,
}

/// What a live stream is told: the number the next event will get, or that the mock stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    NextSeq(u64),
    Closing,
}

impl Inner {
    /// A mock with these accounts and clients and nothing else yet.
    pub fn new(
        provider: Provider,
        (limits, retention): (Limits, Retention),
        accounts: Vec<Account>,
        clients: &[Client],
    ) -> Self {
        Inner {
            provider,
            limits,
            retention,
            accounts,
            clients: by_id(clients),
            sessions: HashMap::new(),
            grants: BTreeMap::new(),
            codes: HashMap::new(),
            code_order: VecDeque::new(),
            sessions_swept: SystemTime::UNIX_EPOCH,
            tokens: TokenTable::default(),
            names: Names::default(),
            events: Ring::new(limits.events, limits.event_bytes),
            revocations: Ring::new(limits.revocations, limits.side_log_bytes()),
            faults: Vec::new(),
            next_seq: 1,
            changes: watch::Sender::new(Change::NextSeq(1)),
        }
    }

    /// Back to these accounts, everything else emptied but the registered clients: they are
    /// configuration (an app registered its redirect URIs once, at its start), so an app
    /// keeps working across a reset. Sequence numbers keep rising, so a poller's `since`
    /// stays valid.
    pub fn reset(&mut self, accounts: Vec<Account>) {
        let sizes = (self.limits, self.retention);
        let fresh = Inner::new(self.provider, sizes, accounts, &[]);
        let old = std::mem::replace(self, fresh);
        self.clients = old.clients;
        self.next_seq = old.next_seq;
        self.changes = old.changes;
    }

    /// A receiver that wakes when an event is pushed or the mock stops.
    pub fn subscribe(&self) -> watch::Receiver<Change> {
        self.changes.subscribe()
    }

    /// Wakes the live streams after an event was pushed.
    pub(super) fn notify(&self) {
        self.changes.send_replace(Change::NextSeq(self.next_seq));
    }

    /// Ends every live stream, so that a graceful shutdown does not wait on them.
    pub fn close_streams(&self) {
        self.changes.send_replace(Change::Closing);
    }

    /// The sequence number the next event will get.
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    /// Takes the next sequence number, for a change that must carry it; the event that
    /// records the change is then pushed with [`Inner::push_event`] before any other.
    pub fn take_seq(&mut self) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        seq
    }

    /// A GitHub mock with the default seeds and small limits, for the store's unit tests.
    #[cfg(test)]
    pub fn for_tests() -> Inner {
        let seeds = crate::config::default_github();
        let limits = Limits {
            events: 3,
            revocations: 2,
            tokens_per_scope_set: 3,
            refresh_tokens: 2,
            ..Limits::default()
        };
        let accounts = seeds.users.into_iter().map(Account::GitHub).collect();
        let sizes = (limits, Retention::default());
        Inner::new(Provider::GitHub, sizes, accounts, &seeds.clients)
    }
}

fn by_id(clients: &[Client]) -> BTreeMap<String, Client> {
    clients
        .iter()
        .map(|c| (c.client_id.clone(), c.clone()))
        .collect()
}
