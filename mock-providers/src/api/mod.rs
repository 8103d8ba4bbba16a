//! The typed inspection API: the documents `/__mock/` answers, as `Serialize +
//! Deserialize` types that the mocks write and the checker (or any Rust client) reads. The
//! faults' (`crate::faults::{Fault, FaultsDoc}`) and the app events'
//! (`crate::app_events::AppEventRecord`) are in their own modules.
//!
//! The store keeps its logs in these types, so what a client reads is what the mock
//! recorded, field for field. The crate README shows each document as JSON.
//!
//! Sequence numbers: every event a mock records gets the next number of one rising sequence
//! (`seq`), kept across `POST /__mock/reset`. A token remembers the number of the event that
//! issued it (`issued_seq`) and of the one that ended it (`ended.seq`), so a client can tell
//! in what order things happened, and which call ended which token.
//!
//! One module per document family, every type re-exported here (`mock_providers::api::X`):
//! - `events`: `GET /__mock/events`: [`EventKind`], [`EventRecord`], [`EventsDoc`],
//!   [`MAX_QUIET_MS`];
//! - `revocations`: `GET /__mock/revocations`: [`Outcome`], [`RevocationRecord`],
//!   [`RevocationsDoc`];
//! - `tokens`: `GET /__mock/tokens`: [`TokenRecord`] and how a token lives and ends
//!   ([`TokenKind`], [`TokenState`], [`EndCause`], [`Ending`]), [`TokensDoc`];
//! - `accounts`: who: [`Account`], [`Client`], [`SessionRecord`], [`Grant`], with
//!   [`ClientsDoc`] and [`SessionsDoc`];
//! - `codes`: authorization codes: [`CodeRecord`], [`Pkce`];
//! - `state`: `GET /__mock/state`, everything at once: [`StateDoc`], [`ClockRecord`];
//! - `exchanges`: a call kept in full on its events, masked and bounded: [`ExchangeRecord`],
//!   [`RequestRecord`], [`ResponseRecord`].

mod accounts;
mod codes;
mod events;
mod exchanges;
mod revocations;
mod state;
mod tokens;

pub use accounts::{Account, Client, ClientsDoc, Grant, SessionRecord, SessionsDoc};
pub use codes::{CodeRecord, Pkce};
pub use events::{EventKind, EventRecord, EventsDoc, MAX_QUIET_MS};
pub use exchanges::{
    BODY_KEPT, ExchangeRecord, HEADER_KEPT, HEADERS_KEPT, RequestRecord, ResponseRecord, URL_KEPT,
};
pub use revocations::{Outcome, RevocationRecord, RevocationsDoc};
pub use state::{ClockRecord, StateDoc};
pub use tokens::{EndCause, Ending, TokenKind, TokenRecord, TokenState, TokensDoc};
