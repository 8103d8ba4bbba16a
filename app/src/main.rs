//! `cargo run -p app`: reads the configuration (the environment and `.env`), listens on
//! `LISTEN_ADDR` (by default 127.0.0.1 and BASE_URL's port) and serves until Ctrl-C.

use anyhow::Context;
use app::Config;
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let _ = dotenvy::dotenv();
    let config = Config::from_env().map_err(anyhow::Error::msg)?;
    let base_url = reqwest::Url::parse(&config.base_url).context("BASE_URL is not a URL")?;
    anyhow::ensure!(base_url.scheme().starts_with("http"), "BASE_URL is not an http(s) URL");
    let port = base_url.port_or_known_default().unwrap_or(80);
    let listen = std::env::var("LISTEN_ADDR").unwrap_or_else(|_| format!("127.0.0.1:{port}"));
    let listener =
        TcpListener::bind(&listen).await.with_context(|| format!("cannot listen on {listen}"))?;
    let server = app::serve(listener, config.clone()).await?;
    println!(
        "The app is on {base_url} (GitHub at {}, Google at {}).",
        config.github.authorize_url, config.google.authorize_url
    );
    tokio::signal::ctrl_c().await?;
    server.shutdown().await;
    Ok(())
}
