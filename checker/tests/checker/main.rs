//! The checker's integration tests, one binary (see `autotests = false`): the library and the
//! `checker` binary against our app; against the fixture app (`checker/fixture-app`) in its two
//! profiles, course-faithful and hardened (`profiles`), with one course mistake (`broken`) or
//! one safeguard beyond the course undone (`beyond`); in-process, a lab for each check
//! (`labs`); and the JSON and JUnit outputs against their schemas.

mod beyond;
mod binary;
mod broken;
mod cli;
mod harness;
mod helpers;
mod labs;
mod outputs;
mod profiles;
mod reference;
mod schema;
