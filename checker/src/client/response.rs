//! One HTTP response, read whole: its headers, its redirect, its body as text or JSON, and
//! the ways the checker describes it in messages and in the `--verbose` transcript.

use testkit::Answer;
use url::Url;

use super::Change;

/// One HTTP response, read whole.
#[derive(Debug, Clone)]
pub struct Response {
    pub method: String,
    pub url: Url,
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// What each `Set-Cookie` did to the jar.
    pub cookies: Vec<Change>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn is_redirect(&self) -> bool {
        Answer::is_redirect(self)
    }

    /// The redirect target, resolved against the request URL.
    pub fn location(&self) -> Option<Url> {
        Answer::location(self)
    }

    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.body).ok()
    }

    /// `METHOD URL`, for step names and messages.
    pub fn request_line(&self) -> String {
        format!("{} {}", self.method, self.url)
    }

    /// A short description: status, and the Location or the start of the body.
    pub fn describe(&self) -> String {
        testkit::walk::describe(self)
    }
}

/// What `testkit`'s login walk reads of an answer.
impl Answer for Response {
    fn status(&self) -> u16 {
        self.status
    }

    fn url(&self) -> &Url {
        &self.url
    }

    fn header(&self, name: &str) -> Option<&str> {
        Response::header(self, name)
    }

    fn body(&self) -> &str {
        &self.body
    }
}

/// The `--verbose` line of an answer: its status, the headers that matter, and the start of
/// a JSON body.
pub(super) fn verbose_line(response: &Response) -> String {
    let mut text = format!("< {}", response.status);
    for (name, value) in &response.headers {
        if matches!(name.as_str(), "location" | "set-cookie" | "content-type") {
            text.push_str(&format!("\n  {name}: {value}"));
        }
    }
    if response
        .header("content-type")
        .is_some_and(|t| t.contains("json"))
    {
        // Enough to see the answer; `/__mock/state` can be long.
        let body = response.body.trim();
        let shown: String = body.chars().take(600).collect();
        let more = if shown.len() < body.len() { " …" } else { "" };
        text.push_str(&format!("\n  {shown}{more}"));
    }
    text
}
