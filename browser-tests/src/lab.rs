//! An app and both mocks, in-process on free ports, as an instructor runs them for a demo:
//! either the course's app (`app/`, [`Lab::course`]), the lesson's model answer, with the
//! mocks seeded to accept its callbacks; or the hardened app (`hardened-app/`,
//! [`Lab::hardened`]), which registers its callbacks with the mocks itself, reports what it
//! does to the mocks' timeline, and retries queued revocations within a second.

use anyhow::Context;
use common::Server;
use mock_providers::config::SeedFile;
use mock_providers::{MockProviders, Options};
use tokio::net::TcpListener;

/// The running app and mocks; they stop when this is dropped.
pub struct Lab {
    pub app: Server,
    /// Where the app answers: `http://localhost:PORT`, also its base URL.
    pub app_url: String,
    pub mocks: MockProviders,
    /// Holds the app's database.
    _dir: tempfile::TempDir,
}

impl Lab {
    /// The course's app: the mocks' default clients accept its callbacks from the start (it
    /// registers nothing itself); it reports its logins, logouts and disconnects to the
    /// timeline without naming the user.
    pub async fn course() -> anyhow::Result<Lab> {
        let (listener, app_url) = bind().await?;
        let options = Options {
            seeds: SeedFile::default().with_app(&app_url),
            ..Options::default()
        };
        let mocks = MockProviders::start_on_free_ports(&options).await?;
        let dir = tempfile::tempdir()?;
        let (github, google) = (mocks.github.url(), mocks.google.url());
        let config = app::Config::mock(&app_url, dir.path().join("app.db"), github, google);
        let app = app::serve(listener, config).await.context("the app")?;
        Ok(Lab {
            app,
            app_url,
            mocks,
            _dir: dir,
        })
    }

    /// The hardened app as in mock mode: it registers its callbacks with the mocks at start,
    /// reports its logins, logouts and disconnects to the timeline, and its revocation queue
    /// retries within a second, so that a walk waits little for it.
    pub async fn hardened() -> anyhow::Result<Lab> {
        let (listener, app_url) = bind().await?;
        let mocks = MockProviders::start_on_free_ports(&Options::default()).await?;
        let dir = tempfile::tempdir()?;
        let mut config = hardened_app::Config::new(
            &app_url,
            dir.path().join("app.db"),
            mocks.github.url(),
            mocks.google.url(),
        );
        let timeline = format!("{}/__mock/app-events", mocks.github.url());
        config.timeline = Some(timeline.parse().context("the timeline's URL")?);
        config.retry = hardened_app::backoff::Backoff {
            first: std::time::Duration::from_millis(200),
            cap: std::time::Duration::from_secs(1),
        };
        for line in hardened_app::mock_clients::register(&config).await {
            anyhow::ensure!(line.starts_with("Registered "), "{line}");
        }
        let app = hardened_app::serve(listener, config)
            .await
            .context("the hardened app")?;
        Ok(Lab {
            app,
            app_url,
            mocks,
            _dir: dir,
        })
    }

    /// Takes the mock GitHub's revocation endpoint down (every call answers 503) or brings
    /// it back.
    pub fn github_down(&self, down: bool) {
        let mut store = self.mocks.github.store().lock();
        store.faults.clear();
        if down {
            store.faults.push(mock_providers::faults::Fault {
                endpoint: "revoke_token".into(),
                remaining: u32::MAX,
                status: Some(503),
                delay_ms: None,
                drop_connection: false,
            });
        }
    }

    /// A page of the app.
    pub fn app(&self, path: &str) -> String {
        format!("{}{path}", self.app_url)
    }

    /// A page of the mock GitHub.
    pub fn github(&self, path: &str) -> String {
        format!("{}{path}", self.mocks.github.url())
    }

    /// A page of the mock Google.
    pub fn google(&self, path: &str) -> String {
        format!("{}{path}", self.mocks.google.url())
    }
}

/// A free port on 127.0.0.1, and the app's URL on it: `http://localhost:PORT` (the mocks'
/// clients know `localhost` callbacks, and cookies are per host name).
async fn bind() -> anyhow::Result<(TcpListener, String)> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let app_url = format!("http://localhost:{}", listener.local_addr()?.port());
    Ok((listener, app_url))
}
