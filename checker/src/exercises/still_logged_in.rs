//! `still-logged-in` (the lesson's Exercise 2): after logging out of the app the provider
//! still has its own session; logging in again skips its sign-in page; and signing out at the
//! provider leaves the app's session alone.

use super::flow::{self, check_logout, logout};
use crate::context::{Ctx, Failure};
use crate::mocks::{Provider, ProviderPages};
use crate::registry::Hint;

const USER: &str = "grace";

const GITHUB: Provider = Provider::GitHub;

pub async fn run(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    ctx.step(format!("log in with GitHub as {USER}")).await?;
    flow::login(ctx, GITHUB, USER).await?;

    ctx.step("POST /logout").await?;
    let response = logout(ctx).await?;
    check_logout(&response)?;

    ctx.step("GitHub's home page, with the browser's cookies, still shows the user")
        .await?;
    still_signed_in_at_github(ctx).await?;

    ctx.step("the mock GitHub's state lists the user's provider session")
        .await?;
    github_lists_the_session(ctx).await?;

    ctx.step("log in again: no GitHub sign-in page").await?;
    let again = flow::login(ctx, GITHUB, USER).await?;
    if again.saw_sign_in {
        return Err(
            Failure::new("logging in again showed GitHub's sign-in page")
                .expected("GitHub's session is reused: straight back to the app")
                .actual("GitHub asked the user to sign in again")
                .hint(Hint::Relogin),
        );
    }
    flow::me_ok(ctx).await?;

    ctx.step("sign out at GitHub: the app's session survives")
        .await?;
    sign_out_at_github(ctx).await
}

/// GitHub's home page, with the browser's cookies, says the user is signed in there.
async fn still_signed_in_at_github(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    let home = ctx.env.mock(GITHUB).base.clone();
    let page = ctx.browser.get(&home).await?;
    let cookie = ctx.browser.jar.get(&home, GITHUB.session_cookie());
    let says = page.status == 200 && page.body.contains("Signed in as") && page.body.contains(USER);
    if says && cookie.is_some() {
        return Ok(());
    }
    Err(
        Failure::new("after the app's logout, GitHub no longer knows the user")
            .expected(format!(
                "GitHub's home page says \"Signed in as {USER}\" (cookie {})",
                GITHUB.session_cookie()
            ))
            .actual(page.describe())
            .hint(Hint::ProviderSession),
    )
}

/// The mock's own state lists a provider session of the user.
async fn github_lists_the_session(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    let state = ctx.env.mock(GITHUB).state(&mut ctx.inspector).await?;
    let signed_in: Vec<&str> = state
        .sessions
        .iter()
        .map(|s| s.username.as_deref().unwrap_or(&s.user))
        .collect();
    if signed_in.contains(&USER) {
        return Ok(());
    }
    Err(
        Failure::new("GET /__mock/state lists no GitHub session for the user")
            .expected(format!("a session of {USER}"))
            .actual(format!("sessions of: {}", signed_in.join(", ")))
            .hint(Hint::ProviderSession),
    )
}

/// Ends the user's session at GitHub: the app's session must survive.
async fn sign_out_at_github(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    let mock = ctx.env.mock(GITHUB).clone();
    mock.end_session(&mut ctx.inspector, USER).await?;
    // Make sure the provider's session really ended, or this step would prove nothing.
    let page = ctx.browser.get(&mock.base).await?;
    if page.body.contains("Signed in as") {
        return Err(
            Failure::new("the mock GitHub did not end the user's session when asked")
                .expected("GitHub's home page without a signed-in user")
                .actual(page.describe()),
        );
    }
    let response = flow::me(ctx, None).await?;
    if response.status == 200 {
        return Ok(());
    }
    Err(
        Failure::new("signing out at GitHub ended the app's session")
            .expected("GET /me answers 200: the app's session is its own")
            .actual(response.describe())
            .hint(Hint::ProviderLogout),
    )
}
