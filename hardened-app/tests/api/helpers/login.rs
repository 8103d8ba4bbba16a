//! Logging in as a browser does: `testkit`'s walk, every hop by hand, the mocks' sign-in and
//! consent forms filled in.

use reqwest::{Response, StatusCode};
use testkit::{Parties, Person};
use url::Url;

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
        let to = Parties {
            app: self.url.parse().unwrap(),
            mock: self.mock_url(via),
        };
        let person = person(username, approve);
        let walk = testkit::authorize(&mut browser.clone(), &to, via, person).await;
        let back = walk.expect("the login comes back to the app");
        back.url.to_string()
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
        let authorize = Url::parse(authorize_url).unwrap();
        let via = Provider::ALL
            .into_iter()
            .find(|p| p.authorize_path() == authorize.path());
        let via = via.expect("a provider's authorize URL");
        let person = person(username, approve);
        let walk = testkit::through_provider(&mut browser.clone(), &authorize, via, person).await;
        let back = walk.expect("the login comes back to the app");
        back.url.to_string()
    }

    /// The base URL of `via`'s mock.
    fn mock_url(&self, via: Provider) -> Url {
        let url = match via {
            Provider::GitHub => self.mocks.github.url(),
            Provider::Google => self.mocks.google.url(),
        };
        url.parse().unwrap()
    }
}

fn person(username: &str, approve: bool) -> Person<'_> {
    Person {
        account: username,
        allows: approve,
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
