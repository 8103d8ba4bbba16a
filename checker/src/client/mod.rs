//! A browser-like HTTP client: a cookie jar ([`jar`]), redirects returned rather than followed
//! (so a check can look at every hop, and `testkit`'s login walk can drive it), forms
//! submitted, an
//! `Origin` header on every POST as a browser sends it, with `--verbose` a transcript of
//! every exchange with a `curl` line that replays it ([`curl`]), and for a check's browsers a
//! record of every exchange in full for the HTML report ([`Record`]).

pub mod curl;
pub mod jar;
mod record;
mod response;

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use anyhow::Context;
use url::Url;

pub use jar::{Change, Jar};
pub use record::{Kept, Received, Record, Sent};
pub use response::Response;

/// Where `--verbose` writes the transcript.
pub type Log = Arc<dyn Fn(&str) + Send + Sync>;

/// The most of an answer's body the checker reads: far more than any page of the course or
/// than the state of a mock that served a thousand runs, little enough that a misbehaving app
/// cannot exhaust memory.
pub const MAX_BODY: usize = 8 << 20;

/// What the checker sends as its `User-Agent`.
pub const USER_AGENT: &str = concat!("logout-lab-checker/", env!("CARGO_PKG_VERSION"));

/// The browser: one cookie jar, like one browser profile.
#[derive(Clone)]
pub struct Browser {
    http: reqwest::Client,
    pub jar: Jar,
    log: Option<Log>,
    /// Every answer received, when [`Browser::keep_history`] asked for it.
    pub history: Option<Vec<Response>>,
    /// Where every exchange is written (request, status, when), when set.
    pub record: Option<Record>,
}

impl std::fmt::Debug for Browser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Browser").field("jar", &self.jar).finish()
    }
}

/// A request as the checks build it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: &'static str,
    pub url: Url,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    /// Send this `Cookie` header instead of the jar's (replaying an old cookie).
    pub cookie_override: Option<String>,
}

impl Request {
    pub fn get(url: Url) -> Request {
        Request {
            method: "GET",
            url,
            headers: vec![],
            body: None,
            cookie_override: None,
        }
    }

    /// A form POST, as a browser submits it from a page of the same site.
    pub fn post_form(url: Url, fields: &[(String, String)]) -> Request {
        let body = serde_urlencoded::to_string(fields).unwrap_or_default();
        Request {
            method: "POST",
            url,
            headers: vec![(
                "Content-Type".into(),
                "application/x-www-form-urlencoded".into(),
            )],
            body: Some(body),
            cookie_override: None,
        }
    }
}

/// The origin of a URL as a browser writes it in `Origin`.
pub fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// The HTTP client every browser of a run shares: redirects off (the checks follow them),
/// a timeout on every request. Building one loads TLS roots, which is slow enough to matter
/// when done per check, so a run builds it once.
pub fn http_client() -> anyhow::Result<reqwest::Client> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .context("cannot build the HTTP client")
}

impl Browser {
    /// A browser with an empty cookie jar (a new private window).
    pub fn new(http: &reqwest::Client, log: Option<Log>) -> Browser {
        Browser {
            http: http.clone(),
            jar: Jar::default(),
            log,
            history: None,
            record: None,
        }
    }

    /// Another browser of the same run (its own cookie jar, a new private window) that
    /// writes its exchanges to this one's record.
    pub fn another(&self) -> Browser {
        Browser {
            record: self.record.clone(),
            ..Browser::new(&self.http, self.log.clone())
        }
    }

    /// Keeps every answer from now on, to look through them later (what reached the browser).
    pub fn keep_history(&mut self) {
        self.history.get_or_insert_with(Vec::new);
    }

    /// Sends a request with the jar's cookies (or the override), the checker's User-Agent and,
    /// on POST, an `Origin` header of the request's own origin unless the request brings one;
    /// stores the answer's cookies; logs the exchange, and records it in full when asked to.
    pub async fn send(&mut self, request: Request) -> anyhow::Result<Response> {
        let headers = self.headers_for(&request);
        let Some(record) = self.record.clone() else {
            return self.exchange(request, &headers).await;
        };
        let (method, url, started) = (request.method, request.url.clone(), SystemTime::now());
        let body = request.body.as_deref().map(Kept::new);
        let answer = self.exchange(request, &headers).await;
        record.push(Sent {
            method,
            url,
            headers,
            body,
            answer: match &answer {
                Ok(response) => Ok(Received::new(response)),
                Err(error) => Err(format!("{error:#}")),
            },
            started,
            finished: SystemTime::now(),
        });
        answer
    }

    /// One request, with `headers`, and its answer, read whole.
    async fn exchange(
        &mut self,
        request: Request,
        headers: &[(String, String)],
    ) -> anyhow::Result<Response> {
        if let Some(log) = &self.log {
            let curl = curl::line(
                request.method,
                request.url.as_str(),
                headers,
                request.body.as_deref(),
            );
            log(&format!("> {} {}\n  $ {curl}", request.method, request.url));
        }
        let mut builder = self.http.request(
            request.method.parse().expect("a valid method"),
            request.url.clone(),
        );
        for (name, value) in headers {
            builder = builder.header(name, value);
        }
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        } else if request.method == "POST" {
            builder = builder.header("Content-Length", "0");
        }
        let what = format!("{} {}", request.method, request.url);
        let answer = builder
            .send()
            .await
            .with_context(|| format!("{what} failed"))?;
        let response = self.read(request, answer, &what).await?;
        if let Some(log) = &self.log {
            log(&response::verbose_line(&response));
        }
        if let Some(history) = &mut self.history {
            history.push(response.clone());
        }
        Ok(response)
    }

    /// Every header a browser sends with `request`.
    fn headers_for(&self, request: &Request) -> Vec<(String, String)> {
        let mut headers = vec![("User-Agent".to_string(), USER_AGENT.to_string())];
        let has_origin = request
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("origin"));
        if request.method == "POST" && !has_origin {
            headers.push(("Origin".into(), origin(&request.url)));
        }
        headers.extend(request.headers.iter().cloned());
        let cookie = request
            .cookie_override
            .clone()
            .or_else(|| self.jar.header_for(&request.url));
        if let Some(cookie) = cookie {
            headers.push(("Cookie".into(), cookie));
        }
        headers
    }

    /// Reads the whole answer (at most [`MAX_BODY`]) and stores its cookies in the jar.
    async fn read(
        &mut self,
        request: Request,
        mut answer: reqwest::Response,
        what: &str,
    ) -> anyhow::Result<Response> {
        let status = answer.status().as_u16();
        let headers: Vec<(String, String)> = answer
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let mut bytes = Vec::new();
        while let Some(chunk) = answer
            .chunk()
            .await
            .with_context(|| format!("reading the answer to {what}"))?
        {
            if bytes.len() + chunk.len() > MAX_BODY {
                anyhow::bail!("the answer to {what} is larger than {} MiB", MAX_BODY >> 20);
            }
            bytes.extend_from_slice(&chunk);
        }
        let cookies = headers
            .iter()
            .filter(|(n, _)| n == "set-cookie")
            .map(|(_, v)| self.jar.store(&request.url, v))
            .collect();
        Ok(Response {
            method: request.method.into(),
            url: request.url,
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            cookies,
        })
    }

    pub async fn get(&mut self, url: &Url) -> anyhow::Result<Response> {
        self.send(Request::get(url.clone())).await
    }

    /// A POST with an empty body, like a logout button's form.
    pub async fn post(&mut self, url: &Url) -> anyhow::Result<Response> {
        self.send(Request::post_form(url.clone(), &[])).await
    }
}

/// `testkit`'s login walk drives this browser, so every hop of a login is logged and recorded.
impl testkit::Browser for Browser {
    type Answer = Response;

    async fn get(&mut self, url: &Url) -> anyhow::Result<Response> {
        Browser::get(self, url).await
    }

    async fn submit(&mut self, url: &Url, fields: &[(String, String)]) -> anyhow::Result<Response> {
        self.send(Request::post_form(url.clone(), fields)).await
    }
}
