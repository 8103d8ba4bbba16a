//! One HTTP response, read whole: its headers, its redirect, its body as text or JSON, and
//! the ways the checker describes it in messages and in the `--verbose` transcript.

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
        matches!(self.status, 301 | 302 | 303 | 307 | 308) && self.header("location").is_some()
    }

    /// The redirect target, resolved against the request URL.
    pub fn location(&self) -> Option<Url> {
        self.url.join(self.header("location")?).ok()
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
        if let Some(location) = self.header("location") {
            return format!("{} with Location: {location}", self.status);
        }
        let body: String = self.body.chars().take(300).collect();
        let body = body.split_whitespace().collect::<Vec<_>>().join(" ");
        if body.is_empty() {
            format!("{} with an empty body", self.status)
        } else {
            format!("{} {body}", self.status)
        }
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
