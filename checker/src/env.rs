//! What a check works against: its lab's app and mocks, and the run's catalog and HTTP client.

use std::time::Duration;

use common::Provider;
use url::Url;

use crate::answers::Answers;
use crate::catalog::Catalog;
use crate::client::Log;
use crate::mocks::{Calls, MockApi};

/// What a check runs against: the addresses of its lab (its own in-process, the shared one
/// with `--app-url`, see [`crate::harness::Labs`]) and what every check of a run shares.
#[derive(Clone)]
pub struct Env {
    pub app: Url,
    pub github: MockApi,
    pub google: MockApi,
    pub catalog: Catalog,
    /// Where the student's answers are read.
    pub answers: Answers,
    /// The HTTP client all browsers of the run share.
    pub http: reqwest::Client,
    /// The `--verbose` transcript, if asked for.
    pub log: Option<Log>,
    /// How long a check's last step waits for late revocation calls.
    pub settle: Duration,
    /// Whether the steps' events come with the app's calls in full, for the HTML report.
    pub calls: Calls,
    /// How long `disconnect-outage` waits, once the provider is back, for the revocation.
    pub outage_wait: Duration,
    /// Whether the app is this workspace's own, started in-process: then hints point at its
    /// Rust code; an app at `--app-url` (any language) gets the neutral ones.
    pub own_app: bool,
}

impl Env {
    pub fn mock(&self, provider: Provider) -> &MockApi {
        match provider {
            Provider::GitHub => &self.github,
            Provider::Google => &self.google,
        }
    }

    /// A URL on the app.
    pub fn app_url(&self, path: &str) -> Url {
        self.app.join(path).expect("a valid path")
    }
}
