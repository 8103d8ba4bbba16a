//! One mock's in-memory state: accounts, clients, provider sessions, grants, codes, tokens,
//! and the bounded logs of events and revocations that `/__mock/` exposes.
//!
//! Everything sits behind one `Mutex`: a mock serves a classroom, not a data centre, and one
//! lock keeps every change atomic with the event that records it (a code redeemed, its tokens
//! issued and the `code_exchanged` event; a token ended and the call that ended it). No lock
//! is held across an `.await`.
//!
//! Sequence numbers: every event takes the next one. A change that must carry the number of
//! its event (a token's `issued_seq`, an ending's `seq`) takes it first with
//! [`Inner::take_seq`], makes the change, then pushes the event with [`Inner::push_event`];
//! nothing else is recorded in between, so the log stays in order, and a number taken is
//! always pushed, so a poller that meets a gap knows the log dropped events.
//!
//! Modules, every public type re-exported here (`mock_providers::store::X`):
//! - `inner`: [`Inner`], the locked state's fields, its sequence numbers, and the signal
//!   ([`Change`]) that wakes the live event streams;
//! - `events`: recording events and revocation calls ([`EventInfo`]);
//! - `calls`: which events a call recorded, to keep the call on them in full once answered
//!   ([`within`]);
//! - `accounts`, `sessions`: finding accounts, and their provider sessions;
//! - `grants`: consent given and removed, by a call or by the user ([`AuthorizedApp`], [`Removal`]);
//! - `codes`: authorization codes, issued and redeemed ([`Presented`], [`CodeProblem`]);
//! - `tokens`: issuing and ending tokens, the providers' limits ([`NewToken`], [`End`],
//!   [`TokenProblem`]);
//! - `table`: the tokens, found by value and by grant ([`TokenTable`]);
//! - `records`: the records kept beside the API's documents ([`ProviderSession`], [`Code`],
//!   [`Token`]), sharing the strings of `names` ([`Names`]);
//! - `clock`, `ring`, `limits`: the mock's clock, its bounded log (the app's events are kept
//!   in one too, `crate::app_events`), its sizes and how long it keeps what ended
//!   ([`Retention`]).
//!
//! The armed faults are a field of [`Inner`] (a reset clears them, the state shows them);
//! what they are and do is `crate::faults`.

mod accounts;
mod calls;
mod clock;
mod codes;
mod events;
mod grants;
mod inner;
mod limits;
mod names;
mod records;
mod ring;
mod sessions;
mod table;
mod tokens;

use std::sync::{Mutex, MutexGuard};
use std::time::SystemTime;

pub use calls::within;
pub use clock::{Clock, rfc3339, unix};
pub use codes::{CODE_TTL, CodeProblem, Presented};
pub use events::EventInfo;
pub use grants::{AuthorizedApp, Removal};
pub use inner::{Change, Inner};
pub use limits::{Limits, Retention};
pub use names::Names;
pub use records::{Code, ProviderSession, Token};
pub use ring::{Ring, Weigh};
pub use table::TokenTable;
pub use tokens::{End, NewToken, TokenProblem};

use common::Provider;

use crate::api::{Account, Client, EventKind, RevocationRecord};
use crate::config::{GitHubUser, GoogleUser, Seeds};

/// One mock's shared state.
#[derive(Debug)]
pub struct Store {
    pub provider: Provider,
    pub clock: Clock,
    seed_accounts: Vec<Account>,
    inner: Mutex<Inner>,
}

impl Store {
    pub fn github(seeds: Seeds<GitHubUser>, sizes: (Limits, Retention)) -> Self {
        let accounts = seeds.users.into_iter().map(Account::GitHub).collect();
        Store::new(Provider::GitHub, accounts, seeds.clients, sizes)
    }

    pub fn google(seeds: Seeds<GoogleUser>, sizes: (Limits, Retention)) -> Self {
        let accounts = seeds.users.into_iter().map(Account::Google).collect();
        Store::new(Provider::Google, accounts, seeds.clients, sizes)
    }

    fn new(
        provider: Provider,
        accounts: Vec<Account>,
        clients: Vec<Client>,
        sizes: (Limits, Retention),
    ) -> Self {
        let inner = Inner::new(provider, sizes, accounts.clone(), &clients);
        Store {
            provider,
            clock: Clock::default(),
            seed_accounts: accounts,
            inner: Mutex::new(inner),
        }
    }

    /// Locks the state. A panic elsewhere never poisons the mock for good: the state is
    /// plain data, still consistent at every unlock.
    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn now(&self) -> SystemTime {
        self.clock.now()
    }

    /// Records an event and returns its sequence number.
    pub fn event(&self, kind: EventKind, summary: impl Into<String>, info: EventInfo) -> u64 {
        let now = self.now();
        self.lock().record(kind, summary.into(), info, now)
    }

    /// Records a revocation call that changed nothing (refused, or answered by a fault).
    pub fn record_refused(&self, record: RevocationRecord) -> RevocationRecord {
        let now = self.now();
        let mut inner = self.lock();
        let seq = inner.take_seq();
        inner.push_revocation(seq, record, now)
    }

    /// Back to the seeds: the accounts as at start; sessions, grants, codes, tokens, events,
    /// revocations and faults emptied. The registered clients stay (the seeds' and those
    /// `POST /__mock/clients` added): they are configuration, and an app registered before
    /// keeps working. Sequence numbers keep rising, so a poller's `since` stays valid.
    pub fn reset(&self) {
        self.lock().reset(self.seed_accounts.clone());
        self.event(
            EventKind::Reset,
            "state reset to the seeds (registered clients kept)",
            EventInfo::default(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config;

    #[test]
    fn logs_are_bounded_and_sequence_numbers_keep_rising() {
        let limits = Limits {
            events: 3,
            ..Limits::default()
        };
        let store = Store::github(config::default_github(), (limits, Retention::default()));
        for i in 0..5 {
            store.event(
                EventKind::TokenUsed,
                format!("call {i}"),
                EventInfo::default(),
            );
        }
        let inner = store.lock();
        let seqs: Vec<u64> = inner.events.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [3, 4, 5]);
    }
}
