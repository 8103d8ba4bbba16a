//! `no-revoke-on-logout`: GitHub and Google logins each followed by a logout; the revocation
//! guard after every step is the check (a revocation fails it with "token revoked
//! unnecessarily").

use super::flow;
use super::logout::logout;
use crate::check::{Ctx, Failure};
use crate::mocks::Provider;

pub const HINTS: &[&str] = &["default", "login"];

/// The accounts: GitHub's `grace`, Google's `bob` (a Google-only person).
const USERS: [(Provider, &str); 2] = [
    (Provider::GitHub, "grace"),
    (Provider::Google, "bob@example.com"),
];

pub async fn run(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    for (provider, user) in USERS {
        ctx.step(format!("log in with {} as {user}", provider.name()))
            .await?;
        flow::login(ctx, provider, user).await?;
        ctx.step(format!("POST /logout of the {} user", provider.name()))
            .await?;
        // Only revocations are judged here: the answer itself is the `logout` exercise's.
        logout(ctx).await?;
    }
    // The last step's guard runs when the check ends (the runner calls `finish`).
    Ok(())
}
