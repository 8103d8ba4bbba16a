//! Starting the app on a bound listener (the shape of mini-redis's `server::run` and
//! zero-to-production's `Application`): `main`, tests and the checker all start it the same
//! way, tests on port 0. The handle is the [`Server`] the mocks use too.

use anyhow::Context;
use tokio::net::TcpListener;

pub use common::Server;

use crate::config::Config;
use crate::db::{self, Db, sessions};
use crate::flows;
use crate::providers::Providers;
use crate::routes;
use crate::state::AppState;
use crate::tokens;

/// Opens (and migrates) the database, then serves the app on `listener` until shut down,
/// with its revocation worker ([`tokens::worker`]) running beside it.
pub async fn serve(listener: TcpListener, config: Config) -> anyhow::Result<Server> {
    let (path, key) = (config.database_path.clone(), config.token_key.clone());
    let (db, key) = tokio::task::spawn_blocking(move || Db::open_with_key(&path, &key))
        .await
        .context("database task")??;
    let flow_key = flows::cookie_key(&key);
    db.run(|conn| sessions::purge_expired(conn, db::now()))
        .await
        .context("cannot purge expired sessions")?;
    let providers = Providers::new(config).context("cannot build the HTTP client")?;
    let state = AppState::new(db, providers, flow_key);
    let worker = tokens::worker::run(state.clone());
    Ok(Server::spawn_with(
        listener,
        routes::router(state),
        "the app",
        worker,
    )?)
}
