//! One student's cycle, the lesson's: log in, `/me`, log out, `/me` is 401, log in again,
//! `/me`; every [`LINK_EVERY`]th cycle also link the other provider and disconnect it. Each
//! step is timed; a `/me` that answers 401 after a login is a session lost, one that answers
//! another student a session crossed.

use std::time::Instant;

use checker::client::{Browser, Response};
use checker::context::Failure;
use checker::exercises::flow::{self, Parties};
use common::Provider;
use url::Url;

use super::class::Student;
use super::figures::{Recorder, Step};

/// How often a cycle links and disconnects the other provider.
pub const LINK_EVERY: u64 = 5;

/// Where a student's requests go.
pub struct Targets {
    pub app: Url,
    pub github: Url,
    pub google: Url,
}

impl Targets {
    fn parties(&self, provider: Provider) -> Parties {
        let mock = match provider {
            Provider::GitHub => self.github.clone(),
            Provider::Google => self.google.clone(),
        };
        Parties {
            app: self.app.clone(),
            mock,
        }
    }

    fn app(&self, path: &str) -> Url {
        self.app.join(path).expect("a valid path")
    }
}

/// A student at work: their browser, and their cycles so far.
pub struct Desk<'a> {
    pub student: &'a Student,
    pub browser: Browser,
    pub targets: &'a Targets,
    pub recorder: &'a Recorder,
    pub done: u64,
}

/// Why a cycle stopped: the step, and what went wrong.
type Stopped = (Step, String);

impl Desk<'_> {
    /// One whole cycle; an error ends it (the next starts afresh) and is counted.
    pub async fn cycle(&mut self) {
        match self.steps().await {
            Ok(()) => {
                self.done += 1;
                self.recorder.cycle();
            }
            Err((step, message)) => self.recorder.error(step, &message),
        }
    }

    async fn steps(&mut self) -> Result<(), Stopped> {
        let via = self.student.via;
        self.login(Step::Login, via).await?;
        self.me().await?;
        self.post_ok(Step::Logout, "/logout").await?;
        self.logged_out().await?;
        self.login(Step::Relogin, via).await?;
        self.me().await?;
        if self.student.links && self.done % LINK_EVERY == LINK_EVERY - 1 {
            let other = self.student.other();
            self.login(Step::Link, other).await?;
            let path = format!("/disconnect/{}", other.slug());
            self.post_ok(Step::Disconnect, &path).await?;
        }
        Ok(())
    }

    async fn login(&mut self, step: Step, provider: Provider) -> Result<(), Stopped> {
        let parties = self.targets.parties(provider);
        let account = self.student.account(provider);
        let started = Instant::now();
        let login = flow::login_with(&mut self.browser, &parties, provider, account).await;
        self.recorder.step(step, started.elapsed());
        login.map(drop).map_err(|f: Failure| (step, f.message))
    }

    /// `GET path`, timed as `step`.
    async fn get(&mut self, step: Step, path: &str) -> Result<Response, Stopped> {
        let url = self.targets.app(path);
        let started = Instant::now();
        let response = self.browser.get(&url).await;
        self.recorder.step(step, started.elapsed());
        response.map_err(|e| (step, format!("GET {path}: {e:#}")))
    }

    /// `GET /me`: 200 with the student's own email; a 401 is a lost session, another
    /// student's JSON a crossed one.
    async fn me(&mut self) -> Result<(), Stopped> {
        let step = Step::Me;
        let response = self.get(step, "/me").await?;
        if response.status == 401 {
            self.recorder.lost();
            return Err((
                step,
                "a session lost: /me answered 401 after a login".into(),
            ));
        }
        let email = response
            .json()
            .and_then(|v| v["email"].as_str().map(str::to_string));
        match email {
            Some(email) if email == self.student.email => Ok(()),
            Some(_) => {
                self.recorder.crossed();
                Err((
                    step,
                    "a session crossed: /me answered another student".into(),
                ))
            }
            None => Err((step, format!("/me answered {}", response.describe()))),
        }
    }

    /// `GET /me` after the logout: 401.
    async fn logged_out(&mut self) -> Result<(), Stopped> {
        let step = Step::MeLoggedOut;
        let response = self.get(step, "/me").await?;
        match response.status {
            401 => Ok(()),
            _ => Err((
                step,
                format!("/me after logout answered {}", response.describe()),
            )),
        }
    }

    /// `POST path`, timed as `step`, which must answer a 2xx.
    async fn post_ok(&mut self, step: Step, path: &str) -> Result<(), Stopped> {
        let url = self.targets.app(path);
        let started = Instant::now();
        let response = self.browser.post(&url).await;
        self.recorder.step(step, started.elapsed());
        let response = response.map_err(|e| (step, format!("POST {path}: {e:#}")))?;
        if (200..300).contains(&response.status) {
            Ok(())
        } else {
            Err((
                step,
                format!("POST {path} answered {}", response.describe()),
            ))
        }
    }
}
