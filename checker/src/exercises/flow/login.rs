//! Logging in through a provider hop by hop: `GET /auth/{provider}`, every redirect at the
//! provider followed by hand, its sign-in and consent forms submitted, then the callback.

use url::Url;

use super::SESSION_COOKIE;
use crate::client::{Browser, Change, Request, Response, html};
use crate::context::{Ctx, Failure};
use crate::mocks::{Provider, ProviderPages};
use crate::registry::Hint;

/// How many hops a login may take before the checker calls it a loop.
const MAX_HOPS: usize = 16;

/// Where the provider sent the browser back to the app, not yet visited.
#[derive(Debug, Clone)]
pub struct Callback {
    pub url: Url,
    /// The state the app sent to the provider.
    pub state: String,
    /// The client id the app sent to the provider.
    pub client_id: String,
    /// Whether the provider showed its sign-in page.
    pub saw_sign_in: bool,
    pub saw_consent: bool,
}

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
    let to = Parties::of(ctx, provider);
    login_with(&mut ctx.browser, &to, provider, user).await
}

/// The app and the provider's mock a login goes between.
#[derive(Debug, Clone)]
pub struct Parties {
    pub app: Url,
    pub mock: Url,
}

impl Parties {
    fn of(ctx: &Ctx<'_>, provider: Provider) -> Parties {
        Parties {
            app: ctx.env.app.clone(),
            mock: ctx.env.mock(provider).base.clone(),
        }
    }
}

/// [`login`] in any browser, outside a check (the load mode's students).
pub async fn login_with(
    browser: &mut Browser,
    to: &Parties,
    provider: Provider,
    user: &str,
) -> Result<Login, Failure> {
    let callback = authorize_with(browser, to, provider, user).await?;
    complete_with(browser, provider, &callback).await
}

/// `GET /auth/{provider}`, then every hop at the provider, up to the redirect back to the
/// app, which is returned without being visited.
pub async fn authorize(
    ctx: &mut Ctx<'_>,
    provider: Provider,
    user: &str,
) -> Result<Callback, Failure> {
    let to = Parties::of(ctx, provider);
    authorize_with(&mut ctx.browser, &to, provider, user).await
}

async fn authorize_with(
    browser: &mut Browser,
    to: &Parties,
    provider: Provider,
    user: &str,
) -> Result<Callback, Failure> {
    let start = to
        .app
        .join(&format!("/auth/{}", provider.slug()))
        .expect("a path");
    let first = browser.get(&start).await?;
    let mock_base = to.mock.clone();
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
        .hint(Hint::LOGIN));
    };
    let client_id = param(&authorize, "client_id").unwrap_or_default();
    let Some(state) = param(&authorize, "state").filter(|s| !s.is_empty()) else {
        return Err(
            Failure::new("the authorize redirect carries no state parameter")
                .expected("client_id, redirect_uri, scope and a random state")
                .actual(authorize.to_string())
                .hint(Hint::LOGIN),
        );
    };
    let mut walk = Walk {
        provider,
        user,
        mock_base,
        saw_sign_in: false,
        saw_consent: false,
    };
    let url = walk.follow(browser, authorize).await?;
    Ok(Callback {
        url,
        state,
        client_id,
        saw_sign_in: walk.saw_sign_in,
        saw_consent: walk.saw_consent,
    })
}

/// A walk through the provider's pages, signing in and consenting as `user`.
struct Walk<'u> {
    provider: Provider,
    user: &'u str,
    mock_base: Url,
    saw_sign_in: bool,
    saw_consent: bool,
}

impl Walk<'_> {
    /// Follows redirects and submits forms until the provider sends the browser elsewhere.
    async fn follow(&mut self, browser: &mut Browser, start: Url) -> Result<Url, Failure> {
        let mut response = browser.get(&start).await?;
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
                            .hint(Hint::LOGIN),
                    );
                };
                if !same_origin(&next, &self.mock_base) {
                    return Ok(next);
                }
                response = browser.get(&next).await?;
                continue;
            }
            let request = self.submit(&response)?;
            response = browser.send(request).await?;
        }
        Err(Failure::new(format!(
            "the login with {} did not come back to the app",
            self.provider.name()
        ))
        .expected(format!("at most {MAX_HOPS} hops"))
        .actual(response.describe())
        .hint(Hint::LOGIN))
    }

    /// The form a person would submit on this provider page: sign in as the user (a one-click
    /// account, or the typed field), or Authorize.
    fn submit(&mut self, response: &Response) -> Result<Request, Failure> {
        if response.status != 200 {
            return Err(provider_page_failure(self.provider, response));
        }
        let forms = html::forms(&response.body);
        let field = self.provider.login_field();
        let one_click = forms
            .iter()
            .find(|f| f.hidden.iter().any(|(n, v)| n == field && v == self.user));
        let typed = forms.iter().find(|f| f.has_field(field));
        let consent = forms.iter().find(|f| f.has_button("authorize", "1"));
        let (form, extra) = if let Some(form) = one_click {
            self.saw_sign_in = true;
            (form, vec![])
        } else if let Some(form) = typed {
            self.saw_sign_in = true;
            (form, vec![(field.to_string(), self.user.to_string())])
        } else if let Some(form) = consent {
            self.saw_consent = true;
            (form, vec![("authorize".to_string(), "1".to_string())])
        } else {
            return Err(provider_page_failure(self.provider, response));
        };
        let action = response
            .url
            .join(form.action.as_deref().unwrap_or(""))
            .map_err(|e| Failure::from(anyhow::anyhow!("bad form action: {e}")))?;
        let mut fields = form.hidden.clone();
        fields.extend(extra);
        Ok(Request::post_form(action, &fields))
    }
}

/// A provider page that is neither sign-in nor consent: its title, and what the mock's error
/// page says to do (the client id or redirect URI the app sent, and the command that fixes it).
fn provider_page_failure(provider: Provider, response: &Response) -> Failure {
    let title = html::title(&response.body).unwrap_or_default();
    let mut actual = format!("{} {title}", response.status);
    if let Some(fix) = html::section_text(&response.body, mock_providers::fixes::LABEL) {
        actual.push_str(&format!(". {fix}"));
    }
    Failure::new(format!(
        "{} stopped the login at {}",
        provider.name(),
        response.url
    ))
    .expected("a sign-in page, a consent page, or a redirect back to the app")
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
    if let Some(error) = param(url, "error") {
        return Err(Failure::new(format!(
            "{} refused the authorization: {error}",
            provider.name()
        ))
        .expected("a redirect back with code and state")
        .actual(url.to_string())
        .hint(Hint::LOGIN));
    }
    if param(url, "state").as_deref() != Some(&callback.state) || param(url, "code").is_none() {
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
