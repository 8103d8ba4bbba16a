//! Starting a mock on a bound listener, and the handle that stops it.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::api::Provider;
use crate::config::SeedFile;
use crate::store::{Limits, Store};
use crate::{admin, faults, github, google};

/// One running mock's shared state, as every handler sees it.
#[derive(Debug)]
pub struct Mock {
    pub store: Store,
    /// Where this mock is reachable, without a trailing slash, e.g. `http://127.0.0.1:3001`.
    pub base_url: String,
}

impl Mock {
    pub fn provider(&self) -> Provider {
        self.store.provider
    }

    /// An absolute URL on this mock.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }
}

/// Options shared by both mocks.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Seed users and clients (defaults when empty).
    pub seeds: SeedFile,
    /// Log sizes.
    pub limits: Limits,
}

/// A running mock: its address, its state, and the way to stop it.
#[derive(Debug)]
pub struct MockServer {
    mock: Arc<Mock>,
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl MockServer {
    /// The base URL, e.g. `http://127.0.0.1:3001`.
    pub fn url(&self) -> &str {
        &self.mock.base_url
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The mock's state, for in-process inspection.
    pub fn store(&self) -> &Store {
        &self.mock.store
    }

    /// Stops accepting connections and waits for the server task to end.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.task).await;
    }

    /// Waits until the server stops (it runs until `shutdown` or the process ends).
    pub async fn wait(self) {
        let _ = self.task.await;
    }
}

/// Starts the mock GitHub on `listener`.
pub async fn start_github(listener: TcpListener, options: &Options) -> std::io::Result<MockServer> {
    let store = Store::github(options.seeds.github(), options.limits);
    serve(listener, store, github::router()).await
}

/// Starts the mock Google on `listener`.
pub async fn start_google(listener: TcpListener, options: &Options) -> std::io::Result<MockServer> {
    let store = Store::google(options.seeds.google(), options.limits);
    serve(listener, store, google::router()).await
}

/// Both mocks, as the checker and demos start them.
#[derive(Debug)]
pub struct MockProviders {
    pub github: MockServer,
    pub google: MockServer,
}

impl MockProviders {
    /// Starts both mocks on the given listeners.
    pub async fn start(
        github: TcpListener,
        google: TcpListener,
        options: &Options,
    ) -> std::io::Result<Self> {
        Ok(MockProviders {
            github: start_github(github, options).await?,
            google: start_google(google, options).await?,
        })
    }

    /// Starts both mocks on free loopback ports: what tests want.
    pub async fn start_on_free_ports(options: &Options) -> std::io::Result<Self> {
        let github = TcpListener::bind("127.0.0.1:0").await?;
        let google = TcpListener::bind("127.0.0.1:0").await?;
        Self::start(github, google, options).await
    }

    pub async fn shutdown(self) {
        self.github.shutdown().await;
        self.google.shutdown().await;
    }
}

async fn serve(
    listener: TcpListener,
    store: Store,
    routes: Router<Arc<Mock>>,
) -> std::io::Result<MockServer> {
    let addr = listener.local_addr()?;
    let host = if addr.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        addr.ip().to_string()
    };
    let host = if addr.is_ipv6() && !addr.ip().is_unspecified() {
        format!("[{host}]")
    } else {
        host
    };
    let mock = Arc::new(Mock {
        store,
        base_url: format!("http://{host}:{}", addr.port()),
    });
    let app = routes
        .merge(admin::router())
        .layer(axum::middleware::from_fn_with_state(
            mock.clone(),
            faults::middleware,
        ))
        .with_state(mock.clone());
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let server = axum::serve(listener, app).with_graceful_shutdown(async move {
            let _ = rx.await;
        });
        if let Err(error) = server.await {
            tracing::error!(%error, "mock server stopped");
        }
    });
    Ok(MockServer {
        mock,
        addr,
        shutdown: Some(tx),
        task,
    })
}
