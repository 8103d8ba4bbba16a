//! The exercises' logic. Every exercise has the same shape, `run(&mut Ctx) -> Result<(),
//! Failure>`, and lists the hint keys it reports (their texts are in `exercises.toml`).

pub mod disconnect;
pub mod flow;
pub mod logout;
pub mod no_revoke;
pub mod still_logged_in;
pub mod when_to_revoke;

use crate::check::{Ctx, Failure};

/// The exercise ids the checker knows, in the order the lesson builds them.
pub const KNOWN: &[&str] = &[
    "logout",
    "still-logged-in",
    "no-revoke-on-logout",
    "disconnect",
    "when-to-revoke",
];

/// Every hint key each exercise can report.
pub const HINTS: &[(&str, &[&str])] = &[
    ("logout", logout::HINTS),
    ("still-logged-in", still_logged_in::HINTS),
    ("no-revoke-on-logout", no_revoke::HINTS),
    ("disconnect", disconnect::HINTS),
    ("when-to-revoke", when_to_revoke::HINTS),
];

/// Whether the exercise drives the app (the others need neither app nor mocks).
pub fn needs_app(id: &str) -> bool {
    id != "when-to-revoke"
}

/// Runs exercise `id`.
pub async fn run(id: &str, ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    match id {
        "logout" => logout::run(ctx).await,
        "still-logged-in" => still_logged_in::run(ctx).await,
        "no-revoke-on-logout" => no_revoke::run(ctx).await,
        "disconnect" => disconnect::run(ctx).await,
        "when-to-revoke" => when_to_revoke::run(ctx).await,
        other => Err(Failure::new(format!(
            "the checker has no exercise `{other}`"
        ))),
    }
}
