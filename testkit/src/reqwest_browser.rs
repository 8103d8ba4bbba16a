//! A reqwest client as the walk's browser, and what the crates' tests read of its answers.

use std::collections::HashMap;

use reqwest::header::{HeaderMap, LOCATION, ORIGIN, SET_COOKIE};
use url::Url;

use crate::walk::{Answer, Browser};

/// A client like a browser: a cookie jar, and redirects *not* followed, so that a test sees
/// each hop. A second one is a second browser, with cookies of its own; a clone shares them.
#[cfg(feature = "cookies")]
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("logout-lab-tests")
        .build()
        .expect("a reqwest client")
}

/// An answer to a reqwest client, read whole.
#[derive(Debug)]
pub struct Page {
    pub status: u16,
    pub url: Url,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    async fn read(response: reqwest::Response) -> anyhow::Result<Page> {
        Ok(Page {
            status: response.status().as_u16(),
            url: response.url().clone(),
            headers: response.headers().clone(),
            body: response.text().await?,
        })
    }
}

impl Answer for Page {
    fn status(&self) -> u16 {
        self.status
    }

    fn url(&self) -> &Url {
        &self.url
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    fn body(&self) -> &str {
        &self.body
    }
}

impl Browser for reqwest::Client {
    type Answer = Page;

    async fn get(&mut self, url: &Url) -> anyhow::Result<Page> {
        Page::read(reqwest::Client::get(self, url.clone()).send().await?).await
    }

    /// With the `Origin` a browser sends from a page of the same site.
    async fn submit(&mut self, url: &Url, fields: &[(String, String)]) -> anyhow::Result<Page> {
        let origin = url.origin().ascii_serialization();
        let request = self.post(url.clone()).header(ORIGIN, origin).form(fields);
        Page::read(request.send().await?).await
    }
}

/// The status and JSON body of an answer, which must be JSON.
pub async fn json(response: reqwest::Response) -> (reqwest::StatusCode, serde_json::Value) {
    let status = response.status();
    let text = response.text().await.expect("the answer's body");
    let body = serde_json::from_str(&text);
    let body = body.unwrap_or_else(|_| panic!("not JSON ({status}): {text}"));
    (status, body)
}

/// The query parameters of a URL.
pub fn query(url: &str) -> HashMap<String, String> {
    let url = Url::parse(url).unwrap_or_else(|e| panic!("{url}: {e}"));
    url.query_pairs().into_owned().collect()
}

/// The `Location` of an answer, or "".
pub fn location(response: &reqwest::Response) -> String {
    header(response, LOCATION.as_str())
}

/// A header of an answer, or "".
pub fn header(response: &reqwest::Response, name: &str) -> String {
    let value = response.headers().get(name).and_then(|v| v.to_str().ok());
    value.unwrap_or_default().to_string()
}

/// The whole `Set-Cookie` line that sets cookie `name`, if the answer has one.
pub fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    let lines = response.headers().get_all(SET_COOKIE).iter();
    let mut lines = lines.filter_map(|v| v.to_str().ok());
    lines
        .find(|line| line.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

/// The value of a `Set-Cookie` line: `abc` in `session=abc; HttpOnly; ...`.
pub fn cookie_value(set_cookie: &str) -> String {
    let pair = set_cookie.split(';').next().unwrap_or_default();
    let value = pair.split_once('=').map(|(_, value)| value);
    value.unwrap_or_default().to_string()
}
