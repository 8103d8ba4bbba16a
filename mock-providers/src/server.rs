//! Starting a mock on a bound listener, and the handle that stops it ([`common::Server`],
//! with the mock's state).

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use axum::Router;
use common::Provider;
use common::Server;
use tokio::net::TcpListener;

use crate::app_events::AppEvents;
use crate::config::SeedFile;
use crate::state::Mock;
use crate::store::{Limits, Retention, Store};
use crate::{admin, avatars, faults, framing, github, google, recording};

/// Options shared by both mocks.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Seed users and clients (defaults when empty).
    pub seeds: SeedFile,
    /// Log sizes.
    pub limits: Limits,
    /// How long ended tokens, spent codes and idle provider sessions are kept, and how many
    /// at most (a load that reads them after a long run asks for longer).
    pub retention: Retention,
    /// Host names besides this machine's own (`localhost`, loopback addresses) and the
    /// mock's address under which `/__mock/` answers, e.g. `host.docker.internal` for an
    /// app in a container.
    pub allowed_hosts: Vec<String>,
}

/// A running mock: the [`Server`] and the mock's state.
#[derive(Debug)]
pub struct MockServer {
    mock: Arc<Mock>,
    server: Server,
}

impl MockServer {
    /// The base URL, e.g. `http://127.0.0.1:3001`.
    pub fn url(&self) -> &str {
        &self.mock.base_url
    }

    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// The mock's state, for in-process inspection.
    pub fn store(&self) -> &Store {
        &self.mock.store
    }

    /// The app's events this mock shares with its peer.
    pub fn app_events(&self) -> &AppEvents {
        &self.mock.app_events
    }

    /// Ends the live event streams, stops accepting connections and waits for the server
    /// task to end.
    pub async fn shutdown(self) {
        self.mock.store.lock().close_streams();
        self.server.shutdown().await;
    }

    /// Waits until the server stops (it runs until `shutdown` or the process ends).
    pub async fn wait(self) {
        self.server.wait().await;
    }
}

/// Starts the mock GitHub on `listener`, alone: its timeline shows it only.
pub async fn start_github(listener: TcpListener, options: &Options) -> std::io::Result<MockServer> {
    start_one(Provider::GitHub, listener, options, app_events(options)).await
}

/// Starts the mock Google on `listener`, alone: its timeline shows it only.
pub async fn start_google(listener: TcpListener, options: &Options) -> std::io::Result<MockServer> {
    start_one(Provider::Google, listener, options, app_events(options)).await
}

/// A fresh log of app events, as long as a mock's event log.
fn app_events(options: &Options) -> Arc<AppEvents> {
    let limits = options.limits;
    Arc::new(AppEvents::new(limits.events, limits.side_log_bytes()))
}

/// Starts the mock of `provider` on `listener`, keeping the app's events in `app_events`.
async fn start_one(
    provider: Provider,
    listener: TcpListener,
    options: &Options,
    app_events: Arc<AppEvents>,
) -> std::io::Result<MockServer> {
    let base_url = common::server::url_of(listener.local_addr()?);
    let store = match provider {
        Provider::GitHub => {
            let seeds = avatars::resolve_github(options.seeds.github(), &base_url);
            Store::github(seeds, (options.limits, options.retention))
        }
        Provider::Google => {
            let seeds = avatars::resolve_google(options.seeds.google(), &base_url);
            Store::google(seeds, (options.limits, options.retention))
        }
    };
    let mock = Arc::new(Mock {
        store,
        base_url,
        hosts: options.allowed_hosts.clone(),
        app_events,
        peer: OnceLock::new(),
    });
    let routes = match provider {
        Provider::GitHub => github::router(&mock),
        Provider::Google => google::router(&mock),
    };
    serve(listener, mock, routes).await
}

/// Both mocks, as the checker and demos start them.
#[derive(Debug)]
pub struct MockProviders {
    pub github: MockServer,
    pub google: MockServer,
}

impl MockProviders {
    /// Starts both mocks on the given listeners, each knowing the other (one timeline on
    /// either shows both) and sharing one log of app events.
    pub async fn start(
        github: TcpListener,
        google: TcpListener,
        options: &Options,
    ) -> std::io::Result<Self> {
        let shared = app_events(options);
        let github = start_one(Provider::GitHub, github, options, shared.clone()).await?;
        let google = start_one(Provider::Google, google, options, shared).await?;
        // Fresh cells, each set once here: setting cannot fail.
        let _ = github.mock.peer.set(Arc::downgrade(&google.mock));
        let _ = google.mock.peer.set(Arc::downgrade(&github.mock));
        Ok(MockProviders { github, google })
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
    mock: Arc<Mock>,
    routes: Router<Arc<Mock>>,
) -> std::io::Result<MockServer> {
    // The provider's routes (and its fallback) only: `/__mock/` is never faulted nor kept.
    // The recording is outside the faults, so that a faulted call is kept as it was met.
    let app = routes
        .layer(axum::middleware::from_fn_with_state(
            mock.clone(),
            faults::apply::middleware,
        ))
        .layer(axum::middleware::from_fn_with_state(
            mock.clone(),
            recording::middleware,
        ))
        .merge(admin::router(&mock))
        .layer(axum::middleware::from_fn(framing::deny_framing))
        .with_state(mock.clone());
    let name = match mock.provider() {
        Provider::GitHub => "the mock GitHub",
        Provider::Google => "the mock Google",
    };
    let server = Server::spawn(listener, app, name)?;
    Ok(MockServer { mock, server })
}
