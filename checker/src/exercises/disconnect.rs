//! `disconnect`: a user linked to GitHub and Google disconnects each in turn. Each disconnect
//! must end the token the app holds for that provider (the one issued at that provider's
//! latest login), leave the other provider's token alive, unlink the provider, and keep the
//! session. Judged by what is alive at the provider afterwards; the calls explain a failure.

use common::Provider;
use mock_providers::api::{EventRecord, RevocationRecord, TokenRecord};

use super::flow;
use super::{ExerciseId, Hint, Section, Spec};
use crate::client::Response;
use crate::context::{Ctx, Failure, index};
use crate::mocks::{ProviderPages, describe_call, describe_token};
use crate::{judge, rules};

pub const SPEC: Spec = Spec {
    id: ExerciseId::new("disconnect"),
    section: Section::Course,
    hints: &[
        LINK,
        DISCONNECT_ROUTE,
        NO_REVOCATION_GITHUB,
        NO_REVOCATION_GOOGLE,
        REJECTED_GITHUB,
        REJECTED_GOOGLE,
        WRONG_TOKEN,
        UNLINK,
        SESSION,
    ],
    drives_app: true,
    hardened_only: false,
    run: |ctx| Box::pin(run(ctx)),
};

pub const LINK: Hint = Hint::new("link");
pub const DISCONNECT_ROUTE: Hint = Hint::new("disconnect-route");
pub const NO_REVOCATION_GITHUB: Hint = Hint::new("no-revocation-github");
pub const NO_REVOCATION_GOOGLE: Hint = Hint::new("no-revocation-google");
pub const REJECTED_GITHUB: Hint = Hint::new("rejected-github");
pub const REJECTED_GOOGLE: Hint = Hint::new("rejected-google");
pub const WRONG_TOKEN: Hint = Hint::new("wrong-token");
pub const UNLINK: Hint = Hint::new("unlink");
pub const SESSION: Hint = Hint::new("session");

/// Ada: the same verified email at GitHub and Google, so the two identities link.
pub const ADA: [(Provider, &str); 2] = [
    (Provider::GitHub, "ada"),
    (Provider::Google, "ada@example.com"),
];

pub async fn run(ctx: &mut Ctx<'_>) -> Result<(), Failure> {
    let mut held = Vec::new();
    for (provider, user) in ADA {
        ctx.step(format!("log in with {} as {user}", provider.name()))
            .await?;
        held.push(flow::login_for_token(ctx, provider, user).await?.1);
    }
    ctx.step("GET /me shows one user linked to GitHub and Google")
        .await?;
    expect_linked(
        ctx,
        Provider::ALL.as_slice(),
        "the GitHub and Google identities with the same verified email were not linked",
    )
    .await?;

    disconnect(ctx, ADA[0], &held[0]).await?;
    // Link GitHub back, so that Google is not the user's only provider when it is disconnected.
    let (github, ada) = ADA[0];
    ctx.step(format!("log in with GitHub as {ada} again"))
        .await?;
    flow::login(ctx, github, ada).await?;
    ctx.step("GET /me shows GitHub linked again").await?;
    expect_linked(
        ctx,
        &[github],
        "logging in with GitHub again did not link it back",
    )
    .await?;
    disconnect(ctx, ADA[1], &held[1]).await?;
    Ok(())
}

/// `GET /me` must show these providers linked.
async fn expect_linked(
    ctx: &mut Ctx<'_>,
    providers: &[Provider],
    message: &str,
) -> Result<(), Failure> {
    let user = flow::me_ok(ctx).await?;
    if providers.iter().all(|p| flow::linked(&user, *p)) {
        return Ok(());
    }
    let fields: Vec<&str> = providers.iter().map(|p| p.id_field()).collect();
    let missing = providers.iter().find_map(|p| flow::missing_key(&user, *p));
    Err(Failure::new(missing.as_deref().unwrap_or(message))
        .expected(format!("one user with {} set", fields.join(" and ")))
        .actual(user.to_string())
        .hint(LINK))
}

/// Disconnects `provider`: the token the app holds there must be dead afterwards, the answer
/// a 2xx, the session kept and the provider unlinked.
pub async fn disconnect(
    ctx: &mut Ctx<'_>,
    (provider, user): (Provider, &str),
    held: &TokenRecord,
) -> Result<(), Failure> {
    let response = flow::disconnect(ctx, provider).await?;
    expect_ended(ctx, provider, user, held, &response).await?;
    let path = format!("/disconnect/{}", provider.slug());
    if !(200..300).contains(&response.status) {
        return Err(Failure::new(format!("POST {path} did not succeed"))
            .expected("a 2xx answer")
            .actual(response.describe())
            .hint(DISCONNECT_ROUTE));
    }
    ctx.step(format!(
        "GET /me after POST {path}: still signed in, {} null",
        provider.id_field()
    ))
    .await?;
    expect_unlinked(ctx, provider).await
}

/// After a disconnect of `provider`: `GET /me` answers 200 (the session stays) without the
/// provider's id.
pub async fn expect_unlinked(ctx: &mut Ctx<'_>, provider: Provider) -> Result<(), Failure> {
    let path = format!("/disconnect/{}", provider.slug());
    let response = flow::me(ctx, None).await?;
    let Some(user) = response.json().filter(|_| response.status == 200) else {
        return Err(Failure::new(format!("POST {path} ended the session"))
            .expected("GET /me answers 200: disconnecting is not logging out")
            .actual(response.describe())
            .hint(SESSION));
    };
    if flow::linked(&user, provider) {
        return Err(Failure::new(format!(
            "after POST {path}, /me still shows {}",
            provider.id_field()
        ))
        .expected(format!("{} null", provider.id_field()))
        .actual(user.to_string())
        .hint(UNLINK));
    }
    Ok(())
}

/// The held token must be dead now; if it is not, the calls of the step say why.
async fn expect_ended(
    ctx: &mut Ctx<'_>,
    provider: Provider,
    user: &str,
    held: &TokenRecord,
    response: &Response,
) -> Result<(), Failure> {
    let events = ctx.events().await?;
    let events = &events[index(provider)];
    let calls = judge::calls(events);
    let tokens = ctx.tokens(provider, user).await?;
    let dead = tokens
        .iter()
        .any(|t| t.token == held.token && !t.is_active());
    let path = format!("/disconnect/{}", provider.slug());
    if dead {
        ctx.note(ended_note(&path, &calls, held));
        return Ok(());
    }
    let (message, hint) = why_alive(&path, provider, events, &calls, response);
    let alive = describe_token(held);
    let actual = if calls.is_empty() {
        format!(
            "{alive} still works; the app answered {}",
            response.describe()
        )
    } else {
        let described: Vec<String> = calls.iter().map(|c| describe_call(c)).collect();
        format!("{alive} still works after {}", described.join("; "))
    };
    Err(Failure::new(message)
        .expected(format!(
            "{} no longer accepts {alive}, the token the app held",
            provider.name()
        ))
        .actual(actual)
        .hint(hint)
        .rule(rules::DISCONNECT))
}

/// What a disconnect that worked ended, for the report's notes.
fn ended_note(path: &str, calls: &[&RevocationRecord], held: &TokenRecord) -> String {
    let older = calls
        .iter()
        .flat_map(|c| &c.revoked_tokens)
        .filter(|t| **t != held.token)
        .count();
    let mut note = format!(
        "POST {path} ended {}, the token the app held",
        describe_token(held)
    );
    if older > 0 {
        note.push_str(&format!(", and {older} older token(s) of the user"));
    }
    note
}

/// Why the held token survived a disconnect: no route, a call that is not the revocation, no
/// call at all, a call the mock refused, or a call that revoked another token.
fn why_alive(
    path: &str,
    provider: Provider,
    events: &[EventRecord],
    calls: &[&RevocationRecord],
    response: &Response,
) -> (String, Hint) {
    let (no_call, refused) = match provider {
        Provider::GitHub => (NO_REVOCATION_GITHUB, REJECTED_GITHUB),
        Provider::Google => (NO_REVOCATION_GOOGLE, REJECTED_GOOGLE),
    };
    if let Some(call) = not_the_revocation(provider, events) {
        return (call, refused);
    }
    if calls.is_empty() && matches!(response.status, 404 | 405) {
        return (
            format!("POST {path} is not a route of the app"),
            DISCONNECT_ROUTE,
        );
    }
    if calls.is_empty() {
        let message = format!(
            "POST {path} revoked no token: no revocation call reached {}",
            provider.name()
        );
        return (message, no_call);
    }
    if let Some(call) = calls.iter().find(|c| !c.accepted()) {
        let reason = call.reason.as_deref().unwrap_or("no reason given");
        let message = format!(
            "the mock {} refused the revocation: {reason}",
            provider.name()
        );
        return (message, refused);
    }
    let message = "the revoked token is not the one the app holds (issued at the latest login)";
    (message.into(), WRONG_TOKEN)
}

/// A call on GitHub's revocation path with another method than DELETE (POST checks a token,
/// PATCH resets it), named as the mistake it is.
fn not_the_revocation(provider: Provider, events: &[EventRecord]) -> Option<String> {
    if provider != Provider::GitHub {
        return None;
    }
    let endpoint = events.iter().find_map(|e| {
        let endpoint = e.endpoint.as_deref()?;
        let (method, path) = endpoint.split_once(' ')?;
        let revocation_path = path.starts_with("/applications/") && path.ends_with("/token");
        (revocation_path && method != "DELETE").then_some((method, endpoint))
    })?;
    let what = match endpoint.0 {
        "POST" => " (POST there checks a token)",
        "PATCH" => " (PATCH there resets a token: a new one, the old one dies)",
        _ => "",
    };
    Some(format!(
        "{} is not GitHub's revocation: revoking is DELETE /applications/{{client_id}}/token{what}",
        endpoint.1
    ))
}
