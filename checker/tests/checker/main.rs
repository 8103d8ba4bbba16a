//! The checker's integration tests, one binary (see `autotests = false`): the library and the
//! `checker` binary against our app, against deliberately broken apps (one classic mistake
//! each, in `fixture_app`), and the JSON and JUnit outputs against their schemas.

mod broken;
mod cli;
mod fixture_app;
mod harness;
mod helpers;
mod reference;
mod schema;
