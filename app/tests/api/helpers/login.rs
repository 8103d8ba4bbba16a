//! Logging in as a person does in a browser: `testkit`'s walk (`GET /auth/{provider}`, then
//! every hop through the mock provider by hand, its sign-in form filled in and Authorize
//! (Allow) pressed on its consent page), then the app's callback.

use reqwest::{Response, StatusCode};
use testkit::{Parties, Person};

use super::{Provider, TestApp, cookie_value, set_cookie};

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
        let mock = match provider {
            Provider::GitHub => self.mocks.github.url(),
            Provider::Google => self.mocks.google.url(),
        };
        let to = Parties { app: self.url.parse().unwrap(), mock: mock.parse().unwrap() };
        let person = Person::new(user);
        let walk = testkit::authorize(&mut self.browser.clone(), &to, provider, person).await;
        let back = walk.expect("the login comes back to the app");
        let response = self.browser.get(back.url.clone()).send().await.unwrap();
        let pages = back.pages.iter().map(ToString::to_string).collect();
        Login { pages, callback: back.url.to_string(), response }
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
