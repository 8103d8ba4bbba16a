//! `disconnect-outage` (beyond the course): a disconnect while the provider is down. An app
//! that answers an error and keeps the link leaves the user to press Disconnect again later;
//! if they never do, the token lives on. A careful app unlinks at once and keeps the token in
//! a durable queue of revocations, retried until the provider confirms it dead.
//!
//! The checker makes GitHub's revocation endpoint answer 503, disconnects GitHub, checks that
//! the session stayed and GitHub is unlinked, restores GitHub, and expects the revocation of
//! the token the app held to arrive within `--outage-wait-secs` ([`WITHIN`] by default),
//! exactly once. It ends as `disconnect` does: GitHub linked back, Google disconnected.

use std::time::{Duration, Instant};

use common::Provider;
use mock_providers::api::TokenRecord;

use super::disconnect::{self, ADA, disconnect, expect_unlinked};
use super::flow;
use super::{ExerciseId, Hint, Section, Spec};
use crate::context::{Ctx, Failure, index};
use crate::mocks::{describe_call, describe_token};
use crate::{judge, rules};

pub const SPEC: Spec = Spec {
    id: ExerciseId::new("disconnect-outage"),
    section: Section::Beyond,
    hints: &[QUEUE, RETRY, ONCE, disconnect::UNLINK, disconnect::SESSION],
    drives_app: true,
    hardened_only: true,
    run: |ctx| Box::pin(run(ctx)),
};

pub const QUEUE: Hint = Hint::new("queue");
pub const RETRY: Hint = Hint::new("retry");
pub const ONCE: Hint = Hint::new("once");

/// How long the checker waits by default, once GitHub is back, for the queued revocation
/// (`--outage-wait-secs`). An app's first retry comes after a second or so; this leaves room
/// for a few more.
pub const WITHIN: Duration = Duration::from_secs(10);
/// How often the checker looks whether the token is dead yet.
const POLL: Duration = Duration::from_millis(2);
/// How many calls of GitHub's revocation endpoint fail while it is down: more than any app's
/// retries in the moment it is.
const OUTAGE_CALLS: u32 = 1000;

pub async fn run(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    let ((github, ada), (google, ada_google)) = (ADA[0], ADA[1]);
    ctx.step(format!("log in with GitHub as {ada}")).await?;
    let (_, held) = flow::login_for_token(ctx, github, ada).await?;
    ctx.step(format!("log in with Google as {ada_google}"))
        .await?;
    let (_, held_google) = flow::login_for_token(ctx, google, ada_google).await?;

    ctx.step("GitHub's revocation endpoint goes down (503)")
        .await?;
    ctx.arm_fault(github, "revoke_token", OUTAGE_CALLS, 503)
        .await?;
    let response = flow::disconnect(ctx, github).await?;
    if !(200..300).contains(&response.status) {
        return Err(Failure::new(
            "POST /disconnect/github failed while GitHub was down, leaving the user to retry",
        )
        .expected("a 2xx (202 Accepted): GitHub unlinked at once, its revocation queued")
        .actual(response.describe())
        .hint(QUEUE)
        .rule(rules::OUTAGE));
    }
    ctx.disconnect_step("GET /me: still signed in, githubId null", github)
        .await?;
    expect_unlinked(ctx, github).await?;

    ctx.disconnect_step("GitHub is back: the queued revocation arrives", github)
        .await?;
    ctx.clear_faults(github).await?;
    arrives(ctx, ada, &held).await?;
    exactly_once(ctx, &held, response.status).await?;

    // As `disconnect` ends: GitHub linked back, Google disconnected, for the checks after.
    ctx.step(format!("log in with GitHub as {ada} again"))
        .await?;
    flow::login(ctx, github, ada).await?;
    disconnect(ctx, ADA[1], &held_google).await
}

/// Waits for the held token to die at GitHub, up to the run's `outage_wait`.
async fn arrives(ctx: &mut Ctx<'_>, user: &str, held: &TokenRecord) -> Result<(), Failure> {
    let deadline = Instant::now() + ctx.env.outage_wait;
    loop {
        let tokens = ctx.tokens(Provider::GitHub, user).await?;
        if tokens
            .iter()
            .any(|t| t.token == held.token && !t.is_active())
        {
            return Ok(());
        }
        if Instant::now() >= deadline {
            break;
        }
        tokio::time::sleep(POLL).await;
    }
    let events = ctx.events().await?;
    let calls: Vec<String> = judge::calls(&events[index(Provider::GitHub)])
        .iter()
        .map(|c| describe_call(c))
        .collect();
    let seen = match calls.is_empty() {
        true => "no revocation call since GitHub came back".to_string(),
        false => calls.join("; "),
    };
    Err(Failure::new(format!(
        "the revocation of {} never arrived once GitHub was back",
        describe_token(held)
    ))
    .expected(format!(
        "{} dead within {} s of GitHub's return",
        describe_token(held),
        ctx.env.outage_wait.as_secs_f32()
    ))
    .actual(format!("{seen}, and the token still works"))
    .hint(RETRY)
    .rule(rules::OUTAGE))
}

/// Once the token is dead, the app must not send its revocation again: after a settle
/// ([`Ctx::settle`]), every call naming the token after the first accepted one is a
/// revocation sent twice.
async fn exactly_once(ctx: &mut Ctx<'_>, held: &TokenRecord, answered: u16) -> Result<(), Failure> {
    ctx.settle().await?;
    let events = ctx.events().await?;
    let calls = judge::calls(&events[index(Provider::GitHub)]);
    let naming: Vec<_> = calls
        .iter()
        .filter(|c| c.token.as_deref() == Some(held.token.as_str()))
        .collect();
    let again: Vec<String> = naming
        .iter()
        .skip_while(|c| !c.accepted())
        .skip(1)
        .map(|c| describe_call(c))
        .collect();
    if again.is_empty() {
        ctx.note(format!(
            "POST /disconnect/github answered {answered} while GitHub was down; {} was revoked once GitHub was back",
            describe_token(held)
        ));
        return Ok(());
    }
    Err(Failure::new(format!(
        "the revocation of {} was sent again after GitHub had confirmed it",
        describe_token(held)
    ))
    .expected("one accepted revocation call, and no other after it")
    .actual(again.join("; "))
    .hint(ONCE)
    .rule(rules::OUTAGE))
}
