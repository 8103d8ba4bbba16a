//! Integration tests: the real mock providers and the app on port 0, real HTTP over
//! loopback; wiremock where the exact shape of an outbound call is pinned. One test binary,
//! so the crate links once.

mod at_rest;
mod avatar;
mod bad_input;
mod burst;
mod cli;
mod disconnect;
mod errors;
mod helpers;
mod lesson;
mod linking;
mod mock_clients;
mod outbound;
mod timeline;
mod tokens;
mod traps;
