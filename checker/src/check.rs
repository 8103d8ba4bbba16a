//! What every exercise works with: [`Ctx`] (the browser, the steps so far, the revocation
//! guard) and [`Failure`] (expected, actual, hint).
//!
//! The guard is the lesson's point: when a step ends, unless it was a disconnect, the checker
//! reads both mocks' revocation logs, and any new call there fails the check with "token
//! revoked unnecessarily". Steps end when the next one starts or the check finishes, so no
//! exercise can forget it.

use std::time::{Duration, Instant};

use url::Url;

use crate::catalog::{Catalog, Exercise};
use crate::client::{Browser, Log};
use crate::mocks::{MockApi, Provider, Revocation};
use crate::report::{Status, Step};

/// How long a check's last step waits before its revocation guard. An app may revoke without
/// waiting for the call (a `fetch` not awaited), so the call reaches the mock just after the
/// app's answer; the next step's guard sees it, but after the last step there is none.
pub const SETTLE: Duration = Duration::from_millis(25);

/// Where a failure's hint comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Hint {
    /// A key of the exercise's `[exercise.hints]` in `exercises.toml`.
    Key(&'static str),
    /// Text given in full (the lesson's rule on unnecessary revocations).
    Text(String),
}

/// Why a check failed.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub message: String,
    pub expected: Option<String>,
    pub actual: Option<String>,
    pub hint: Hint,
    /// The step that failed; the runner fills it in when empty.
    pub step: Option<String>,
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            expected: None,
            actual: None,
            hint: Hint::Key("default"),
            step: None,
        }
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Failure {
        self.expected = Some(expected.into());
        self
    }

    pub fn actual(mut self, actual: impl Into<String>) -> Failure {
        self.actual = Some(actual.into());
        self
    }

    pub fn hint(mut self, key: &'static str) -> Failure {
        self.hint = Hint::Key(key);
        self
    }
}

/// A request that could not be made at all (connection refused mid-run, timeout...).
impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Failure {
        Failure::new("an HTTP request could not be completed")
            .expected("an answer")
            .actual(format!("{error:#}"))
    }
}

/// What the checks run against; shared by every check of a run.
#[derive(Clone)]
pub struct Env {
    pub app: Url,
    pub github: MockApi,
    pub google: MockApi,
    pub catalog: Catalog,
    /// The HTTP client all browsers of the run share.
    pub http: reqwest::Client,
    /// The `--verbose` transcript, if asked for.
    pub log: Option<Log>,
    /// How long a check's last step waits for late revocation calls.
    pub settle: Duration,
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

struct Current {
    name: String,
    started: Instant,
    disconnect: bool,
}

/// One check's running state.
pub struct Ctx<'a> {
    pub env: &'a Env,
    pub exercise: &'a Exercise,
    /// The student's browser.
    pub browser: Browser,
    /// The checker's own client for `/__mock/` (no cookies of the student's browser).
    pub inspector: Browser,
    steps: Vec<Step>,
    current: Option<Current>,
    /// The highest revocation `seq` seen, per provider (GitHub, Google).
    seen: [u64; 2],
    /// Whether the exercise drives the app, and so whether the revocation guard applies.
    guard: bool,
    /// The running step's name, readable by the runner if the check times out.
    progress: Progress,
}

/// The name of the step a check is in, shared with the runner.
pub type Progress = std::sync::Arc<std::sync::Mutex<Option<String>>>;

fn index(provider: Provider) -> usize {
    match provider {
        Provider::GitHub => 0,
        Provider::Google => 1,
    }
}

impl<'a> Ctx<'a> {
    /// A fresh browser, and the revocation logs read so that only later calls count.
    pub async fn new(
        env: &'a Env,
        exercise: &'a Exercise,
        progress: Progress,
    ) -> Result<Ctx<'a>, Failure> {
        let mut ctx = Ctx {
            env,
            exercise,
            browser: Browser::new(&env.http, env.log.clone()),
            inspector: Browser::new(&env.http, env.log.clone()),
            steps: vec![],
            current: None,
            seen: [0, 0],
            guard: crate::exercises::needs_app(&exercise.id),
            progress,
        };
        if !ctx.guard {
            return Ok(ctx);
        }
        for provider in Provider::BOTH {
            let log = env.mock(provider).revocations(&mut ctx.inspector).await?;
            ctx.seen[index(provider)] = log.iter().map(|r| r.seq).max().unwrap_or(0);
        }
        Ok(ctx)
    }

    pub fn catalog(&self) -> &Catalog {
        &self.env.catalog
    }

    /// Ends the current step (with the revocation guard) and starts a new one.
    pub async fn step(&mut self, name: impl Into<String>) -> Result<(), Failure> {
        self.begin(name.into(), false).await
    }

    /// Ends the current step and starts a disconnect, the one kind of step allowed to revoke:
    /// the check itself reads [`Ctx::new_revocations`] and judges them.
    pub async fn disconnect_step(&mut self, name: impl Into<String>) -> Result<(), Failure> {
        self.begin(name.into(), true).await
    }

    async fn begin(&mut self, name: String, disconnect: bool) -> Result<(), Failure> {
        self.end_step().await?;
        if let Ok(mut progress) = self.progress.lock() {
            *progress = Some(name.clone());
        }
        self.current = Some(Current {
            name,
            started: Instant::now(),
            disconnect,
        });
        Ok(())
    }

    /// Ends the check's last step, after giving late revocation calls `Env::settle`
    /// ([`SETTLE`] by default) to arrive: what the runner calls when a check returns.
    pub async fn finish(&mut self) -> Result<(), Failure> {
        if self.guard && self.current.is_some() {
            tokio::time::sleep(self.env.settle).await;
        }
        self.end_step().await
    }

    /// Ends the current step, with the revocation guard unless it is a disconnect.
    pub async fn end_step(&mut self) -> Result<(), Failure> {
        let Some(current) = self.current.take() else {
            return Ok(());
        };
        if self.guard && !current.disconnect {
            let calls = match self.new_revocations().await {
                Ok(calls) => calls,
                Err(mut failure) => {
                    self.steps.push(Step {
                        name: current.name.clone(),
                        status: Status::Fail,
                        duration: current.started.elapsed(),
                    });
                    failure.step = Some(current.name);
                    return Err(failure);
                }
            };
            if !calls.is_empty() {
                self.steps.push(Step {
                    name: current.name.clone(),
                    status: Status::Fail,
                    duration: current.started.elapsed(),
                });
                return Err(self.unnecessary(&current.name, &calls));
            }
        }
        self.steps.push(Step {
            name: current.name,
            status: Status::Pass,
            duration: current.started.elapsed(),
        });
        Ok(())
    }

    fn unnecessary(&self, step: &str, calls: &[(Provider, Revocation)]) -> Failure {
        let described: Vec<String> = calls.iter().map(|(p, r)| r.describe(*p)).collect();
        Failure {
            message: format!(
                "token revoked unnecessarily: during \"{step}\", which is not a disconnect, {}",
                described.join("; ")
            ),
            expected: Some(format!(
                "no call to a revocation endpoint during \"{step}\""
            )),
            actual: Some(described.join("\n")),
            hint: Hint::Text(self.catalog().rules.unnecessary_revocation.clone()),
            step: Some(step.to_string()),
        }
    }

    /// Revocation calls recorded since the last look, both providers, oldest first.
    pub async fn new_revocations(&mut self) -> Result<Vec<(Provider, Revocation)>, Failure> {
        let mut calls = Vec::new();
        for provider in Provider::BOTH {
            let log = self
                .env
                .mock(provider)
                .revocations(&mut self.inspector)
                .await?;
            let seen = &mut self.seen[index(provider)];
            for revocation in log {
                if revocation.seq > *seen {
                    *seen = revocation.seq;
                    calls.push((provider, revocation));
                }
            }
        }
        Ok(calls)
    }

    /// The steps so far; a step still open when the check failed is added as failed.
    pub fn into_steps(mut self, failed: bool) -> (Vec<Step>, Option<String>) {
        let open = self.current.take().map(|current| {
            self.steps.push(Step {
                name: current.name.clone(),
                status: if failed { Status::Fail } else { Status::Pass },
                duration: current.started.elapsed(),
            });
            current.name
        });
        (self.steps, open)
    }
}
