//! The lab's test browser, in one place for everything that logs in through the mocks.
//!
//! The checker's exercises, its load mode's students and the tests of the app, the hardened
//! app and the mock providers all walk the same OAuth login: `GET /auth/{provider}` at the
//! app, the mock GitHub's or Google's redirects followed hop by hop, their sign-in and consent
//! forms submitted as a person would, back to the app's callback. [`walk`] is that walk, once,
//! over any [`Browser`]: the checker's own (which records every exchange for its transcripts,
//! `curl` lines and sequence diagrams) or a plain reqwest client ([`browser`], [`Page`]). A
//! test that needs another choice (another account, a consent refused) passes a [`Person`]; a
//! test of a single hop still sends that one request itself.
//!
//! - [`walk`]: the walk, [`Browser`] and [`Answer`], and why a walk stopped ([`WalkError`]);
//! - [`html`]: just enough HTML reading to fill in the providers' forms;
//! - here: a reqwest client like a browser, what tests read of its answers ([`location`],
//!   [`set_cookie`], [`cookie_value`], [`json`], [`query`]), and [`assert_says`].
//!
//! It builds on what the checker builds anyway; the reqwest cookie jar of [`browser`] is
//! behind the `cookies` feature, which only the crates' tests turn on.

pub mod html;
mod reqwest_browser;
pub mod walk;

#[cfg(feature = "cookies")]
pub use reqwest_browser::browser;
pub use reqwest_browser::{Page, cookie_value, header, json, location, query, set_cookie};
pub use walk::{
    Answer, Browser, Callback, Parties, Person, WalkError, authorize, through_provider,
};

/// Asserts that `text` says each of `fragments`, naming the first it does not.
#[track_caller]
pub fn assert_says(text: &str, fragments: &[&str]) {
    for fragment in fragments {
        assert!(text.contains(fragment), "{fragment:?} in:\n{text}");
    }
}
