//! The browser journeys the exercises share: logging in through a provider hop by hop
//! ([`login`]), reading `/me`, logging out, disconnecting. Each hop is checked, so a failure
//! names the hop that broke.

mod login;

pub use login::{Callback, Login, Parties, authorize, complete, login, login_with, session_set};

use common::Provider;
use mock_providers::api::{EventKind, TokenKind, TokenRecord};
use serde_json::Value;

use crate::client::{Change, Request, Response};
use crate::context::{Ctx, Failure};
use crate::mocks::ProviderPages;
use crate::registry::Hint;

/// The app's session cookie, as the course names it.
pub const SESSION_COOKIE: &str = "session";

/// The hints of [`check_logout`], `logout`'s (and an exercise's that checks a logout the same
/// way).
pub const LOGOUT_ROUTE: Hint = Hint::new("logout-route");
pub const LOGOUT_BODY: Hint = Hint::new("logout-body");
pub const CLEAR_COOKIE: Hint = Hint::new("clear-cookie");

/// Logs in, and returns the login and the access token the provider issued for it.
pub async fn login_for_token(
    ctx: &mut Ctx<'_>,
    provider: Provider,
    user: &str,
) -> Result<(Login, TokenRecord), Failure> {
    let login = login(ctx, provider, user).await?;
    let token = issued_token(ctx, provider, user, &login.client_id).await?;
    Ok((login, token))
}

/// The access token `provider` issued to `client_id` for `user` during the current step.
pub async fn issued_token(
    ctx: &mut Ctx<'_>,
    provider: Provider,
    user: &str,
    client_id: &str,
) -> Result<TokenRecord, Failure> {
    let events = ctx.events().await?;
    let issued: Vec<String> = events[crate::context::index(provider)]
        .iter()
        .filter(|e| e.kind == EventKind::CodeExchanged)
        .filter(|e| e.client_id.as_deref() == Some(client_id))
        .flat_map(|e| e.issued.clone())
        .collect();
    let tokens = ctx.tokens(provider, user).await?;
    tokens
        .into_iter()
        .rev()
        .find(|t| t.kind == TokenKind::Access && issued.contains(&t.token))
        .ok_or_else(|| {
            Failure::new(format!(
                "the login issued no {} access token",
                provider.name()
            ))
            .expected("the app exchanged the code for a token")
            .actual("no new token at the mock")
            .hint(Hint::LOGIN)
        })
}

/// `GET /me` with the browser's cookies (or, with `cookie`, exactly that `Cookie` header).
pub async fn me(ctx: &mut Ctx<'_>, cookie: Option<String>) -> Result<Response, Failure> {
    let mut request = Request::get(ctx.env.app_url("/me"));
    request.cookie_override = cookie;
    Ok(ctx.browser.send(request).await?)
}

/// `GET /me` that must answer 200 with a user; returns the user.
pub async fn me_ok(ctx: &mut Ctx<'_>) -> Result<Value, Failure> {
    let response = me(ctx, None).await?;
    match response.json() {
        Some(user) if response.status == 200 && user.is_object() => Ok(user),
        _ => Err(Failure::new("GET /me did not answer the signed-in user")
            .expected("200 with the user's JSON")
            .actual(response.describe())
            .hint(Hint::ME)),
    }
}

/// Whether `/me`'s user has that provider linked.
pub fn linked(user: &Value, provider: Provider) -> bool {
    user.get(provider.id_field()).is_some_and(|v| !v.is_null())
}

/// When `/me`'s user lacks the provider's key altogether (absent, not `null`), what to say:
/// the key the course's `/me` has, and the one the app wrote instead (`github_id`, say).
pub fn missing_key(user: &Value, provider: Provider) -> Option<String> {
    let fields = user.as_object()?;
    let key = provider.id_field();
    if fields.contains_key(key) {
        return None;
    }
    let letters = |k: &str| -> String {
        k.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let instead = fields.iter().find(|(k, _)| letters(k) == letters(key));
    Some(match instead {
        Some((found, value)) => format!(
            "GET /me has \"{found}\": {value} but no \"{key}\", the key the course's /me \
             names it by"
        ),
        None => {
            let keys: Vec<&str> = fields.keys().map(String::as_str).collect();
            format!(
                "GET /me has no \"{key}\" key (its keys: {})",
                keys.join(", ")
            )
        }
    })
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
            .hint(LOGOUT_ROUTE));
    }
    let body = response.json();
    if response.status != 200
        || body.as_ref().and_then(|b| b.get("message")) != Some(&Value::from("Logged out"))
    {
        return Err(
            Failure::new("POST /logout did not answer the lesson's response")
                .expected("200 {\"message\":\"Logged out\"}")
                .actual(response.describe())
                .hint(LOGOUT_BODY),
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
                .hint(CLEAR_COOKIE),
        );
    }
    Ok(())
}

/// `POST /disconnect/{provider}`, as a disconnect step: its judge lets that provider's tokens
/// end, and the caller judges them.
pub async fn disconnect(ctx: &mut Ctx<'_>, provider: Provider) -> Result<Response, Failure> {
    let path = format!("/disconnect/{}", provider.slug());
    ctx.disconnect_step(format!("POST {path}"), provider)
        .await?;
    let url = ctx.env.app_url(&path);
    Ok(ctx.browser.post(&url).await?)
}
