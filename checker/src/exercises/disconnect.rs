//! `disconnect`: a user linked to GitHub and Google disconnects each in turn. Each disconnect
//! must make exactly one revocation call, accepted by the mock, for the very token issued at
//! that provider's login; unlink the provider; and keep the session.

use serde_json::Value;

use super::flow;
use crate::check::{Ctx, Failure};
use crate::mocks::{Provider, short};

pub const HINTS: &[&str] = &[
    "default",
    "login",
    "link",
    "disconnect-route",
    "no-revocation",
    "extra-revocation",
    "rejected-github",
    "rejected-google",
    "wrong-token",
    "unlink",
    "session",
];

/// Ada: the same verified email at GitHub and Google, so the two identities link.
const ADA: [(Provider, &str); 2] = [
    (Provider::GitHub, "ada"),
    (Provider::Google, "ada@example.com"),
];

/// `githubId` or `googleId`, as `/me` names them.
fn id_field(provider: Provider) -> &'static str {
    match provider {
        Provider::GitHub => "githubId",
        Provider::Google => "googleId",
    }
}

fn linked(user: &Value, provider: Provider) -> bool {
    user.get(id_field(provider)).is_some_and(|v| !v.is_null())
}

pub async fn run(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    let mut tokens = Vec::new();
    for (provider, user) in ADA {
        tokens.push(login_for_token(ctx, provider, user).await?);
    }
    ctx.step("GET /me shows one user linked to GitHub and Google")
        .await?;
    let user = flow::me_ok(ctx).await?;
    if !(linked(&user, Provider::GitHub) && linked(&user, Provider::Google)) {
        return Err(Failure::new(
            "the GitHub and Google identities with the same verified email were not linked",
        )
        .expected("one user with githubId and googleId set")
        .actual(user.to_string())
        .hint("link"));
    }

    disconnect(ctx, Provider::GitHub, &tokens[0]).await?;
    // Link GitHub back, so that Google is not the user's only provider when it is disconnected.
    let (github, ada) = ADA[0];
    login_for_token(ctx, github, ada).await?;
    ctx.step("GET /me shows GitHub linked again").await?;
    let user = flow::me_ok(ctx).await?;
    if !linked(&user, github) {
        return Err(
            Failure::new("logging in with GitHub again did not link it back")
                .expected("githubId set")
                .actual(user.to_string())
                .hint("link"),
        );
    }
    disconnect(ctx, Provider::Google, &tokens[1]).await?;
    Ok(())
}

/// Logs in and returns the access token the provider issued for that login.
async fn login_for_token(
    ctx: &mut Ctx<'_>,
    provider: Provider,
    user: &str,
) -> Result<String, Failure> {
    ctx.step(format!("log in with {} as {user}", provider.name()))
        .await?;
    let before = flow::token_list(ctx, provider).await?;
    let login = flow::login(ctx, provider, user).await?;
    flow::issued_token(ctx, provider, &before, &login.client_id).await
}

async fn disconnect(ctx: &mut Ctx<'_>, provider: Provider, token: &str) -> Result<(), Failure> {
    let path = format!("/disconnect/{}", provider.slug());
    ctx.disconnect_step(format!("POST {path}")).await?;
    let url = ctx.env.app_url(&path);
    let response = ctx.browser.post(&url).await?;
    let calls = ctx.new_revocations().await?;
    let described = calls
        .iter()
        .map(|(p, r)| r.describe(*p))
        .collect::<Vec<_>>()
        .join("\n");
    let expected = format!(
        "exactly one accepted revocation at {} of the token issued at login ({})",
        provider.name(),
        short(token)
    );
    if calls.is_empty() {
        let (message, hint) = if matches!(response.status, 404 | 405) {
            (
                format!("POST {path} is not a route of the app"),
                "disconnect-route",
            )
        } else {
            (format!("POST {path} revoked no token"), "no-revocation")
        };
        return Err(Failure::new(message)
            .expected(expected)
            .actual(format!(
                "no revocation call; the app answered {}",
                response.describe()
            ))
            .hint(hint));
    }
    if let Some((p, rejected)) = calls.iter().find(|(p, r)| *p == provider && !r.accepted()) {
        let reason = rejected.reason.as_deref().unwrap_or("no reason given");
        let hint = match provider {
            Provider::GitHub => "rejected-github",
            Provider::Google => "rejected-google",
        };
        return Err(Failure::new(format!(
            "the mock {} refused the revocation: {reason}",
            p.name()
        ))
        .expected(expected)
        .actual(described)
        .hint(hint));
    }
    if calls.len() != 1 || calls[0].0 != provider {
        return Err(Failure::new(format!(
            "POST {path} made {} revocation calls; exactly one, at {}, was expected",
            calls.len(),
            provider.name()
        ))
        .expected(expected)
        .actual(described)
        .hint("extra-revocation"));
    }
    let call = &calls[0].1;
    if call.token.as_deref() != Some(token) {
        return Err(
            Failure::new("the revoked token is not the one issued at login")
                .expected(expected)
                .actual(described)
                .hint("wrong-token"),
        );
    }
    if !(200..300).contains(&response.status) {
        return Err(Failure::new(format!("POST {path} did not succeed"))
            .expected("a 2xx answer")
            .actual(response.describe())
            .hint("disconnect-route"));
    }

    ctx.step(format!(
        "GET /me after {path}: still signed in, {} null",
        id_field(provider)
    ))
    .await?;
    let response = flow::me(ctx, None).await?;
    let user = response.json().filter(|_| response.status == 200);
    let Some(user) = user else {
        return Err(Failure::new(format!("POST {path} ended the session"))
            .expected("GET /me answers 200: disconnecting is not logging out")
            .actual(response.describe())
            .hint("session"));
    };
    if linked(&user, provider) {
        return Err(Failure::new(format!(
            "after POST {path}, /me still shows {}",
            id_field(provider)
        ))
        .expected(format!("{} null", id_field(provider)))
        .actual(user.to_string())
        .hint("unlink"));
    }
    Ok(())
}
