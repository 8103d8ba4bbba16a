//! `no-secrets-in-browser` (beyond the course; a mistake the course names): the provider's
//! access token and the app's client secret never reach the browser. Every answer the app
//! sends the browser during two logins, the home page and `/me` is searched for them: status,
//! headers (a `Location` carrying a `client_secret`, a cookie holding a token) and body.

use common::defaults::{
    GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET, GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET,
};

use super::disconnect::ADA;
use super::flow;
use super::{ExerciseId, Hint, Section, Spec};
use crate::client::{Response, origin};
use crate::context::{Ctx, Failure};
use crate::mocks::short;

pub const SPEC: Spec = Spec {
    id: ExerciseId::new("no-secrets-in-browser"),
    section: Section::Beyond,
    hints: &[TOKEN, SECRET],
    drives_app: true,
    hardened_only: false,
    run: |ctx| Box::pin(run(ctx)),
};

pub const TOKEN: Hint = Hint::new("token");
pub const SECRET: Hint = Hint::new("secret");

pub async fn run(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    ctx.browser.keep_history();
    let mut secrets: Vec<(String, String, Hint)> = Vec::new();
    for (provider, user) in ADA {
        ctx.step(format!("log in with {} as {user}", provider.name()))
            .await?;
        let (login, token) = flow::login_for_token(ctx, provider, user).await?;
        let what = format!(
            "the {} access token {}",
            provider.name(),
            short(&token.token)
        );
        secrets.push((token.token, what, TOKEN));
        if let Some(secret) = known_secret(&login.client_id) {
            let what = format!("the {} client secret", provider.name());
            secrets.push((secret.to_string(), what, SECRET));
        }
    }
    ctx.step("GET / and GET /me").await?;
    let home = ctx.env.app_url("/");
    ctx.browser.get(&home).await?;
    flow::me(ctx, None).await?;
    ctx.step("search every answer of the app for a token or a secret")
        .await?;
    let app = origin(&ctx.env.app);
    let history = ctx.browser.history.take().unwrap_or_default();
    for answer in history.iter().filter(|a| origin(&a.url) == app) {
        if let Some((_, what, hint)) = secrets.iter().find(|(s, _, _)| leaks(answer, s)) {
            return Err(Failure::new(format!(
                "{what} reached the browser, in the answer to {}",
                answer.request_line()
            ))
            .expected("tokens and client secrets only in server-to-server calls")
            .actual(answer.describe())
            .hint(*hint));
        }
    }
    Ok(())
}

/// The secret of a client the mocks ship with: the only secrets the checker knows.
fn known_secret(client_id: &str) -> Option<&'static str> {
    match client_id {
        GITHUB_CLIENT_ID => Some(GITHUB_CLIENT_SECRET),
        GOOGLE_CLIENT_ID => Some(GOOGLE_CLIENT_SECRET),
        _ => None,
    }
}

/// Whether the answer carries `secret` anywhere a browser (or its scripts) can see it.
fn leaks(answer: &Response, secret: &str) -> bool {
    answer.body.contains(secret)
        || answer
            .headers
            .iter()
            .any(|(_, value)| value.contains(secret) || decoded(value).contains(secret))
}

/// A header value with percent-encoding undone (a secret in a URL's query).
fn decoded(value: &str) -> String {
    url::form_urlencoded::parse(value.as_bytes())
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}
