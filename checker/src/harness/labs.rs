//! Where each check runs. A lab is an app and the two mocks it signs people in with.
//!
//! In-process, every check that drives the app gets a fresh lab of its own: a new app with an
//! empty database and new mocks, on free ports. Nothing one check does can reach another,
//! so the checks run at once (`--jobs`), and a revocation an app sends late is still judged
//! in the check that caused it, because only that check's steps read that lab's mocks. An app
//! at `--app-url` is one lab that every check shares: its checks run one after another, and
//! each check's judge reads what the mocks logged while it ran.

use common::Provider;
use std::sync::{Arc, Mutex};

use super::{CannotRun, Running, Targets};
use crate::apps::OurApp;
use crate::catalog::Exercise;
use crate::client::Log;
use crate::context::Env;
use crate::mocks::MockApi;
use crate::report::Target;

/// The labs of one run.
pub enum Labs {
    /// One app and one pair of mocks for every check (`--app-url`), which `Env` points at;
    /// the mocks this run started, if any, stay up until the labs are dropped. None when no
    /// check drives the app.
    Shared(Lab),
    /// A fresh lab for each check that drives the app (in-process), started when the check
    /// starts, with a new app of `ours`; the run's first lab, started to see that a lab
    /// starts at all, goes to the first.
    Fresh {
        ours: OurApp,
        first: Mutex<Option<Running>>,
        /// How many checks run at once.
        jobs: usize,
    },
}

/// The servers of a lab that this run started, if it started any; stopped when dropped.
pub type Lab = Option<Running>;

impl Labs {
    /// The labs of a run whose checks drive the app: fresh ones in-process, the first started
    /// now, with `jobs` checks at once (`None`: every check); or the app at `--app-url`.
    pub async fn start(
        targets: &Targets,
        http: &reqwest::Client,
        log: Option<Log>,
        jobs: Option<usize>,
    ) -> Result<Labs, CannotRun> {
        if targets.app_url.is_some() {
            return Ok(Labs::Shared(Some(super::start(targets, http, log).await?)));
        }
        let first = super::in_process(targets.ours, &Default::default()).await?;
        Ok(Labs::Fresh {
            ours: targets.ours,
            first: Mutex::new(Some(first)),
            jobs: jobs.unwrap_or(usize::MAX).max(1),
        })
    }

    /// The one lab every check shares, when it is up.
    pub fn shared(&self) -> Option<&Running> {
        match self {
            Labs::Shared(lab) => lab.as_ref(),
            Labs::Fresh { .. } => None,
        }
    }

    /// Where the checks look, as the report names it.
    pub fn target(&self) -> Target {
        match self {
            Labs::Shared(lab) => lab.as_ref().map_or_else(Target::default, Running::target),
            Labs::Fresh { ours, .. } => Target::in_process(*ours),
        }
    }

    /// How many checks may run at once.
    pub fn jobs(&self) -> usize {
        match self {
            Labs::Shared(_) => 1,
            Labs::Fresh { jobs, .. } => *jobs,
        }
    }

    /// What `exercise` runs against: `env` itself when the labs are shared or the exercise
    /// does not drive the app, otherwise a fresh lab (kept alive by the returned handle),
    /// with its addresses written to the check's transcript.
    pub async fn env_for(
        &self,
        env: &Env,
        exercise: &Exercise,
        log: Option<Log>,
    ) -> Result<(Env, Lab), CannotRun> {
        let mut env = Env {
            log: log.clone(),
            ..env.clone()
        };
        let Labs::Fresh { ours, first, .. } = self else {
            return Ok((env, None));
        };
        if !exercise.id.drives_app() {
            return Ok((env, None));
        }
        let spare = first.lock().ok().and_then(|mut first| first.take());
        let lab = match spare {
            Some(lab) => lab,
            None => super::in_process(*ours, &Default::default()).await?,
        };
        if let Some(log) = &log {
            let at = lab.target();
            log(&format!(
                "   in a fresh lab: the app at {}, mock GitHub {}, mock Google {}",
                at.app_url, at.github_url, at.google_url
            ));
        }
        env.app = lab.app.clone();
        env.github = MockApi::new(Provider::GitHub, &lab.github);
        env.google = MockApi::new(Provider::Google, &lab.google);
        Ok((env, Some(lab)))
    }
}

/// A check's `--verbose` transcript: written as it goes, or kept until the checks before it
/// have written theirs.
pub struct Transcript {
    to: Option<Log>,
    kept: Option<Arc<Mutex<Vec<String>>>>,
}

impl Transcript {
    /// The transcript of one check, kept back when checks overlap.
    pub fn new(to: Option<Log>, overlap: bool) -> Transcript {
        let kept = (to.is_some() && overlap).then(Arc::default);
        Transcript { to, kept }
    }

    /// Where the check writes its lines.
    pub fn log(&self) -> Option<Log> {
        match &self.kept {
            Some(kept) => {
                let kept = Arc::clone(kept);
                Some(Arc::new(move |line: &str| {
                    if let Ok(mut lines) = kept.lock() {
                        lines.push(line.to_string());
                    }
                }))
            }
            None => self.to.clone(),
        }
    }

    /// Writes the lines kept back.
    pub fn flush(&self) {
        let (Some(to), Some(kept)) = (&self.to, &self.kept) else {
            return;
        };
        let lines = kept.lock().map(|mut l| std::mem::take(&mut *l));
        for line in lines.unwrap_or_default() {
            to(&line);
        }
    }
}
