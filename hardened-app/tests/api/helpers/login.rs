//! Logging in as a browser does: every hop by hand, the mocks' sign-in and consent forms
//! filled in.

use html_escape::decode_html_entities;
use reqwest::{RequestBuilder, Response, StatusCode};

use super::{Provider, TestApp, location, set_cookie};

impl TestApp {
    /// Logs in at the mock as `username` (GitHub login or Google email) and approves the
    /// consent page if one shows. Returns the app's answer to the callback.
    pub async fn login(&self, via: Provider, username: &str) -> Response {
        self.login_deciding(via, username, true).await
    }

    /// As [`TestApp::login`], but `approve == false` presses Cancel on the consent page.
    pub async fn login_deciding(&self, via: Provider, username: &str, approve: bool) -> Response {
        self.login_in(&self.browser, via, username, approve).await
    }

    /// As [`TestApp::login_deciding`], in another browser (a client with its own cookie jar,
    /// see [`super::browser`]).
    pub async fn login_in(
        &self,
        browser: &reqwest::Client,
        via: Provider,
        username: &str,
        approve: bool,
    ) -> Response {
        let callback = self.authorize_in(browser, via, username, approve).await;
        browser.get(&callback).send().await.unwrap()
    }

    /// Starts a login in `browser` and goes through the mock's pages, stopping before the
    /// callback: returns the callback URL the mock sent the browser to, not yet opened.
    pub async fn authorize_in(
        &self,
        browser: &reqwest::Client,
        via: Provider,
        username: &str,
        approve: bool,
    ) -> String {
        let authorize_url = self.start_in(browser, via).await;
        self.through_mock(browser, &authorize_url, username, approve)
            .await
    }

    /// `GET /auth/{provider}` in `browser`: the provider's authorize URL it redirects to.
    pub async fn start_in(&self, browser: &reqwest::Client, via: Provider) -> String {
        let path = format!("/auth/{}", via.slug());
        let start = browser.get(self.at(&path)).send().await.unwrap();
        assert_eq!(
            start.status(),
            StatusCode::FOUND,
            "GET /auth/{}",
            via.slug()
        );
        location(&start)
    }

    /// From the provider's `authorize_url`, signs in as `username` and decides on the consent
    /// page: returns the URL of the app's callback the mock redirects to, not yet opened.
    pub async fn through_mock(
        &self,
        browser: &reqwest::Client,
        authorize_url: &str,
        username: &str,
        approve: bool,
    ) -> String {
        let mut url = authorize_url.to_string();
        for _ in 0..12 {
            if url.starts_with(&self.url) {
                return url;
            }
            let response = browser.get(&url).send().await.unwrap();
            let status = response.status();
            if status.is_redirection() {
                url = resolve(&url, &location(&response));
                continue;
            }
            let page = response.text().await.unwrap();
            assert_eq!(status, StatusCode::OK, "mock page {url}: {page}");
            let next = fill_in(browser, &url, &page, username, approve);
            let response = next.send().await.unwrap();
            assert!(
                response.status().is_redirection(),
                "form at {url} answered {}",
                response.status()
            );
            url = resolve(&url, &location(&response));
        }
        panic!("the login did not come back to the app");
    }
}

/// The form a person fills in on a mock's page: the sign-in form with `username`, or the
/// consent form, approved or cancelled.
fn fill_in(
    browser: &reqwest::Client,
    url: &str,
    page: &str,
    username: &str,
    approve: bool,
) -> RequestBuilder {
    if page.contains("action=\"/session\"") {
        let form = [
            ("login", username.to_string()),
            ("return_to", hidden_input(page, "return_to").unwrap()),
        ];
        browser.post(resolve(url, "/session")).form(&form)
    } else if page.contains("action=\"/ServiceLogin\"") {
        let form = [
            ("email", username.to_string()),
            ("continue", hidden_input(page, "continue").unwrap()),
        ];
        browser.post(resolve(url, "/ServiceLogin")).form(&form)
    } else {
        let action = form_action(page).unwrap_or_else(|| panic!("no form in {page}"));
        let mut form = hidden_inputs(page);
        form.push(("authorize".into(), if approve { "1" } else { "0" }.into()));
        browser.post(resolve(url, &action)).form(&form)
    }
}

impl TestApp {
    /// Logs in and checks that the app answered 302 to `/` with a session cookie.
    pub async fn login_ok(&self, via: Provider, username: &str) -> String {
        self.login_ok_in(&self.browser, via, username).await
    }

    /// As [`TestApp::login_ok`], in another browser.
    pub async fn login_ok_in(
        &self,
        browser: &reqwest::Client,
        via: Provider,
        username: &str,
    ) -> String {
        let response = self.login_in(browser, via, username, true).await;
        let status = response.status();
        let session = set_cookie(&response, "session");
        let body = if status == StatusCode::FOUND {
            String::new()
        } else {
            response.text().await.unwrap_or_default()
        };
        assert_eq!(
            status,
            StatusCode::FOUND,
            "callback answered {status}: {body}"
        );
        session.expect("the callback sets the session cookie")
    }
}

fn resolve(base: &str, target: &str) -> String {
    url::Url::parse(base)
        .unwrap()
        .join(target)
        .unwrap()
        .to_string()
}

/// The `value` of `<input type="hidden" name="NAME" value="...">` in a page.
pub fn hidden_input(html: &str, name: &str) -> Option<String> {
    hidden_inputs(html)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v)
}

/// Every hidden input of a page, in order.
pub fn hidden_inputs(html: &str) -> Vec<(String, String)> {
    const OPEN: &str = "<input type=\"hidden\" name=\"";
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(OPEN) {
        rest = &rest[start + OPEN.len()..];
        let Some(name_end) = rest.find('"') else {
            break;
        };
        let name = &rest[..name_end];
        let after = &rest[name_end..];
        let Some(value_start) = after.strip_prefix("\" value=\"") else {
            continue;
        };
        let Some(value_end) = value_start.find('"') else {
            break;
        };
        let value = &value_start[..value_end];
        found.push((
            decode_html_entities(name).into(),
            decode_html_entities(value).into(),
        ));
    }
    found
}

fn form_action(html: &str) -> Option<String> {
    let start = html.find("<form")?;
    let tag = &html[start..start + html[start..].find('>')?];
    let action = tag.split("action=\"").nth(1)?;
    Some(decode_html_entities(&action[..action.find('"')?]).into())
}
