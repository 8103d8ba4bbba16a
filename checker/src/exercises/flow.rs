//! The browser journeys the exercises share: logging in through a provider hop by hop,
//! reading `/me`, logging out. Each hop is checked, so a failure names the hop that broke.

use serde_json::Value;
use url::Url;

use crate::check::{Ctx, Failure};
use crate::client::{Request, Response, html};
use crate::mocks::Provider;

/// The app's session cookie, as the course names it.
pub const SESSION_COOKIE: &str = "session";

/// How many hops a login may take before the checker calls it a loop.
const MAX_HOPS: usize = 16;

/// What a completed login showed.
#[derive(Debug, Clone)]
pub struct Login {
    /// The app's session id (the `session` cookie's value).
    pub session: String,
    /// The client id the app sent to the provider.
    pub client_id: String,
    /// Whether the provider showed its sign-in page.
    pub saw_sign_in: bool,
    pub saw_consent: bool,
}

fn param(url: &Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

fn same_origin(a: &Url, b: &Url) -> bool {
    a.origin() == b.origin()
}

/// Logs in with `provider` as `user` (GitHub login or Google email), following every
/// redirect by hand and submitting the provider's sign-in and consent forms.
pub async fn login(ctx: &mut Ctx<'_>, provider: Provider, user: &str) -> Result<Login, Failure> {
    let start = ctx.env.app_url(&format!("/auth/{}", provider.slug()));
    let first = ctx.browser.get(&start).await?;
    let mock_base = ctx.env.mock(provider).base.clone();
    let authorize = first.location().filter(|l| {
        first.is_redirect() && same_origin(l, &mock_base) && l.path() == provider.authorize_path()
    });
    let Some(authorize) = authorize else {
        return Err(Failure::new(format!(
            "GET {} did not send the browser to {}'s authorize page",
            start.path(),
            provider.name()
        ))
        .expected(format!(
            "a 302 redirect to {}",
            mock_base.join(provider.authorize_path()).expect("a path")
        ))
        .actual(first.describe())
        .hint("login"));
    };
    let client_id = param(&authorize, "client_id").unwrap_or_default();
    let Some(state) = param(&authorize, "state").filter(|s| !s.is_empty()) else {
        return Err(
            Failure::new("the authorize redirect carries no state parameter")
                .expected("client_id, redirect_uri, scope and a random state")
                .actual(authorize.to_string())
                .hint("login"),
        );
    };
    let mut saw_sign_in = false;
    let mut saw_consent = false;
    let mut response = ctx.browser.get(&authorize).await?;
    for _ in 0..MAX_HOPS {
        if response.is_redirect() {
            let Some(next) = response.location() else {
                return Err(
                    Failure::new("a redirect's Location header is not a valid URL")
                        .expected("a Location header holding an absolute or relative URL")
                        .actual(format!(
                            "Location: {}",
                            response.header("location").unwrap_or_default()
                        ))
                        .hint("login"),
                );
            };
            if !same_origin(&next, &mock_base) {
                return callback(
                    ctx,
                    provider,
                    next,
                    &state,
                    client_id,
                    saw_sign_in,
                    saw_consent,
                )
                .await;
            }
            response = ctx.browser.get(&next).await?;
            continue;
        }
        if response.status != 200 {
            return Err(provider_page_failure(provider, &response));
        }
        let forms = html::forms(&response.body);
        let field = provider.login_field();
        let one_click = forms
            .iter()
            .find(|f| f.hidden.iter().any(|(n, v)| n == field && v == user));
        let typed = forms.iter().find(|f| f.has_field(field));
        let consent = forms.iter().find(|f| f.has_button("authorize", "1"));
        let (form, extra) = if let Some(form) = one_click {
            saw_sign_in = true;
            (form, vec![])
        } else if let Some(form) = typed {
            saw_sign_in = true;
            (form, vec![(field.to_string(), user.to_string())])
        } else if let Some(form) = consent {
            saw_consent = true;
            (form, vec![("authorize".to_string(), "1".to_string())])
        } else {
            return Err(provider_page_failure(provider, &response));
        };
        let action = response
            .url
            .join(form.action.as_deref().unwrap_or(""))
            .map_err(|e| Failure::from(anyhow::anyhow!("bad form action: {e}")))?;
        let mut fields = form.hidden.clone();
        fields.extend(extra);
        response = ctx
            .browser
            .send(Request::post_form(action, &fields))
            .await?;
    }
    Err(Failure::new(format!(
        "the login with {} did not come back to the app",
        provider.name()
    ))
    .expected(format!("at most {MAX_HOPS} hops"))
    .actual(response.describe())
    .hint("login"))
}

fn provider_page_failure(provider: Provider, response: &Response) -> Failure {
    let title = html::title(&response.body).unwrap_or_default();
    Failure::new(format!(
        "{} stopped the login at {}",
        provider.name(),
        response.url
    ))
    .expected("a sign-in page, a consent page, or a redirect back to the app")
    .actual(format!("{} {title}", response.status))
    .hint("login")
}

async fn callback(
    ctx: &mut Ctx<'_>,
    provider: Provider,
    url: Url,
    state: &str,
    client_id: String,
    saw_sign_in: bool,
    saw_consent: bool,
) -> Result<Login, Failure> {
    if let Some(error) = param(&url, "error") {
        return Err(Failure::new(format!(
            "{} refused the authorization: {error}",
            provider.name()
        ))
        .expected("a redirect back with code and state")
        .actual(url.to_string())
        .hint("login"));
    }
    if param(&url, "state").as_deref() != Some(state) || param(&url, "code").is_none() {
        return Err(Failure::new(format!(
            "{} did not redirect back with the code and the app's state",
            provider.name()
        ))
        .expected(format!(
            "a redirect to the app's callback with code and state={state}"
        ))
        .actual(url.to_string())
        .hint("login"));
    }
    let answer = ctx.browser.get(&url).await?;
    let session = ctx.browser.jar.get(&answer.url, SESSION_COOKIE);
    let Some(session) = session.filter(|_| answer.is_redirect()) else {
        return Err(Failure::new(format!(
            "the app's callback {} did not complete the login",
            url.path()
        ))
        .expected(format!("a 302 to / with Set-Cookie: {SESSION_COOKIE}=..."))
        .actual(answer.describe())
        .hint("login"));
    };
    if let Some(home) = answer.location() {
        ctx.browser.get(&home).await?;
    }
    Ok(Login {
        session,
        client_id,
        saw_sign_in,
        saw_consent,
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
            .hint("me")),
    }
}

/// The tokens a mock holds, to tell which one a login issued.
pub async fn token_list(ctx: &mut Ctx<'_>, provider: Provider) -> Result<Vec<String>, Failure> {
    let tokens = ctx.env.mock(provider).tokens(&mut ctx.inspector).await?;
    Ok(tokens.into_iter().map(|t| t.token).collect())
}

/// The access token `provider` issued to `client_id` since `before` was taken.
pub async fn issued_token(
    ctx: &mut Ctx<'_>,
    provider: Provider,
    before: &[String],
    client_id: &str,
) -> Result<String, Failure> {
    let tokens = ctx.env.mock(provider).tokens(&mut ctx.inspector).await?;
    tokens
        .into_iter()
        .filter(|t| t.kind == "access" && t.client_id == client_id && !before.contains(&t.token))
        .map(|t| t.token)
        .next_back()
        .ok_or_else(|| {
            Failure::new(format!(
                "the login issued no {} access token",
                provider.name()
            ))
            .expected("the app exchanged the code for a token")
            .actual("no new token at the mock")
            .hint("login")
        })
}
