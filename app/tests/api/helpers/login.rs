//! Logging in as a person does in a browser: `GET /auth/{provider}`, then every hop through
//! the mock provider by hand, filling in its sign-in form and pressing Authorize (Allow) on
//! its consent page, until the provider sends the browser back to the app's callback.

use reqwest::{Response, StatusCode, Url};

use super::{Provider, TestApp, cookie_value, location, set_cookie};

/// What a login saw.
pub struct Login {
    /// The mock's pages whose form was sent, in order (sign-in, consent): none when the
    /// provider remembered both the person and their consent.
    pub pages: Vec<String>,
    /// Where the provider sent the browser back: the app's callback with `code` and `state`.
    pub callback: String,
    /// The app's answer to the callback.
    pub response: Response,
}

impl TestApp {
    /// Logs in with `provider` as `user` (a GitHub login such as `ada`, a Google email such
    /// as `ada@example.com`), in the browser.
    pub async fn login(&self, provider: Provider, user: &str) -> Login {
        let start = self.get(&format!("/auth/{}", provider.slug())).await;
        assert_eq!(start.status(), StatusCode::FOUND, "GET /auth/{}", provider.slug());
        let (mut url, mut pages) = (location(&start), Vec::new());
        for _ in 0..10 {
            if url.starts_with(&self.url) {
                let response = self.browser.get(&url).send().await.unwrap();
                return Login { pages, callback: url, response };
            }
            let response = self.browser.get(&url).send().await.unwrap();
            if response.status().is_redirection() {
                url = resolve(&url, &location(&response));
                continue;
            }
            let status = response.status();
            let page = response.text().await.unwrap();
            assert_eq!(status, StatusCode::OK, "the mock's page {url}: {page}");
            let (action, fields) = fill_in(&page, user);
            let form = self.browser.post(resolve(&url, &action)).form(&fields);
            let sent = form.send().await.unwrap();
            assert!(sent.status().is_redirection(), "the form of {url} answered {}", sent.status());
            let next = resolve(&url, &location(&sent));
            pages.push(url);
            url = next;
        }
        panic!("the login never came back to the app");
    }

    /// Logs in and checks that the app answered 302 to `/` with a session cookie; returns the
    /// session id.
    pub async fn login_ok(&self, provider: Provider, user: &str) -> String {
        let response = self.login(provider, user).await.response;
        let (status, cookie) = (response.status(), set_cookie(&response, "session"));
        let body = response.text().await.unwrap();
        assert_eq!(status, StatusCode::FOUND, "the callback answered: {body}");
        cookie_value(&cookie.expect("the callback sets the session cookie"))
    }
}

/// The first form of a mock's page, filled in as a person would: the action and the fields.
/// The sign-in forms get the user (GitHub's `login`, Google's `email`); the consent form
/// gets `authorize=1`, the Authorize (Allow) button.
fn fill_in(page: &str, user: &str) -> (String, Vec<(String, String)>) {
    let start = page.find("<form").unwrap_or_else(|| panic!("no form in {page}"));
    let form = &page[start..start + page[start..].find("</form>").unwrap()];
    let action = attribute(form, "action").expect("the form's action");
    let mut fields: Vec<(String, String)> = form
        .split("<input type=\"hidden\"")
        .skip(1)
        .filter_map(|input| Some((attribute(input, "name")?, attribute(input, "value")?)))
        .collect();
    let filled = match action.as_str() {
        "/session" => "login",
        "/ServiceLogin" => "email",
        _ => "authorize",
    };
    let value = if filled == "authorize" { "1" } else { user };
    fields.retain(|(name, _)| name != filled);
    fields.push((filled.into(), value.into()));
    (action, fields)
}

/// The first `name="..."` attribute of an HTML fragment, its entities decoded.
fn attribute(html: &str, name: &str) -> Option<String> {
    let (_, rest) = html.split_once(&format!(" {name}=\""))?;
    let value = &rest[..rest.find('"')?];
    let decoded = value.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">");
    Some(decoded.replace("&#39;", "'").replace("&amp;", "&"))
}

/// `target` (absolute, or a path) as seen from the page at `base`.
fn resolve(base: &str, target: &str) -> String {
    Url::parse(base).unwrap().join(target).unwrap().to_string()
}
