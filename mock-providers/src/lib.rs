//! A mock GitHub and a mock Google that behave like the real ones (see `mock-providers/PROVIDERS.md` in the
//! course material), keep their own login session, remember which apps a user authorized,
//! and record every call (revocations above all) under `/__mock/`.
//!
//! Run them with `cargo run -p mock-providers`; start them in-process (tests, the checker)
//! with [`MockProviders::start_on_free_ports`] or [`start_github`] / [`start_google`] on a
//! listener of your own. The crate README documents every route and JSON shape.
//!
//! Modules, each importing only modules below it in this list, but for the two that hold a
//! concept whole, [`faults`] and [`app_events`]: each keeps its records at the foot of the
//! list (the store and the inspection documents hold them) and its `/__mock/` routes beside
//! [`admin`]'s, so their files stand at several heights (no file imports one that imports
//! it back):
//! - [`server`]: starting a mock on a bound listener, and its handle;
//! - [`recording`]: every call of a provider endpoint kept in full on the events it
//!   recorded, masked and bounded;
//! - [`admin`]: the `/__mock/` inspection API and the instructors' dashboard;
//! - [`faults`]: making chosen endpoints fail, slow down or drop the connection: what a fault
//!   is, what it may target, its routes, and the middleware that applies it;
//! - [`app_events`]: what the app reports happened on its side, for the timeline: the
//!   record, the log both mocks share, its routes;
//! - [`framing`]: no page of a mock may be framed by another site;
//! - [`github`], [`google`]: the providers' own endpoints and pages, in files of the same
//!   names for the same concerns (each provider's `mod.rs` maps one onto the other);
//! - [`endpoints`]: a provider's endpoint table, the one list its router is built from and
//!   its faults name endpoints by;
//! - [`settings_page`]: the page where a person removes an app's access at the provider,
//!   one flow for both, each provider giving its paths, words and page;
//! - [`forms`]: the providers' forms (sign-in above all) refused when another site posts
//!   them (login CSRF);
//! - [`fixes`]: what both mocks' authorize error pages add for a person: what the app sent,
//!   and the command that fixes it at this mock;
//! - [`state`]: a running mock's shared state ([`Mock`]), as every handler sees it;
//! - [`store`]: one mock's in-memory state and its bounded logs;
//! - [`pages`]: the HTML frame both mocks' pages share, the error page, the redirect;
//! - [`api`]: the typed documents of the `/__mock/` inspection API, shared with the checker
//!   (the faults' and the app events' are in their own modules);
//! - [`avatars`]: the mocks' own avatars (SVG initials), and the seeds' URLs made absolute;
//! - [`config`]: seed users and clients, and the TOML seed file;
//! - [`http`] (reading requests), [`mask`] (secrets masked in what is kept or shown),
//!   [`pkce`], [`random`]: small shared pieces.

pub mod admin;
pub mod api;
pub mod app_events;
pub mod avatars;
pub mod config;
pub mod endpoints;
pub mod faults;
pub mod fixes;
pub mod forms;
pub mod framing;
pub mod github;
pub mod google;
pub mod http;
pub mod mask;
pub mod pages;
pub mod pkce;
pub mod random;
pub mod recording;
pub mod server;
pub mod settings_page;
pub mod state;
pub mod store;

pub use server::{MockProviders, MockServer, Options, start_github, start_google};
pub use state::Mock;
pub use store::Store;
