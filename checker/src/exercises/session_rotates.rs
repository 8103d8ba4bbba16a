//! `session-rotates` (beyond the course): every login gets a new session id, even over a
//! session cookie the browser already had: a session id planted in the browser before login
//! (any site on the same host can set one) must never become the signed-in session
//! (session fixation).

use super::flow;
use crate::context::{Ctx, Failure};
use crate::mocks::Provider;
use crate::registry::Hint;

const USER: &str = "grace";
const PLANTED: &str = "planted-by-another-site-0123456789abcdefghijklmnopqrstuvw";

pub async fn run(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    let github = Provider::GitHub;
    ctx.step("a session id planted before login is not adopted")
        .await?;
    let home = ctx.env.app_url("/");
    ctx.browser.jar.store(
        &home,
        &format!("{}={PLANTED}; Path=/", flow::SESSION_COOKIE),
    );
    let first = flow::login(ctx, github, USER).await?;
    if first.session == PLANTED {
        return Err(
            Failure::new("the login kept a session id the browser had before")
                .expected("a new random session id at login")
                .actual(format!("Set-Cookie: {}", first.set_cookie))
                .hint(Hint::Planted),
        );
    }
    ctx.step("log in again without logging out: a new session id")
        .await?;
    let second = flow::login(ctx, github, USER).await?;
    if second.session == first.session {
        return Err(Failure::new("logging in again kept the same session id")
            .expected("a new session id at every login")
            .actual("the same session id as the previous login")
            .hint(Hint::SameId));
    }
    Ok(())
}
