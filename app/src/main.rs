//! `cargo run -p app`: parse the configuration, bind, serve until Ctrl-C.
//!
//! With no configuration it serves http://localhost:3000 against the local mock providers
//! (`cargo run -p mock-providers`). `app --help` lists every option.

use std::process::ExitCode;

use app::{Cli, ProvidersMode};
use clap::Parser;
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> ExitCode {
    // `.env` fills the environment before the flags read it; a missing file is fine.
    let dotenv = dotenvy::dotenv();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "app=info".into()),
        )
        .init();
    if let Err(error) = dotenv
        && !error.not_found()
    {
        eprintln!("Cannot read .env: {error}");
        return ExitCode::FAILURE;
    }
    let cli = Cli::parse();
    let config = match cli.clone().into_config() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let addr = cli.listen_addr(&config);
    let listener = match TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(error) if error.kind() == std::io::ErrorKind::AddrInUse => {
            eprintln!(
                "Cannot listen on {addr}: the port is already in use (is the app already running?). \
                 Stop the other program, or choose another port with BASE_URL or --listen."
            );
            return ExitCode::FAILURE;
        }
        Err(error) => {
            eprintln!("Cannot listen on {addr}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let base = config.base().to_string();
    let summary = format!(
        "providers: {} (GitHub {}, Google {})",
        match cli.providers {
            ProvidersMode::Mock => "mock",
            ProvidersMode::Real => "real",
        },
        config.github.authorize_url.origin().ascii_serialization(),
        config.google.authorize_url.origin().ascii_serialization(),
    );
    let database = config.database_path.display().to_string();
    let server = match app::serve(listener, config).await {
        Ok(server) => server,
        Err(error) => {
            eprintln!("Cannot start: {error:#}");
            return ExitCode::FAILURE;
        }
    };
    println!("Logout lab app on {base} (listening on {addr}); {summary}; database {database}");
    println!("Open {base} in a browser. Ctrl-C stops.");
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("Cannot wait for Ctrl-C ({error}); serving until killed.");
        server.wait().await;
        return ExitCode::SUCCESS;
    }
    println!("Stopping.");
    server.shutdown().await;
    ExitCode::SUCCESS
}
