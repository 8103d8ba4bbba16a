//! `session-rotates` (beyond the course): every login gets a new session id, even over a
//! session cookie the browser already had: a session id planted in the browser before login
//! (any site on the same host can set one) must never become the signed-in session
//! (session fixation).
use common::Provider;

use super::flow;
use super::{ExerciseId, Hint, Section, Spec};
use crate::context::{Ctx, Failure};

pub const SPEC: Spec = Spec {
    id: ExerciseId::new("session-rotates"),
    section: Section::Beyond,
    hints: &[PLANTED, SAME_ID],
    drives_app: true,
    hardened_only: false,
    run: |ctx| Box::pin(run(ctx)),
};

pub const PLANTED: Hint = Hint::new("planted");
pub const SAME_ID: Hint = Hint::new("same-id");

const USER: &str = "grace";
const PLANTED_ID: &str = "planted-by-another-site-0123456789abcdefghijklmnopqrstuvw";

pub async fn run(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    let github = Provider::GitHub;
    ctx.step("a session id planted before login is not adopted")
        .await?;
    let home = ctx.env.app_url("/");
    ctx.browser.jar.store(
        &home,
        &format!("{}={PLANTED_ID}; Path=/", flow::SESSION_COOKIE),
    );
    let first = flow::login(ctx, github, USER).await?;
    if first.session == PLANTED_ID {
        return Err(
            Failure::new("the login kept a session id the browser had before")
                .expected("a new random session id at login")
                .actual(format!("Set-Cookie: {}", first.set_cookie))
                .hint(PLANTED),
        );
    }
    ctx.step("log in again without logging out: a new session id")
        .await?;
    let second = flow::login(ctx, github, USER).await?;
    if second.session == first.session {
        return Err(Failure::new("logging in again kept the same session id")
            .expected("a new session id at every login")
            .actual("the same session id as the previous login")
            .hint(SAME_ID));
    }
    Ok(())
}
