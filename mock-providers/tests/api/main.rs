//! Integration tests: real mocks on port 0, real HTTP over loopback. One test binary, so the
//! crate links once.

mod admin;
mod binary;
mod fixes;
mod framing;
mod github;
mod google;
mod helpers;
mod recording;
