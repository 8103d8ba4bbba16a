//! `no-orphaned-tokens` (beyond the course): after several logins and a disconnect, no token
//! of that user and app is left alive at that provider. GitHub issues a new token at every
//! login and keeps the older ones valid, so an app that stores only the latest and revokes
//! only that one at disconnect leaves the others alive, unknown to anyone.
use common::Provider;

use super::disconnect::ADA;
use super::flow;
use super::{ExerciseId, Hint, Section, Spec};
use crate::context::{Ctx, Failure};
use crate::mocks::describe_token;
use crate::{judge, rules};

pub const SPEC: Spec = Spec {
    id: ExerciseId::new("no-orphaned-tokens"),
    section: Section::Beyond,
    hints: &[ORPHAN_GITHUB, ORPHAN_GOOGLE],
    drives_app: true,
    hardened_only: true,
    run: |ctx| Box::pin(run(ctx)),
};

pub const ORPHAN_GITHUB: Hint = Hint::new("orphan-github");
pub const ORPHAN_GOOGLE: Hint = Hint::new("orphan-google");

/// How many times Ada logs in with a provider before disconnecting it.
const LOGINS: usize = 3;

pub async fn run(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    let (github, google) = (ADA[0], ADA[1]);
    let client = logins(ctx, github).await?;
    ctx.step(format!("log in with Google as {}", google.1))
        .await?;
    flow::login(ctx, google.0, google.1).await?;
    flow::disconnect(ctx, github.0).await?;
    nothing_alive(ctx, github, &client, ORPHAN_GITHUB).await?;

    // GitHub linked back, so that Google is not the only provider when it is disconnected.
    ctx.step(format!("log in with GitHub as {} again", github.1))
        .await?;
    flow::login(ctx, github.0, github.1).await?;
    let client = logins(ctx, google).await?;
    flow::disconnect(ctx, google.0).await?;
    nothing_alive(ctx, google, &client, ORPHAN_GOOGLE).await
}

/// Logs in `LOGINS` times, logging out in between; returns the app's client id.
async fn logins(ctx: &mut Ctx<'_>, (provider, user): (Provider, &str)) -> Result<String, Failure> {
    let mut client_id = String::new();
    for n in 1..=LOGINS {
        if n > 1 {
            ctx.step(format!("POST /logout ({} of {LOGINS})", n - 1))
                .await?;
            flow::logout(ctx).await?;
        }
        ctx.step(format!(
            "log in with {} as {user} ({n} of {LOGINS})",
            provider.name()
        ))
        .await?;
        client_id = flow::login(ctx, provider, user).await?.client_id;
    }
    Ok(client_id)
}

/// After the disconnect, every token of the user and app at the provider must be dead.
async fn nothing_alive(
    ctx: &mut Ctx<'_>,
    (provider, user): (Provider, &str),
    client_id: &str,
    hint: Hint,
) -> Result<(), Failure> {
    let tokens = ctx.tokens(provider, user).await?;
    let alive = judge::alive(&tokens, client_id);
    if alive.is_empty() {
        return Ok(());
    }
    let listed: Vec<String> = alive.iter().map(|t| describe_token(t)).collect();
    let count = match alive.len() {
        1 => "1 token".to_string(),
        n => format!("{n} tokens"),
    };
    Err(Failure::new(format!(
        "after the disconnect, {count} of {user}'s at {} still work",
        provider.name()
    ))
    .expected(format!(
        "no token of {user}'s left alive at {}",
        provider.name()
    ))
    .actual(format!("alive: {}", listed.join(", ")))
    .hint(hint)
    .rule(rules::NO_ORPHANS))
}
