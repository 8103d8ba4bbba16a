//! The login walk: `GET /auth/{provider}` at the app, every redirect at the provider followed
//! by hand, its sign-in and consent forms submitted as a person would, up to the redirect back
//! to the app's callback, which is returned without being visited (the caller judges that hop).

use std::fmt;

use common::Provider;
use url::Url;

use crate::html;

/// How many hops a login may take at the provider before it counts as a loop.
pub const MAX_HOPS: usize = 16;

/// What the walk reads of an answer.
pub trait Answer: Send {
    fn status(&self) -> u16;
    /// The URL that was requested.
    fn url(&self) -> &Url;
    fn header(&self, name: &str) -> Option<&str>;
    fn body(&self) -> &str;

    fn is_redirect(&self) -> bool {
        matches!(self.status(), 301 | 302 | 303 | 307 | 308) && self.header("location").is_some()
    }

    /// The redirect target, resolved against the request URL.
    fn location(&self) -> Option<Url> {
        self.url().join(self.header("location")?).ok()
    }
}

/// A browser the walk drives: its own cookies, redirects *not* followed. The checker's
/// browser (which records every exchange) and a reqwest client ([`crate::Page`]) are two.
pub trait Browser: Send {
    type Answer: Answer;
    fn get(&mut self, url: &Url) -> impl Future<Output = anyhow::Result<Self::Answer>> + Send;
    /// A form POST, as a browser submits it from a page of the same site.
    fn submit(
        &mut self,
        url: &Url,
        fields: &[(String, String)],
    ) -> impl Future<Output = anyhow::Result<Self::Answer>> + Send;
}

/// The app and the provider's mock a login goes between.
#[derive(Debug, Clone)]
pub struct Parties {
    pub app: Url,
    pub mock: Url,
}

/// Who signs in at the provider, and what they answer on its consent page.
#[derive(Debug, Clone, Copy)]
pub struct Person<'a> {
    /// A GitHub login (`ada`) or a Google email (`ada@example.com`).
    pub account: &'a str,
    /// Authorize (Allow) on the consent page, or Cancel.
    pub allows: bool,
}

impl Person<'_> {
    /// Signs in as `account` and allows.
    pub fn new(account: &str) -> Person<'_> {
        Person {
            account,
            allows: true,
        }
    }

    /// Signs in as `account` and presses Cancel on the consent page.
    pub fn refusing(account: &str) -> Person<'_> {
        Person {
            account,
            allows: false,
        }
    }
}

/// Where the provider sent the browser back to the app, not yet visited.
#[derive(Debug, Clone)]
pub struct Callback {
    pub url: Url,
    /// The state and client id of the authorize URL the walk started from.
    pub state: String,
    pub client_id: String,
    /// The provider's pages whose form was submitted, in order: none when the provider
    /// remembered both the person and their consent.
    pub pages: Vec<Url>,
    pub saw_sign_in: bool,
    pub saw_consent: bool,
}

impl Callback {
    /// A parameter of the callback URL (`code`, `state`, `error`).
    pub fn param(&self, name: &str) -> Option<String> {
        param(&self.url, name)
    }
}

/// Why a walk stopped before the provider sent the browser back.
pub enum WalkError<A> {
    /// A request got no answer.
    Http(anyhow::Error),
    /// `GET /auth/{provider}` did not redirect to the provider's authorize page.
    NotToProvider {
        provider: Provider,
        expected: Url,
        answer: A,
    },
    /// The authorize redirect carries no state.
    NoState { authorize: Url },
    /// A redirect whose `Location` is no URL.
    BadLocation { answer: A },
    /// A provider page that is neither sign-in nor consent, or not a 200.
    ProviderPage { provider: Provider, answer: A },
    /// [`MAX_HOPS`] hops and still at the provider.
    TooManyHops { provider: Provider, last: A },
}

impl<A: Answer> WalkError<A> {
    /// What went wrong, what a browser should have seen, and what it saw (the checker's
    /// failure, and this error's `Display`).
    pub fn parts(&self) -> (String, String, String) {
        match self {
            WalkError::Http(e) => (format!("{e:#}"), "an answer".into(), "none".into()),
            WalkError::NotToProvider {
                provider,
                expected,
                answer,
            } => (
                format!(
                    "GET {} did not send the browser to {}'s authorize page",
                    answer.url().path(),
                    provider.name()
                ),
                format!("a 302 redirect to {expected}"),
                describe(answer),
            ),
            WalkError::NoState { authorize } => (
                "the authorize redirect carries no state parameter".into(),
                "client_id, redirect_uri, scope and a random state".into(),
                authorize.to_string(),
            ),
            WalkError::BadLocation { answer } => (
                "a redirect's Location header is not a valid URL".into(),
                "a Location header holding an absolute or relative URL".into(),
                format!(
                    "Location: {}",
                    answer.header("location").unwrap_or_default()
                ),
            ),
            WalkError::ProviderPage { provider, answer } => (
                format!("{} stopped the login at {}", provider.name(), answer.url()),
                "a sign-in page, a consent page, or a redirect back to the app".into(),
                format!(
                    "{} {}",
                    answer.status(),
                    html::title(answer.body()).unwrap_or_default()
                ),
            ),
            WalkError::TooManyHops { provider, last } => (
                format!(
                    "the login with {} did not come back to the app",
                    provider.name()
                ),
                format!("at most {MAX_HOPS} hops"),
                describe(last),
            ),
        }
    }
}

impl<A: Answer> fmt::Display for WalkError<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (what, expected, actual) = self.parts();
        write!(f, "{what}: expected {expected}, got {actual}")
    }
}

/// As its `Display`, so that a test's `expect` says what went wrong.
impl<A: Answer> fmt::Debug for WalkError<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl<A> From<anyhow::Error> for WalkError<A> {
    fn from(e: anyhow::Error) -> Self {
        WalkError::Http(e)
    }
}

/// A short description of an answer: status, and the Location or the start of the body.
pub fn describe(answer: &impl Answer) -> String {
    if let Some(location) = answer.header("location") {
        return format!("{} with Location: {location}", answer.status());
    }
    let body: String = answer.body().chars().take(300).collect();
    let body = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if body.is_empty() {
        format!("{} with an empty body", answer.status())
    } else {
        format!("{} {body}", answer.status())
    }
}

/// A query parameter of a URL.
pub fn param(url: &Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// `GET /auth/{provider}` at the app, then every hop at the provider as `person`, up to the
/// redirect back to the app, which is returned without being visited.
pub async fn authorize<B: Browser>(
    browser: &mut B,
    to: &Parties,
    provider: Provider,
    person: Person<'_>,
) -> Result<Callback, WalkError<B::Answer>> {
    let start = to.app.join(&format!("/auth/{}", provider.slug()));
    let first = browser.get(&start.expect("a path")).await?;
    let expected = to.mock.join(provider.authorize_path()).expect("a path");
    let authorize = first.location().filter(|l| {
        first.is_redirect() && l.origin() == to.mock.origin() && l.path() == expected.path()
    });
    let Some(authorize) = authorize else {
        return Err(WalkError::NotToProvider {
            provider,
            expected,
            answer: first,
        });
    };
    if param(&authorize, "state").is_none_or(|s| s.is_empty()) {
        return Err(WalkError::NoState { authorize });
    }
    through_provider(browser, &authorize, provider, person).await
}

/// From the provider's `authorize` URL: follows its redirects and submits its sign-in and
/// consent forms as `person` until it sends the browser to another origin, which is returned
/// without being visited.
pub async fn through_provider<B: Browser>(
    browser: &mut B,
    authorize: &Url,
    provider: Provider,
    person: Person<'_>,
) -> Result<Callback, WalkError<B::Answer>> {
    let mut back = Callback {
        url: authorize.clone(),
        state: param(authorize, "state").unwrap_or_default(),
        client_id: param(authorize, "client_id").unwrap_or_default(),
        pages: vec![],
        saw_sign_in: false,
        saw_consent: false,
    };
    let mut answer = browser.get(authorize).await?;
    for _ in 0..MAX_HOPS {
        if answer.is_redirect() {
            let Some(next) = answer.location() else {
                return Err(WalkError::BadLocation { answer });
            };
            if next.origin() != authorize.origin() {
                back.url = next;
                return Ok(back);
            }
            answer = browser.get(&next).await?;
            continue;
        }
        let Some((action, fields)) = fill_in(&answer, provider, person, &mut back) else {
            return Err(WalkError::ProviderPage { provider, answer });
        };
        back.pages.push(answer.url().clone());
        answer = browser.submit(&action, &fields).await?;
    }
    Err(WalkError::TooManyHops {
        provider,
        last: answer,
    })
}

/// The form a person would submit on this provider page, filled in: sign in as the person (a
/// one-click account, or the typed field), or Authorize / Cancel on the consent page.
fn fill_in(
    answer: &impl Answer,
    provider: Provider,
    person: Person<'_>,
    back: &mut Callback,
) -> Option<(Url, Vec<(String, String)>)> {
    if answer.status() != 200 {
        return None;
    }
    let forms = html::forms(answer.body());
    let field = login_field(provider);
    let one_click = forms.iter().find(|f| {
        f.hidden
            .iter()
            .any(|(n, v)| n == field && v == person.account)
    });
    let typed = forms.iter().find(|f| f.has_field(field));
    let consent = forms.iter().find(|f| f.has_button("authorize", "1"));
    let (form, extra) = if let Some(form) = one_click {
        back.saw_sign_in = true;
        (form, None)
    } else if let Some(form) = typed {
        back.saw_sign_in = true;
        (form, Some((field, person.account)))
    } else if let Some(form) = consent {
        back.saw_consent = true;
        (
            form,
            Some(("authorize", if person.allows { "1" } else { "0" })),
        )
    } else {
        return None;
    };
    let action = answer
        .url()
        .join(form.action.as_deref().unwrap_or(""))
        .ok()?;
    let mut fields = form.hidden.clone();
    fields.extend(extra.map(|(n, v)| (n.to_string(), v.to_string())));
    Some((action, fields))
}

/// The field of the provider's sign-in form that names the account.
pub fn login_field(provider: Provider) -> &'static str {
    match provider {
        Provider::GitHub => "login",
        Provider::Google => "email",
    }
}

#[cfg(test)]
mod tests;
