//! Shared test helpers: spawning both mocks, a browser-like client, and reading forms.

use mock_providers::{MockProviders, Options};

/// Both mocks on free ports, stopped when dropped with the runtime.
pub struct TestMocks {
    pub mocks: MockProviders,
    pub github: String,
    pub google: String,
}

pub async fn spawn() -> TestMocks {
    spawn_with(Options::default()).await
}

pub async fn spawn_with(options: Options) -> TestMocks {
    let mocks = MockProviders::start_on_free_ports(&options)
        .await
        .expect("mocks start");
    let github = mocks.github.url().to_string();
    let google = mocks.google.url().to_string();
    TestMocks {
        mocks,
        github,
        google,
    }
}

/// A client like a browser: a cookie jar, and redirects *not* followed, so each hop is seen.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("logout-lab-tests")
        .build()
        .unwrap()
}

/// A plain client for API calls: no cookies, no redirects, no default User-Agent.
pub fn api() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A `/__mock/` document, read through its type in `mock_providers::api`.
pub async fn document<T: serde::de::DeserializeOwned>(url: &str) -> T {
    let text = api().get(url).send().await.unwrap().text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("GET {url}: {e}\n{text}"))
}

/// The `value` of `<input type="hidden" name="NAME" value="...">` in a page.
pub fn hidden_input(html: &str, name: &str) -> Option<String> {
    let needle = format!("name=\"{name}\" value=\"");
    let start = html.find(&needle)? + needle.len();
    let end = html[start..].find('"')? + start;
    Some(unescape(&html[start..end]))
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The `Location` header of a response.
pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// The query parameters of a URL.
pub fn query(url: &str) -> std::collections::HashMap<String, String> {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}
