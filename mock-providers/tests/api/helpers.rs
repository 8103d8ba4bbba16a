//! Shared test helpers: spawning both mocks, clients like a browser (`testkit`'s, with its
//! walk through the sign-in and consent pages) and like an app, sending a request and reading
//! its answer in one step, reading pages, and the mocks' own records.

use mock_providers::api::{EventRecord, RevocationRecord};
use mock_providers::{MockProviders, MockServer, Options};
use reqwest::header::{CONTENT_TYPE, SET_COOKIE};
use reqwest::{RequestBuilder, Response};
use serde_json::Value;
pub use testkit::html::{hidden_input, hidden_inputs};
pub use testkit::{Person, browser, location, query};

/// A well-formed PKCE verifier (RFC 7636 appendix B) and its S256 challenge.
pub const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
pub const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

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

/// A plain client for API calls: no cookies, no redirects, no default User-Agent.
pub fn api() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Sending a request and reading its answer in one step; a request that gets no answer at
/// all fails the test.
pub trait Fetch {
    async fn fetch(self) -> Response;
    /// The body as text.
    async fn fetch_text(self) -> String;
    /// The status and the body as JSON (`null` when it is not JSON).
    async fn fetch_json(self) -> (u16, Value);
    async fn fetch_status(self) -> u16;
}

impl Fetch for RequestBuilder {
    async fn fetch(self) -> Response {
        self.send().await.unwrap()
    }

    async fn fetch_text(self) -> String {
        self.fetch().await.text().await.unwrap()
    }

    async fn fetch_json(self) -> (u16, Value) {
        json_of(self.fetch().await).await
    }

    async fn fetch_status(self) -> u16 {
        self.fetch().await.status().as_u16()
    }
}

/// The status of a response and its body as JSON (`null` when it is not JSON).
pub async fn json_of(response: Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// `GET` a URL with the API client: status and JSON.
pub async fn get_json(url: &str) -> (u16, Value) {
    api().get(url).fetch_json().await
}

/// `POST` a JSON body with the API client: status and JSON.
pub async fn post_json(url: &str, body: Value) -> (u16, Value) {
    post_raw(url, "application/json", body.to_string()).await
}

/// `POST` any bytes with any content type: status and JSON.
pub async fn post_raw(
    url: &str,
    content_type: &str,
    body: impl Into<reqwest::Body>,
) -> (u16, Value) {
    let request = api().post(url).header(CONTENT_TYPE, content_type);
    request.body(body).fetch_json().await
}

/// The string `field` of every object in a JSON list, e.g. the tokens of a state's `tokens`.
pub fn strings<'a>(list: &'a Value, field: &str) -> Vec<&'a str> {
    let items = list.as_array().unwrap().iter();
    items.map(|item| item[field].as_str().unwrap()).collect()
}

/// A `/__mock/` document, read through its type in `mock_providers::api`.
pub async fn document<T: serde::de::DeserializeOwned>(url: &str) -> T {
    let text = api().get(url).fetch_text().await;
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("GET {url}: {e}\n{text}"))
}

/// Asserts a 4xx with a JSON `error` that mentions `needle`.
pub fn assert_error(what: &str, (status, body): (u16, Value), expected: u16, needle: &str) {
    assert_eq!(status, expected, "{what}: status (body {body})");
    let message = body["error"].as_str().unwrap_or_default();
    assert!(
        message.contains(needle),
        "{what}: error {message:?} should mention {needle:?}"
    );
}

/// `POST` a form with `browser`: a sign-in, a sign-out, a consent.
pub async fn post_form(
    browser: &reqwest::Client,
    url: String,
    form: &(impl serde::Serialize + ?Sized),
) -> Response {
    browser.post(url).form(form).fetch().await
}

/// Submits a consent page's form to `url` with Authorize/Allow (`true`, `authorize=1`) or
/// Cancel (`authorize=0`).
pub async fn submit_consent(
    browser: &reqwest::Client,
    url: String,
    page: &str,
    allow: bool,
) -> Response {
    let mut form = hidden_inputs(page);
    assert!(
        form.iter().any(|(n, _)| n == "authenticity_token"),
        "the consent page carries an authenticity_token"
    );
    form.push(("authorize".into(), if allow { "1" } else { "0" }.into()));
    post_form(browser, url, &form).await
}

/// `testkit`'s walk from a `provider`'s authorize URL in `browser`: signs in as `person`
/// if the mock asks, answers its consent page as `person` does, and returns where the mock
/// sends the browser back (a signed-in browser may pass any account).
pub async fn walk(
    browser: &reqwest::Client,
    provider: common::Provider,
    authorize_url: &str,
    person: Person<'_>,
) -> String {
    let url = url::Url::parse(authorize_url).unwrap();
    let walk = testkit::through_provider(&mut browser.clone(), &url, provider, person).await;
    let back = walk.expect("the mock sends the browser back");
    back.url.to_string()
}

/// The `Content-Type` header of a response.
pub fn content_type(response: &Response) -> String {
    testkit::header(response, CONTENT_TYPE.as_str())
}

/// Every `Set-Cookie` of a response.
pub fn set_cookies(response: &Response) -> Vec<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

/// The events of one kind a mock recorded, oldest first.
pub fn events_of(mock: &MockServer, kind: &str) -> Vec<EventRecord> {
    let inner = mock.store().lock();
    let events = inner.events.iter().filter(|e| e.kind.as_str() == kind);
    events.cloned().collect()
}

/// The revocation calls a mock recorded, oldest first.
pub fn revocations_of(mock: &MockServer) -> Vec<RevocationRecord> {
    mock.store().lock().revocations.iter().cloned().collect()
}

/// Asserts that `html` is a page of the mock `slug` (`github`, `google`, or `dashboard`):
/// its header's visible "Mock" badge, its own stylesheet and no other.
pub fn assert_mock_page(what: &str, html: &str, slug: &str) {
    let badge = html.contains(r#"<span class="mock-badge""#) && html.contains(">Mock</span>");
    assert!(badge, "{what}: the Mock badge");
    let header = html.find("<header").expect("a header");
    let badge_at = html.find("mock-badge").unwrap();
    assert!(badge_at > header, "{what}: the badge is in the header");
    for sheet in ["github", "google", "dashboard"] {
        let link = format!(r#"<link rel="stylesheet" href="/__mock/assets/{sheet}.css">"#);
        let linked = html.contains(&link);
        assert_eq!(linked, sheet == slug, "{what}: links {sheet}.css: {linked}");
    }
    assert!(!html.contains("<th></th>"), "{what}: no empty table header");
}
