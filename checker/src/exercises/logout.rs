//! `logout` (the lesson's Exercise 1): log in, `/me`, `POST /logout`, `/me` is 401, the old
//! cookie replayed is 401 too, and logging in again gives a new session; a logout without a
//! session answers as one with (the lesson's `if (sessionId)`).

use common::Provider;
use serde_json::Value;

use super::flow::{self, SESSION_COOKIE, check_logout, logout};
use super::{ExerciseId, Hint, Section, Spec};
use crate::context::{Ctx, Failure};

pub const SPEC: Spec = Spec {
    id: ExerciseId::new("logout"),
    section: Section::Course,
    hints: &[
        flow::LOGOUT_ROUTE,
        flow::LOGOUT_BODY,
        flow::CLEAR_COOKIE,
        SERVER_SESSION,
        NEW_SESSION,
    ],
    drives_app: true,
    hardened_only: false,
    run: |ctx| Box::pin(run(ctx)),
};

pub const SERVER_SESSION: Hint = Hint::new("server-session");
pub const NEW_SESSION: Hint = Hint::new("new-session");

/// The GitHub account the exercise logs in with.
const USER: &str = "grace";

pub async fn run(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    ctx.step(format!("log in with GitHub as {USER}")).await?;
    let login = flow::login(ctx, Provider::GitHub, USER).await?;

    ctx.step("GET /me answers the signed-in user").await?;
    let user = flow::me_ok(ctx).await?;
    if !flow::linked(&user, Provider::GitHub) {
        let missing = flow::missing_key(&user, Provider::GitHub);
        let message = "GET /me shows no githubId after a GitHub login";
        return Err(Failure::new(missing.as_deref().unwrap_or(message))
            .expected("the user's JSON with githubId set")
            .actual(user.to_string())
            .hint(Hint::ME));
    }

    ctx.step("POST /logout").await?;
    let response = logout(ctx).await?;
    check_logout(&response)?;

    ctx.step("GET /me answers 401 after logout").await?;
    expect_401(ctx, None, Hint::ME).await?;

    ctx.step("GET /me with the old session cookie answers 401")
        .await?;
    expect_401(
        ctx,
        Some(format!("{SESSION_COOKIE}={}", login.session)),
        SERVER_SESSION,
    )
    .await?;

    ctx.step(format!("log in with GitHub as {USER} again"))
        .await?;
    let again = flow::login(ctx, Provider::GitHub, USER).await?;
    if again.session == login.session {
        return Err(Failure::new("logging in again reused the old session id")
            .expected("a new session id")
            .actual("the same session id as before logout")
            .hint(NEW_SESSION));
    }
    flow::me_ok(ctx).await?;

    ctx.step("POST /logout from a browser without a session")
        .await?;
    let mut stranger = ctx.browser.another();
    let response = stranger.post(&ctx.env.app_url("/logout")).await?;
    let body = response.json();
    let message = body.as_ref().and_then(|b| b.get("message"));
    if response.status == 200 && message == Some(&Value::from("Logged out")) {
        return Ok(());
    }
    Err(
        Failure::new("POST /logout without a session cookie did not answer as the lesson does")
            .expected("200 {\"message\":\"Logged out\"}, with or without a session")
            .actual(response.describe())
            .hint(flow::LOGOUT_BODY),
    )
}

async fn expect_401(ctx: &mut Ctx<'_>, cookie: Option<String>, hint: Hint) -> Result<(), Failure> {
    let replay = cookie.is_some();
    let response = flow::me(ctx, cookie).await?;
    if response.status == 401 {
        return Ok(());
    }
    let message = if replay {
        "the old session cookie still works: the server kept the session"
    } else {
        "GET /me still answers after logout"
    };
    Err(Failure::new(message)
        .expected("401 {\"error\":\"Unauthorized\"}")
        .actual(response.describe())
        .hint(hint))
}
