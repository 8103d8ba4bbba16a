//! The hardened app: the course's app ("OAuth and Social Login", hectoday.com) in Axum with
//! SQLite, plus what production needs beyond the course. GitHub and Google login, `/me`,
//! `POST /logout`, and disconnect routes that revoke the stored token (and, at GitHub, every
//! older token the app retired), with revocations that survive outages and tokens sealed at
//! rest.
//!
//! Run it with `cargo run -p hardened-app` (after `cargo run -p mock-providers` in another
//! terminal) and open <http://localhost:3000>; start it in-process with [`serve`] on a listener
//! of your own. The crate README documents the configuration and every route.
//!
//! Modules:
//! - [`config`]: flags and environment variables, resolved into a [`Config`];
//! - [`server`]: starting the app on a bound listener, and its handle;
//! - [`routes`]: the handlers, one file per concern, and the route table the router serves;
//! - [`providers`]: GitHub and Google behind one shape (exchange, identity, revoke...);
//! - [`tokens`]: token hygiene: superseded and orphaned tokens revoked or kept, never
//!   forgotten while they may still work (why GitHub's are revoked at a re-login and
//!   Google's never are): one way to revoke ([`tokens::revoke`]), and the revocation worker
//!   ([`tokens::worker`]) that retries the revocation queue, the pending retired tokens;
//! - [`db`]: the SQLite file: schema, users and links, retired tokens, sessions;
//! - [`flows`]: pending logins, carried by the browser in a sealed cookie;
//! - [`session`]: the session and state cookies, and the signed-in-user extractor;
//! - [`error`]: the one error type at the HTTP boundary;
//! - [`pages`]: the HTML pages (an error's page is [`common::error_page`]'s);
//! - [`mock_clients`]: in mock mode, the app's callbacks registered with the mocks at start;
//! - [`backoff`]: when the revocation worker tries a failed revocation again;
//! - [`sealing`]: the cipher that seals stored tokens and the pending-login cookie;
//! - [`random`], [`state`]: shared pieces.

pub mod backoff;
pub mod config;
pub mod db;
pub mod error;
pub mod flows;
pub mod mock_clients;
pub mod pages;
pub mod providers;
pub mod random;
pub mod routes;
pub mod sealing;
pub mod server;
pub mod session;
pub mod state;
pub mod tokens;

pub use config::{Cli, Config, GitHubConfig, GoogleConfig, KeySource, ProvidersMode};
pub use error::AppError;
pub use server::{Server, serve};
