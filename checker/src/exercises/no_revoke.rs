//! `no-revoke-on-logout`: with each provider, a login, a logout, a login again and a logout
//! again. The judge after every step is the check: ending (or trying to end) the token the
//! app holds fails it with "token revoked unnecessarily". Revoking the token a re-login
//! superseded is tidy-up, shown as a note: at GitHub that leaves the new token alive; at
//! Google it ends the whole grant, the new token with it, which the judge catches.
use common::Provider;

use super::flow::{self, logout};
use super::{ExerciseId, Section, Spec};
use crate::context::{Ctx, Failure};

pub const SPEC: Spec = Spec {
    id: ExerciseId::new("no-revoke-on-logout"),
    section: Section::Course,
    hints: &[],
    drives_app: true,
    hardened_only: false,
    run: |ctx| Box::pin(run(ctx)),
};

/// The accounts: GitHub's `grace`, Google's `bob` (a Google-only person).
const USERS: [(Provider, &str); 2] = [
    (Provider::GitHub, "grace"),
    (Provider::Google, "bob@example.com"),
];

pub async fn run(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    for (provider, user) in USERS {
        for again in ["", " again"] {
            ctx.step(format!("log in with {} as {user}{again}", provider.name()))
                .await?;
            flow::login(ctx, provider, user).await?;
            ctx.step(format!(
                "POST /logout of the {} user{again}",
                provider.name()
            ))
            .await?;
            // Only what ends at the providers is judged here: the answer is `logout`'s.
            logout(ctx).await?;
        }
    }
    // The last step's judge runs when the check ends (the runner calls `finish`).
    Ok(())
}
