//! The app's integration tests: the real mock providers and the app, each on a free port,
//! talking real HTTP over loopback; one test binary, so the crate links once.
//!
//! [`lesson`] is the lesson's exercise 1 and the logout route; [`disconnect`] the other way
//! out; [`linking`] one user with two providers; [`errors`] the callback's errors in the
//! course's order, and unknown routes; [`pages`] the home page and the live profile;
//! [`traps`] the classroom's traps (another host, the mocks stopped, error pages, the page
//! after logging out); [`timeline`] what the app reports to the mocks' timeline; [`config`]
//! the configuration and the binary.

mod config;
mod disconnect;
mod errors;
mod helpers;
mod lesson;
mod linking;
mod pages;
mod timeline;
mod traps;
