//! `logout` (the lesson's Exercise 1): log in, `/me`, `POST /logout`, `/me` is 401, the old
//! cookie replayed is 401 too, and logging in again gives a new session.

use serde_json::Value;

use super::flow::{self, SESSION_COOKIE};
use crate::check::{Ctx, Failure};
use crate::client::{Change, Response};
use crate::mocks::Provider;

/// The hint keys this exercise reports (each must be in `exercises.toml`).
pub const HINTS: &[&str] = &[
    "default",
    "login",
    "me",
    "logout-route",
    "logout-body",
    "clear-cookie",
    "server-session",
    "new-session",
];

/// The GitHub account the exercise logs in with.
const USER: &str = "grace";

pub async fn run(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    ctx.step(format!("log in with GitHub as {USER}")).await?;
    let login = flow::login(ctx, Provider::GitHub, USER).await?;

    ctx.step("GET /me answers the signed-in user").await?;
    let user = flow::me_ok(ctx).await?;
    if user.get("githubId").is_none_or(Value::is_null) {
        return Err(
            Failure::new("GET /me shows no githubId after a GitHub login")
                .expected("the user's JSON with githubId set")
                .actual(user.to_string())
                .hint("me"),
        );
    }

    ctx.step("POST /logout").await?;
    let response = logout(ctx).await?;
    check_logout(&response)?;

    ctx.step("GET /me answers 401 after logout").await?;
    expect_401(ctx, None, "me").await?;

    ctx.step("GET /me with the old session cookie answers 401")
        .await?;
    expect_401(
        ctx,
        Some(format!("{SESSION_COOKIE}={}", login.session)),
        "server-session",
    )
    .await?;

    ctx.step(format!("log in with GitHub as {USER} again"))
        .await?;
    let again = flow::login(ctx, Provider::GitHub, USER).await?;
    if again.session == login.session {
        return Err(Failure::new("logging in again reused the old session id")
            .expected("a new session id")
            .actual("the same session id as before logout")
            .hint("new-session"));
    }
    flow::me_ok(ctx).await?;
    Ok(())
}

/// `POST /logout` as the app's Log out button sends it.
pub async fn logout(ctx: &mut Ctx<'_>) -> Result<Response, Failure> {
    let url = ctx.env.app_url("/logout");
    Ok(ctx.browser.post(&url).await?)
}

/// The lesson's answer: 200 `{"message":"Logged out"}` and a Set-Cookie clearing `session`.
pub fn check_logout(response: &Response) -> Result<(), Failure> {
    if matches!(response.status, 404 | 405) {
        return Err(Failure::new("POST /logout is not a route of the app")
            .expected("200 {\"message\":\"Logged out\"}")
            .actual(response.describe())
            .hint("logout-route"));
    }
    let body = response.json();
    if response.status != 200
        || body.as_ref().and_then(|b| b.get("message")) != Some(&Value::from("Logged out"))
    {
        return Err(
            Failure::new("POST /logout did not answer the lesson's response")
                .expected("200 {\"message\":\"Logged out\"}")
                .actual(response.describe())
                .hint("logout-body"),
        );
    }
    let cleared = response
        .cookies
        .iter()
        .any(|c| matches!(c, Change::Cleared { name } if name == SESSION_COOKIE));
    if !cleared {
        let set_cookies: Vec<&str> = response
            .headers
            .iter()
            .filter(|(n, _)| n == "set-cookie")
            .map(|(_, v)| v.as_str())
            .collect();
        return Err(
            Failure::new("POST /logout did not clear the session cookie")
                .expected(format!("Set-Cookie: {SESSION_COOKIE}=; Path=/; Max-Age=0"))
                .actual(if set_cookies.is_empty() {
                    "no Set-Cookie header".to_string()
                } else {
                    format!("Set-Cookie: {}", set_cookies.join(" | "))
                })
                .hint("clear-cookie"),
        );
    }
    Ok(())
}

async fn expect_401(
    ctx: &mut Ctx<'_>,
    cookie: Option<String>,
    hint: &'static str,
) -> Result<(), Failure> {
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
