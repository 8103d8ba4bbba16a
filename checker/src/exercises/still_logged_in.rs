//! `still-logged-in` (the lesson's Exercise 2): after logging out of the app the provider
//! still has its own session; logging in again skips its sign-in page; and signing out at the
//! provider leaves the app's session alone.

use super::flow::{self, check_logout, logout};
use crate::check::{Ctx, Failure};
use crate::mocks::{Provider, ProviderPages};
use crate::registry::Hint;

const USER: &str = "grace";

pub async fn run(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    let github = Provider::GitHub;
    ctx.step(format!("log in with GitHub as {USER}")).await?;
    flow::login(ctx, github, USER).await?;

    ctx.step("POST /logout").await?;
    let response = logout(ctx).await?;
    check_logout(&response)?;

    ctx.step("GitHub's home page, with the browser's cookies, still shows the user")
        .await?;
    let home = ctx.env.mock(github).base.clone();
    let page = ctx.browser.get(&home).await?;
    let signed_in =
        page.status == 200 && page.body.contains("Signed in as") && page.body.contains(USER);
    if !signed_in
        || ctx
            .browser
            .jar
            .get(&home, github.session_cookie())
            .is_none()
    {
        return Err(
            Failure::new("after the app's logout, GitHub no longer knows the user")
                .expected(format!(
                    "GitHub's home page says \"Signed in as {USER}\" (cookie {})",
                    github.session_cookie()
                ))
                .actual(page.describe())
                .hint(Hint::ProviderSession),
        );
    }

    ctx.step("the mock GitHub's state lists the user's provider session")
        .await?;
    let state = ctx.env.mock(github).state(&mut ctx.inspector).await?;
    let signed_in: Vec<&str> = state
        .sessions
        .iter()
        .map(|s| s.username.as_deref().unwrap_or(&s.user))
        .collect();
    if !signed_in.contains(&USER) {
        return Err(
            Failure::new("GET /__mock/state lists no GitHub session for the user")
                .expected(format!("a session of {USER}"))
                .actual(format!("sessions of: {}", signed_in.join(", ")))
                .hint(Hint::ProviderSession),
        );
    }

    ctx.step("log in again: no GitHub sign-in page").await?;
    let again = flow::login(ctx, github, USER).await?;
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
    ctx.env
        .mock(github)
        .end_session(&mut ctx.inspector, USER)
        .await?;
    // Make sure the provider's session really ended, or this step would prove nothing.
    let page = ctx.browser.get(&home).await?;
    if page.body.contains("Signed in as") {
        return Err(
            Failure::new("the mock GitHub did not end the user's session when asked")
                .expected("GitHub's home page without a signed-in user")
                .actual(page.describe()),
        );
    }
    let response = flow::me(ctx, None).await?;
    if response.status != 200 {
        return Err(
            Failure::new("signing out at GitHub ended the app's session")
                .expected("GET /me answers 200: the app's session is its own")
                .actual(response.describe())
                .hint(Hint::ProviderLogout),
        );
    }
    Ok(())
}
