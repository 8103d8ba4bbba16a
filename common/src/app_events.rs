//! Telling the mocks' timeline (`/__mock/timeline`, the projector's page) what an app did: a
//! layer that looks at each answer of the app's own routes and reports its logins, logouts and
//! disconnects to the mock's `/__mock/app-events`. Both apps add it with one line; no handler
//! posts anything itself.
//!
//! | request | answered | reported |
//! |---|---|---|
//! | `POST /logout` | 2xx, or a redirect (a browser's form is sent home) | `logout` |
//! | `GET /auth/{github,google}/callback` | a redirect that sets a non-empty `session` cookie | `login`, with that provider |
//! | `POST /disconnect/{github,google}` | 2xx, or a redirect (a browser's form) | `disconnect`, with that provider |
//!
//! An answer does not say who, or which token: a handler that knows may attach [`Details`]
//! to its response, and the report carries them. Without them the timeline reads "someone"
//! and names no token, which is all an answer tells.
//!
//! `answers` tells the events from other answers. Only an app that talks to the mocks
//! reports, and [`mock_url`] is the rule that says so. Fire and forget: a task of its own
//! posts the reports in the order the app answered, each within [`TIMEOUT`]; a failure is
//! logged at debug level, and no answer waits for it or depends on it.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::Uri;
use axum::middleware::{FromFnLayer, Next, from_fn_with_state};
use axum::response::{IntoResponseParts, Response, ResponseParts};
use serde::Serialize;
use tokio::sync::mpsc;

use crate::Provider;
use answers::{Kind, happened, route};

mod answers;

/// Where a mock takes an app's reports.
pub const PATH: &str = "/__mock/app-events";

/// How long a report may take, connection and answer together.
pub const TIMEOUT: Duration = Duration::from_secs(2);

/// How many reports may wait for the timeline; more are dropped.
const QUEUE: usize = 64;

/// What a handler knows of its event and its answer does not say. Attached to the response
/// (`(details, response).into_response()`), it goes into the report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Details {
    /// The app's user: its email, or its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    user: Option<String>,
    /// The token the event touched, shortened: a whole token never leaves the app.
    #[serde(skip_serializing_if = "Option::is_none")]
    token: Option<String>,
    /// A word more for the timeline: `revocation queued`.
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
}

impl Details {
    /// The event's user, when the handler knows it.
    pub fn new(user: Option<String>) -> Details {
        Details {
            user,
            ..Details::default()
        }
    }

    /// The token the event touched (a login's new one, a disconnect's revoked one), shortened
    /// as the pages show it ([`crate::page::short_token`]).
    pub fn token(self, token: Option<&str>) -> Details {
        Details {
            token: token.map(crate::page::short_token),
            ..self
        }
    }

    /// A word more for the timeline, such as `revocation queued`.
    pub fn detail(self, detail: Option<String>) -> Details {
        Details { detail, ..self }
    }
}

impl IntoResponseParts for Details {
    type Error = Infallible;

    fn into_response_parts(self, mut parts: ResponseParts) -> Result<ResponseParts, Infallible> {
        parts.extensions_mut().insert(self);
        Ok(parts)
    }
}

/// The body of `POST /__mock/app-events`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct Report {
    kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider: Option<Provider>,
    #[serde(flatten)]
    details: Details,
}

/// Where an app whose GitHub is at `github_url` reports: that origin's [`PATH`] when it is
/// on this machine (a loopback host, as the lab's mocks are), so the mock GitHub; nowhere
/// when it is elsewhere (the real GitHub).
pub fn mock_url(github_url: &str) -> Option<String> {
    let uri = github_url.parse::<Uri>().ok()?;
    let (scheme, host) = (uri.scheme_str()?, uri.host()?);
    let port = uri
        .port_u16()
        .map(|port| format!(":{port}"))
        .unwrap_or_default();
    crate::reach::is_loopback(host).then(|| format!("{scheme}://{host}{port}{PATH}"))
}

/// What the layer runs for each request.
type Watch =
    fn(State<Arc<Reporter>>, Request, Next) -> Pin<Box<dyn Future<Output = Response> + Send>>;

/// The layer [`layer`] returns: add it to a router with `.layer(...)`.
pub type ReportLayer = FromFnLayer<Watch, Arc<Reporter>, (State<Arc<Reporter>>, Request)>;

/// The layer that reports the app's logins, logouts and disconnects to `to` (a mock's
/// [`PATH`], as [`mock_url`] finds it); with `None` every answer passes unreported. It must
/// be outside the layer that writes cookies (tower-cookies' `CookieManagerLayer`), where a
/// login's `Set-Cookie` is on the answer.
pub fn layer(to: Option<String>) -> ReportLayer {
    from_fn_with_state(Arc::new(Reporter::new(to)), watch as Watch)
}

/// Where reports go, or nowhere.
#[derive(Debug)]
pub struct Reporter {
    to: Option<Destination>,
}

/// A mock's [`PATH`], the client that posts to it, and the queue of reports not yet posted,
/// made at the first report (when the runtime is there for its task).
#[derive(Debug)]
struct Destination {
    url: String,
    http: reqwest::Client,
    queue: OnceLock<mpsc::Sender<Report>>,
}

impl Reporter {
    fn new(to: Option<String>) -> Reporter {
        let to = to.and_then(|url| match client() {
            Ok(http) => Some(Destination {
                url,
                http,
                queue: OnceLock::new(),
            }),
            Err(error) => {
                tracing::warn!(%error, %url, "no client to report app events with");
                None
            }
        });
        Reporter { to }
    }

    /// Queues `report` for the task that posts them; returns at once. A full queue (the
    /// timeline far behind) drops it.
    fn send(&self, report: Report) {
        let Some(to) = &self.to else {
            return;
        };
        let queue = to.queue.get_or_init(|| {
            let (queue, reports) = mpsc::channel(QUEUE);
            tokio::spawn(post_in_turn(to.url.clone(), to.http.clone(), reports));
            queue
        });
        if let Err(error) = queue.try_send(report) {
            tracing::debug!(url = %to.url, %error, "an app event was not reported");
        }
    }
}

/// The client that posts reports: within [`TIMEOUT`], following no redirect.
fn client() -> reqwest::Result<reqwest::Client> {
    let client = reqwest::Client::builder().timeout(TIMEOUT);
    client.redirect(reqwest::redirect::Policy::none()).build()
}

/// Posts the reports one after the other, so that the timeline has them in the order the
/// app answered; ends with the layer.
async fn post_in_turn(url: String, http: reqwest::Client, mut reports: mpsc::Receiver<Report>) {
    while let Some(report) = reports.recv().await {
        let kind = report.kind;
        match http.post(&url).json(&report).send().await {
            Ok(answer) if answer.status().is_success() => {}
            Ok(answer) => {
                let status = answer.status();
                tracing::debug!(%url, %status, ?kind, "the timeline refused an app event");
            }
            Err(error) => tracing::debug!(%url, %error, ?kind, "could not report an app event"),
        }
    }
}

fn watch(
    State(reporter): State<Arc<Reporter>>,
    request: Request,
    next: Next,
) -> Pin<Box<dyn Future<Output = Response> + Send>> {
    let route = route(request.method(), request.uri().path()).filter(|_| reporter.to.is_some());
    Box::pin(async move {
        let response = next.run(request).await;
        if let Some((kind, provider)) = route
            && happened(kind, response.status(), response.headers())
        {
            let details = response
                .extensions()
                .get::<Details>()
                .cloned()
                .unwrap_or_default();
            reporter.send(Report {
                kind,
                provider,
                details,
            });
        }
        response
    })
}

#[cfg(test)]
mod tests;
