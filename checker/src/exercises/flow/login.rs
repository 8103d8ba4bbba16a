//! Logging in through a provider hop by hop: `testkit`'s walk (`GET /auth/{provider}`, every
//! redirect at the provider followed by hand, its sign-in and consent forms submitted) in the
//! checker's browser, which records each hop; then the callback, judged here. A walk that
//! stops is told as a failure with the lesson's hint.

use common::Provider;
use testkit::WalkError;
pub use testkit::{Callback, Parties};
use testkit::{Person, html};

use super::SESSION_COOKIE;
use crate::client::{Browser, Change, Response};
use crate::context::{Ctx, Failure};
use crate::registry::Hint;

/// What a completed login showed.
#[derive(Debug, Clone)]
pub struct Login {
    /// The app's session id (the `session` cookie's value).
    pub session: String,
    /// The whole `Set-Cookie` line that set it.
    pub set_cookie: String,
    pub client_id: String,
    pub saw_sign_in: bool,
    pub saw_consent: bool,
}

/// Logs in with `provider` as `user` (GitHub login or Google email), following every
/// redirect by hand and submitting the provider's sign-in and consent forms.
pub async fn login(ctx: &mut Ctx<'_>, provider: Provider, user: &str) -> Result<Login, Failure> {
    let to = parties(ctx, provider);
    login_with(&mut ctx.browser, &to, provider, user).await
}

fn parties(ctx: &Ctx<'_>, provider: Provider) -> Parties {
    Parties {
        app: ctx.env.app.clone(),
        mock: ctx.env.mock(provider).base.clone(),
    }
}

/// [`login`] in any browser, outside a check (the load mode's students).
pub async fn login_with(
    browser: &mut Browser,
    to: &Parties,
    provider: Provider,
    user: &str,
) -> Result<Login, Failure> {
    let callback = testkit::authorize(browser, to, provider, Person::new(user)).await;
    let callback = callback.map_err(failure)?;
    complete_with(browser, provider, &callback).await
}

/// `GET /auth/{provider}`, then every hop at the provider, up to the redirect back to the
/// app, which is returned without being visited.
pub async fn authorize(
    ctx: &mut Ctx<'_>,
    provider: Provider,
    user: &str,
) -> Result<Callback, Failure> {
    let to = parties(ctx, provider);
    let callback = testkit::authorize(&mut ctx.browser, &to, provider, Person::new(user)).await;
    callback.map_err(failure)
}

/// Why the walk stopped, as a failure of the login; at a provider's page, with what the
/// mock's error page says to do (the client id or redirect URI the app sent, and the command
/// that fixes it).
fn failure(stopped: WalkError<Response>) -> Failure {
    let (what, expected, mut actual) = stopped.parts();
    match stopped {
        WalkError::Http(error) => return Failure::from(error),
        WalkError::ProviderPage { answer, .. } => {
            if let Some(fix) = html::section_text(&answer.body, mock_providers::fixes::LABEL) {
                actual.push_str(&format!(". {fix}"));
            }
        }
        _ => {}
    }
    Failure::new(what)
        .expected(expected)
        .actual(actual)
        .hint(Hint::LOGIN)
}

/// Visits the callback the provider sent the browser to: it must answer a 302 that sets the
/// session cookie; then the browser follows it.
pub async fn complete(
    ctx: &mut Ctx<'_>,
    provider: Provider,
    callback: &Callback,
) -> Result<Login, Failure> {
    complete_with(&mut ctx.browser, provider, callback).await
}

async fn complete_with(
    browser: &mut Browser,
    provider: Provider,
    callback: &Callback,
) -> Result<Login, Failure> {
    let url = &callback.url;
    if let Some(error) = callback.param("error") {
        return Err(Failure::new(format!(
            "{} refused the authorization: {error}",
            provider.name()
        ))
        .expected("a redirect back with code and state")
        .actual(url.to_string())
        .hint(Hint::LOGIN));
    }
    if callback.param("state").as_deref() != Some(&callback.state)
        || callback.param("code").is_none()
    {
        return Err(Failure::new(format!(
            "{} did not redirect back with the code and the app's state",
            provider.name()
        ))
        .expected(format!(
            "a redirect to the app's callback with code and state={}",
            callback.state
        ))
        .actual(url.to_string())
        .hint(Hint::LOGIN));
    }
    let answer = browser.get(url).await?;
    let set = session_set(&answer);
    let Some((session, set_cookie)) = set.filter(|_| answer.is_redirect()) else {
        return Err(Failure::new(format!(
            "the app's callback {} did not complete the login",
            url.path()
        ))
        .expected(format!("a 302 to / with Set-Cookie: {SESSION_COOKIE}=..."))
        .actual(answer.describe())
        .hint(Hint::LOGIN));
    };
    if let Some(home) = answer.location() {
        browser.get(&home).await?;
    }
    Ok(Login {
        session,
        set_cookie,
        client_id: callback.client_id.clone(),
        saw_sign_in: callback.saw_sign_in,
        saw_consent: callback.saw_consent,
    })
}

/// The session id an answer set, with the whole `Set-Cookie` line that set it.
pub fn session_set(answer: &Response) -> Option<(String, String)> {
    let value = answer.cookies.iter().find_map(|c| match c {
        Change::Set { name, value } if name == SESSION_COOKIE => Some(value.clone()),
        _ => None,
    })?;
    let line = answer
        .headers
        .iter()
        .filter(|(n, _)| n == "set-cookie")
        .map(|(_, v)| v.clone())
        .find(|v| v.trim_start().starts_with(&format!("{SESSION_COOKIE}=")))?;
    Some((value, line))
}
