//! Your tests of the app: the real mock providers and the app on port 0, real HTTP over
//! loopback. `helpers/` starts them and drives a browser-like client through the mocks'
//! pages (`spawn_app`, `TestApp::login_ok`, `me`, `post`...); `yours.rs` holds an example to
//! start from. The checker (`cargo run -p checker`) grades the exercises; these tests are
//! yours, for whatever you want to pin down while you write them.

// The helpers serve more tests than the example uses.
#![allow(dead_code)]

mod helpers;
mod yours;
