//! Getting an app and two mock providers to check (a lab, see [`Labs`]): by default all three
//! in-process on free ports with a fresh temporary database, a lab for each check; with
//! `--app-url`, an app someone started (in any language), with the mocks at `--github-url` /
//! `--google-url`, started here when nothing answers there. Either way the mocks accept the
//! app's redirect URIs: seeded in-process, registered over HTTP otherwise.
//!
//! Anything that prevents a run is a [`CannotRun`] with one plain message saying what to do:
//! the checker then exits 2 instead of failing every check.

use std::net::SocketAddr;

use common::defaults;
use tokio::net::TcpListener;
use url::Url;

mod labs;
mod register;

pub use self::labs::{Lab, Labs, Transcript};
use self::register::register_redirect_uris;
use crate::apps::OurApp;
use crate::client::{Browser, Log};
use crate::mocks::MockApi;
use crate::report::MockOrigin;
use common::Provider;

/// Why the checker could not run, said once, with what to do.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct CannotRun(pub String);

/// Where to find (or whether to start) the app and the mocks.
#[derive(Debug, Clone)]
pub struct Targets {
    /// An app already running; `None` starts `ours` in-process.
    pub app_url: Option<Url>,
    /// Which of our apps to start when there is no `app_url`.
    pub ours: OurApp,
    pub github_url: Url,
    pub google_url: Url,
}

impl Default for Targets {
    fn default() -> Targets {
        Targets {
            app_url: None,
            ours: OurApp::default(),
            github_url: Url::parse(defaults::MOCK_GITHUB_URL).expect("a valid URL"),
            google_url: Url::parse(defaults::MOCK_GOOGLE_URL).expect("a valid URL"),
        }
    }
}

impl Targets {
    /// What was asked for, as the report names it before anything is started.
    pub fn requested(&self) -> crate::report::Target {
        match &self.app_url {
            None => crate::report::Target::in_process(self.ours),
            Some(app) => crate::report::Target {
                app_url: app.to_string(),
                github_url: self.github_url.to_string(),
                google_url: self.google_url.to_string(),
                ours: None,
                github_mock: None,
                google_mock: None,
            },
        }
    }
}

/// What is running for this run; dropping it stops whatever the checker started.
pub struct Running {
    pub app: Url,
    pub github: Url,
    pub google: Url,
    /// Whether each mock (GitHub, Google) was started here or found running.
    pub origins: [MockOrigin; 2],
    _mocks: Option<mock_providers::MockProviders>,
    _single_mocks: Vec<mock_providers::MockServer>,
    _app: Option<common::Server>,
    _db: Option<tempfile::TempDir>,
}

impl Running {
    /// Where this run's servers answer, as the report names them.
    pub fn target(&self) -> crate::report::Target {
        let shown = |url: &Url| url.as_str().trim_end_matches('/').to_string();
        crate::report::Target {
            app_url: shown(&self.app),
            github_url: shown(&self.github),
            google_url: shown(&self.google),
            ours: None,
            github_mock: Some(self.origins[0]),
            google_mock: Some(self.origins[1]),
        }
    }
}

fn base(url: &str) -> Url {
    Url::parse(url).expect("servers report valid URLs")
}

/// Starts or finds everything, and registers the app's redirect URIs with the mocks.
pub async fn start(
    targets: &Targets,
    http: &reqwest::Client,
    log: Option<Log>,
) -> Result<Running, CannotRun> {
    start_with(targets, http, log, &mock_providers::Options::default()).await
}

/// As [`start`], with in-process mocks started with `mocks` (the instructor's load mode seeds a
/// class).
pub async fn start_with(
    targets: &Targets,
    http: &reqwest::Client,
    log: Option<Log>,
    mocks: &mock_providers::Options,
) -> Result<Running, CannotRun> {
    match &targets.app_url {
        None => in_process(targets.ours, mocks).await,
        Some(app) => {
            let mut running = external(targets, app, http, log.clone()).await?;
            register_redirect_uris(&mut running, http, log).await?;
            Ok(running)
        }
    }
}

/// Mocks and `ours` in this process, on free ports, the app with a new database in a
/// temporary folder; the mocks start with the app's callbacks registered.
async fn in_process(ours: OurApp, options: &mock_providers::Options) -> Result<Running, CannotRun> {
    let failed = |what: &str, e: &dyn std::fmt::Display| {
        CannotRun(format!("could not start {what} in-process: {e:#}"))
    };
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| failed(ours.name(), &e))?;
    let addr = listener.local_addr().map_err(|e| failed(ours.name(), &e))?;
    let app_url = format!("http://{addr}");
    let options = mock_providers::Options {
        seeds: options.seeds.clone().with_app(&app_url),
        ..options.clone()
    };
    let mocks = mock_providers::MockProviders::start_on_free_ports(&options)
        .await
        .map_err(|e| failed("the mock providers", &e))?;
    let db = tempfile::tempdir().map_err(|e| failed("a folder for the app's database", &e))?;
    let database = db.path().join("logout-lab.db");
    let server = ours
        .serve(listener, &database, mocks.github.url(), mocks.google.url())
        .await
        .map_err(|e| failed(ours.name(), &format!("{e:#}")))?;
    Ok(Running {
        app: base(&app_url),
        github: base(mocks.github.url()),
        google: base(mocks.google.url()),
        origins: [MockOrigin::InProcess; 2],
        _mocks: Some(mocks),
        _single_mocks: vec![],
        _app: Some(server),
        _db: Some(db),
    })
}

/// An app already running; mocks found at their URLs or started there.
async fn external(
    targets: &Targets,
    app: &Url,
    http: &reqwest::Client,
    log: Option<Log>,
) -> Result<Running, CannotRun> {
    for (flag, url) in [
        ("app", app),
        ("github", &targets.github_url),
        ("google", &targets.google_url),
    ] {
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(CannotRun(format!(
                "--{flag}-url {url} is not an http:// or https:// address; write it in full, \
                 like http://localhost:3000."
            )));
        }
    }
    let mut probe = Browser::new(http, log.clone());
    let home = match probe.get(app).await {
        Ok(home) => home,
        Err(error) => {
            return Err(CannotRun(format!(
                "cannot reach the app at {app} ({}). Start it first (ours: `cargo run -p app`), \
                 or pass --app-url with the address it listens on; without --app-url the \
                 checker starts our app itself.",
                root_cause(&error)
            )));
        }
    };
    if let Some(base) = moved_to_its_base_url(app, &home) {
        return Err(CannotRun(format!(
            "the app at {app} sends the browser to {base}: that is its BASE_URL, and the \
             address its cookies belong to. Pass --app-url {base}."
        )));
    }
    let mut started = Vec::new();
    let mut origins = [MockOrigin::Found; 2];
    for (provider, url) in [
        (Provider::GitHub, &targets.github_url),
        (Provider::Google, &targets.google_url),
    ] {
        if let Some(server) = ensure_mock(provider, url, http, log.clone()).await? {
            started.push(server);
            origins[crate::context::index(provider)] = MockOrigin::Started;
        }
    }
    Ok(Running {
        app: app.clone(),
        github: targets.github_url.clone(),
        google: targets.google_url.clone(),
        origins,
        _mocks: None,
        _single_mocks: started,
        _app: None,
        _db: None,
    })
}

/// The origin an app at `app` sends its home page to, when it is another one: an app that
/// moves every request to its base URL (ours do, when opened at another host).
fn moved_to_its_base_url(app: &Url, home: &crate::client::Response) -> Option<String> {
    let location = home.location().filter(|_| home.is_redirect())?;
    let moved = location.origin() != app.origin() && location.path() == app.path();
    moved.then(|| location.origin().ascii_serialization())
}

fn root_cause(error: &anyhow::Error) -> String {
    let text = format!("{:#}", error.root_cause());
    if text.contains("Connection refused") || text.contains("connection refused") {
        "connection refused: nothing listens there".into()
    } else {
        text
    }
}

/// Uses the mock at `url` if one answers, else starts one there.
async fn ensure_mock(
    provider: Provider,
    url: &Url,
    http: &reqwest::Client,
    log: Option<Log>,
) -> Result<Option<mock_providers::MockServer>, CannotRun> {
    let mut probe = Browser::new(http, log);
    let api = MockApi::new(provider, url);
    match probe
        .get(&api.base.join("/__mock/revocations").expect("a path"))
        .await
    {
        Ok(response) if response.status == 200 && response.json().is_some() => return Ok(None),
        Ok(response) => {
            return Err(CannotRun(format!(
                "{url} answers, but not as the mock {} (GET /__mock/revocations gave {}). \
                 Pass --{}-url with the mock's address.",
                provider.name(),
                response.describe(),
                provider.slug()
            )));
        }
        Err(_) => {}
    }
    let addr: Option<SocketAddr> = url
        .socket_addrs(|| Some(80))
        .ok()
        .and_then(|addrs| addrs.into_iter().next());
    let listener = match addr {
        Some(addr) => TcpListener::bind(addr).await.ok(),
        None => None,
    };
    let Some(listener) = listener else {
        return Err(CannotRun(format!(
            "nothing answers at {url} and the checker cannot start the mock {} there. \
             Start it (`cargo run -p mock-providers`) or pass --{}-url.",
            provider.name(),
            provider.slug()
        )));
    };
    let options = Default::default();
    let server = match provider {
        Provider::GitHub => mock_providers::start_github(listener, &options).await,
        Provider::Google => mock_providers::start_google(listener, &options).await,
    }
    .map_err(|e| CannotRun(format!("could not start the mock {}: {e}", provider.name())))?;
    Ok(Some(server))
}
