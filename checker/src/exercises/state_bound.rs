//! `state-bound` (beyond the course): the OAuth `state` is bound to the browser that started
//! the flow, and good for one callback only. The course keeps states in a global map, which
//! lets an attacker start a login, stop at the callback and plant it in a victim's browser
//! (login CSRF); and a state accepted twice lets a replayed callback reach the code exchange.

use common::Provider;
use mock_providers::api::EventKind;

use super::flow;
use super::{ExerciseId, Hint, Section, Spec};
use crate::context::{Ctx, Failure, index};

pub const SPEC: Spec = Spec {
    id: ExerciseId::new("state-bound"),
    section: Section::Beyond,
    hints: &[OTHER_BROWSER, REUSED_STATE],
    drives_app: true,
    hardened_only: false,
    run: |ctx| Box::pin(run(ctx)),
};

pub const OTHER_BROWSER: Hint = Hint::new("other-browser");
pub const REUSED_STATE: Hint = Hint::new("reused-state");

const USER: &str = "grace";
const REFUSED: &str = "403 {\"error\":\"Invalid state\"}, and no session";

pub async fn run(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    let github = Provider::GitHub;
    ctx.step("a callback opened in another browser is refused")
        .await?;
    let callback = flow::authorize(ctx, github, USER).await?;
    let mut other = ctx.browser.another();
    let answer = other.get(&callback.url).await?;
    if flow::session_set(&answer).is_some() {
        return Err(Failure::new(
            "the app logged in a browser that never started the login: its state is not bound to the browser that did (login CSRF)",
        )
        .expected(REFUSED)
        .actual(answer.describe())
        .hint(OTHER_BROWSER));
    }

    ctx.step(format!("log in with GitHub as {USER}")).await?;
    let callback = flow::authorize(ctx, github, USER).await?;
    flow::complete(ctx, github, &callback).await?;
    ctx.step("the same callback again is refused").await?;
    let again = ctx.browser.get(&callback.url).await?;
    let events = ctx.events().await?;
    let exchanged = events[index(github)]
        .iter()
        .any(|e| matches!(e.kind, EventKind::CodeExchanged | EventKind::CodeRefused));
    if exchanged || flow::session_set(&again).is_some() {
        let what = if exchanged {
            "the app went on to exchange the code a second time (the provider refuses a used \
             code, and ends the token it had produced)"
        } else {
            "the app logged the browser in again"
        };
        return Err(
            Failure::new(format!("the state was accepted twice: {what}"))
                .expected(REFUSED)
                .actual(again.describe())
                .hint(REUSED_STATE),
        );
    }
    Ok(())
}
