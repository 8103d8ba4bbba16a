//! The app and both mocks, in-process on free ports, as an instructor runs them for a demo:
//! the app in mock mode registers its callbacks with the mocks at start and reports what it
//! does to the mocks' timeline.

use anyhow::Context;
use mock_providers::MockProviders;
use tokio::net::TcpListener;

/// The running app and mocks; they stop when this is dropped.
pub struct Lab {
    pub app: app::Server,
    pub app_url: String,
    pub mocks: MockProviders,
    _dir: tempfile::TempDir,
}

impl Lab {
    pub async fn start() -> anyhow::Result<Lab> {
        let mocks = MockProviders::start_on_free_ports(&Default::default()).await?;
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let app_url = format!("http://localhost:{}", listener.local_addr()?.port());
        let dir = tempfile::tempdir()?;
        let mut config = app::Config::new(
            &app_url,
            dir.path().join("app.db"),
            mocks.github.url(),
            mocks.google.url(),
        );
        // As in mock mode: the app reports its logins, logouts and disconnects to the
        // timeline.
        let timeline = format!("{}/__mock/app-events", mocks.github.url());
        config.timeline = Some(timeline.parse().context("the timeline's URL")?);
        // The revocation queue retries within a second, so a walk waits little for it.
        config.retry = app::backoff::Backoff {
            first: std::time::Duration::from_millis(200),
            cap: std::time::Duration::from_secs(1),
        };
        for line in app::mock_clients::register(&config).await {
            anyhow::ensure!(line.starts_with("Registered "), "{line}");
        }
        let app = app::serve(listener, config).await.context("the app")?;
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
            store.faults.push(mock_providers::api::Fault {
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
