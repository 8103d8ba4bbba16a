//! What the app, the mock providers and the checker share, so that each is named once:
//!
//! - [`Provider`]: GitHub or Google, with the names, slugs and paths the three agree on
//!   ([`provider`], with the real hosts in [`provider::github`] and [`provider::google`]);
//! - [`defaults`]: the mocks' default clients and addresses, and the app's default URL, which
//!   are what lets everything run with no configuration;
//! - [`cross_site`]: whether a state-changing request comes from another site, and the apps'
//!   layer that refuses one;
//! - [`page`]: the frame of every HTML page, whether a request asks for one, and a token
//!   shortened as pages show it;
//! - [`error_page`]: the apps' layer that answers an error to a browser with a page in plain
//!   words;
//! - [`host`]: the apps' layer that sends a request for another host to the base URL;
//! - [`reach`]: whether a provider's sign-in page on this machine answers, before a login
//!   sends the browser there;
//! - [`app_events`]: the apps' layer that reports their logins, logouts and disconnects to
//!   the mocks' timeline, when they talk to the mocks;
//! - [`Server`]: a server started on an already-bound listener, and its handle (address,
//!   URL, shutdown), the shape of mini-redis's `server::run`.

pub mod app_events;
pub mod cross_site;
pub mod defaults;
pub mod error_page;
pub mod host;
pub mod page;
pub mod provider;
pub mod reach;
pub mod server;

pub use provider::Provider;
pub use server::Server;
