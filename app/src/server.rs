//! Starting the app on a bound listener, and the handle that stops it (the shape of
//! mini-redis's `server::run` and zero-to-production's `Application`): `main`, tests and the
//! checker all start it the same way, tests on port 0.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::config::Config;
use crate::db::{self, Db, sessions};
use crate::providers::Providers;
use crate::routes;
use crate::state::AppState;

/// A running app.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl Server {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR`, where it can be reached directly (its public URL is the config's
    /// `base_url`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting connections, lets requests in flight finish, and waits.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.task).await;
    }

    /// Waits until the server stops.
    pub async fn wait(self) {
        let _ = self.task.await;
    }
}

/// Opens (and migrates) the database, then serves the app on `listener` until shut down.
pub async fn serve(listener: TcpListener, config: Config) -> anyhow::Result<Server> {
    let addr = listener.local_addr()?;
    let path = config.database_path.clone();
    let db = tokio::task::spawn_blocking(move || Db::open(&path))
        .await
        .context("database task")??;
    db.call(|conn| sessions::purge_expired(conn, db::now()))
        .await
        .map_err(|e| anyhow::anyhow!("cannot purge expired sessions: {e}"))?;
    let providers = Providers::new(config).context("cannot build the HTTP client")?;
    let state = AppState {
        db,
        providers: Arc::new(providers),
        disconnecting: Arc::default(),
    };
    let app = routes::router(state);
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let server = axum::serve(listener, app).with_graceful_shutdown(async move {
            let _ = rx.await;
        });
        if let Err(error) = server.await {
            tracing::error!(%error, "server stopped");
        }
    });
    Ok(Server {
        addr,
        shutdown: Some(tx),
        task,
    })
}
