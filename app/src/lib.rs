//! The course's app ("OAuth and Social Login", hectoday.com) in Axum with SQLite, the model
//! answer of its lesson "Logout and token cleanup": log in with GitHub or Google, `GET /me`,
//! `POST /logout`, and a disconnect per provider that revokes the token the app keeps.
//! `cargo run -p app` serves it on <http://localhost:3000>, against the mock providers
//! (`cargo run -p mock-providers`) when nothing else is configured.
//!
//! Read this file first (the state, the routes, `/me`, starting the app), then [`login`],
//! then the lesson itself in [`logout`], which calls [`github`] and [`google`] to revoke a
//! token; [`providers`], [`session`], [`db`], [`pages`], [`error`] and [`config`] hold the rest.

pub mod config;
pub mod db;
pub mod error;
pub mod github;
pub mod google;
pub mod login;
pub mod logout;
pub mod pages;
pub mod providers;
pub mod session;

use std::sync::Arc;

use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::routing::{get, post};
use axum::{Json, Router};
use common::{Provider, Server};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tower_cookies::CookieManagerLayer;

pub use config::Config;
use db::{Db, User};
use error::AppError;

/// What every request can reach.
#[derive(Clone)]
pub struct App {
    pub config: Arc<Config>,
    pub db: Db,
    /// The client of every provider call ([`providers::http_client`]).
    pub http: reqwest::Client,
}

/// Every route of the app: the course's table, and ours (`/me/{provider}`, disconnect).
pub fn router(app: App) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/me", get(me))
        .route("/auth/{provider}", get(login::start))
        .route("/auth/{provider}/callback", get(login::callback))
        .route("/logout", post(logout::logout))
        .route("/me/{provider}", get(live_profile))
        .route("/disconnect/{provider}", post(logout::disconnect))
        .fallback(|| async { AppError::NotFound })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .layer(common::cross_site::layer(&app.config.base_url, AppError::CrossSite))
        .layer(common::error_page::layer(app.clone(), pages::signed_in_as, pages::page))
        .layer(CookieManagerLayer::new())
        .layer(common::app_events::layer(common::app_events::mock_url(&app.config.github.api_url)))
        .layer(common::host::layer(&app.config.base_url))
        .with_state(app)
}

/// The `{provider}` of a path: `github` or `google`; any other is 404 Not Found.
pub struct ProviderPath(pub Provider);

impl<S: Send + Sync> FromRequestParts<S> for ProviderPath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<ProviderPath, AppError> {
        let slug = Path::<String>::from_request_parts(parts, state).await;
        let provider = slug.ok().and_then(|Path(slug)| slug.parse().ok());
        provider.map(ProviderPath).ok_or(AppError::NotFound)
    }
}

/// `GET /me`: the signed-in user, ids as strings and missing ones `null`, never a token.
async fn me(user: User) -> Json<Value> {
    Json(json!({
        "id": user.id.to_string(),
        "email": user.email,
        "name": user.name,
        "avatarUrl": user.avatar_url,
        "githubId": user.github_id,
        "googleId": user.google_id,
    }))
}

/// `GET /me/{provider}`: the user's profile as the provider answers it now, asked with the
/// token the app keeps: the ongoing API access it keeps the token for.
async fn live_profile(
    ProviderPath(provider): ProviderPath,
    State(app): State<App>,
    user: User,
) -> Result<Json<Value>, AppError> {
    let token = app.db.token(user.id, provider).await?.ok_or(AppError::NotLinked(provider))?;
    Ok(Json(providers::profile(&app, provider, &token).await?))
}

/// Opens the database, then serves the app on `listener` until the handle shuts it down.
pub async fn serve(listener: TcpListener, config: Config) -> anyhow::Result<Server> {
    let path = config.database_path.clone();
    let db = tokio::task::spawn_blocking(move || Db::open(&path)).await??;
    let http = providers::http_client()?;
    let app = App { config: Arc::new(config), db, http };
    Ok(Server::spawn(listener, router(app), "the app")?)
}
