//! `cargo run -p hardened-app`: parse the configuration, bind, serve until Ctrl-C.
//!
//! With no configuration it serves http://localhost:3000 against the local mock providers
//! (`cargo run -p mock-providers`). `hardened-app --help` lists every option.

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::Parser;
use hardened_app::{Cli, Config, ProvidersMode};
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> ExitCode {
    // `.env` fills the environment before the flags read it; a missing file is fine.
    let dotenv = dotenvy::dotenv();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "hardened_app=info".into()),
        )
        .init();
    if let Err(error) = dotenv
        && !error.not_found()
    {
        eprintln!("Cannot read .env: {error}");
        return ExitCode::FAILURE;
    }
    match serve(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Serves until Ctrl-C; the error is what to tell the person who started the app.
async fn serve(cli: Cli) -> Result<(), String> {
    let mut config = cli.clone().into_config().map_err(|e| e.to_string())?;
    let addr = cli.listen_addr(&config);
    let listener = bind(addr).await?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("Cannot listen: {e}"))?;
    if config.base_url.port() == Some(0) {
        // Port 0: whichever port the system gave, and the redirect URIs on it.
        let _ = config.base_url.set_port(Some(addr.port()));
    }
    let banner = banner(&cli, &config, addr);
    let base = config.base().to_string();
    let mock_clients = (cli.providers == ProvidersMode::Mock).then(|| config.clone());
    let server = hardened_app::serve(listener, config)
        .await
        .map_err(|e| format!("Cannot start: {e:#}"))?;
    println!("{banner}");
    if let Some(config) = mock_clients {
        for line in hardened_app::mock_clients::register(&config).await {
            println!("{line}");
        }
    }
    println!("Open {base} in a browser. Ctrl-C stops.");
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("Cannot wait for Ctrl-C ({error}); serving until killed.");
        server.wait().await;
        return Ok(());
    }
    println!("Stopping.");
    server.shutdown().await;
    Ok(())
}

async fn bind(addr: SocketAddr) -> Result<TcpListener, String> {
    let choose = "Is the app already running? Stop the other program, or choose another port \
                  with BASE_URL or --listen.";
    common::server::bind(&addr.to_string(), choose).await
}

/// `Logout lab app on URL (listening on ADDR); providers: ...; database PATH`.
fn banner(cli: &Cli, config: &Config, addr: SocketAddr) -> String {
    let providers = match cli.providers {
        ProvidersMode::Mock => "mock",
        ProvidersMode::Real => "real",
    };
    format!(
        "Logout lab app on {} (listening on {addr}); providers: {providers} (GitHub {}, Google {}); database {}",
        config.base(),
        config.github.authorize_url.origin().ascii_serialization(),
        config.google.authorize_url.origin().ascii_serialization(),
        config.database_path.display(),
    )
}
