//! `cargo run -p mock-providers`: the mock GitHub on 127.0.0.1:3001 and the mock Google on
//! 127.0.0.1:3002, until Ctrl-C. `--help` lists the flags; each has an environment variable.
//! `--app-url URL` lets an app on another address sign in; `--print-env` prints the
//! environment an app needs to use the mocks, and exits.
//!
//! Thin on purpose: the servers are library functions ([`mock_providers::MockProviders`]
//! starts both mocks, each knowing the other); this parses flags, starts the mocks, prints
//! what a person needs to use them ([`print`]), and waits for Ctrl-C.

#[path = "main/print.rs"]
mod print;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use common::defaults;
use mock_providers::config::SeedFile;
use mock_providers::store::{Limits, Retention};
use mock_providers::{MockProviders, Options};
use tokio::net::TcpListener;

/// The largest `--class`: beyond any classroom, short of a typo that would exhaust memory.
const MAX_CLASS: u64 = 100_000;

/// A mock GitHub and a mock Google for the logout lab.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Where the mock GitHub listens (port 0: any free port).
    #[arg(long, env = "MOCK_GITHUB_ADDR", default_value = defaults::MOCK_GITHUB_ADDR)]
    github_addr: String,
    /// Where the mock Google listens (port 0: any free port).
    #[arg(long, env = "MOCK_GOOGLE_ADDR", default_value = defaults::MOCK_GOOGLE_ADDR)]
    google_addr: String,
    /// A TOML file of seed users and clients (see the crate README).
    #[arg(long, env = "MOCK_SEED")]
    seed: Option<PathBuf>,
    /// Adds a class of N students to the users: `student0001` ... at GitHub and
    /// `student0001@class.example` ... at Google, one person each (what `instructor load
    /// --app-url` signs in with, so that every student has accounts of their own).
    #[arg(long, env = "MOCK_CLASS", value_name = "N", default_value_t = 0, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(..=MAX_CLASS))]
    class: usize,
    /// How many events each mock remembers.
    #[arg(long, env = "MOCK_MAX_EVENTS", default_value_t = Limits::default().events)]
    max_events: usize,
    /// How many bytes the events each mock remembers may weigh in all (each keeps its call
    /// in full); the revocation log and the app's events may weigh a quarter of it each.
    #[arg(long, env = "MOCK_MAX_EVENT_BYTES", value_name = "BYTES", default_value_t = Limits::default().event_bytes, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1024..))]
    max_event_bytes: usize,
    /// How many revocation calls each mock remembers.
    #[arg(long, env = "MOCK_MAX_REVOCATIONS", default_value_t = Limits::default().revocations)]
    max_revocations: usize,
    /// GitHub's limit of live tokens per user, OAuth App and scope set (a lower one shows
    /// the limit at work in a demo).
    #[arg(long, env = "MOCK_GITHUB_TOKEN_LIMIT", default_value_t = Limits::default().tokens_per_scope_set, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    github_token_limit: usize,
    /// Google's limit of live refresh tokens per account and client.
    #[arg(long, env = "MOCK_GOOGLE_REFRESH_TOKEN_LIMIT", default_value_t = Limits::default().refresh_tokens, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    google_refresh_token_limit: usize,
    /// How long an ended token (revoked, ended, expired) and a spent code are kept after
    /// they ended, on the mock's clock (e.g. 30m, 2h).
    #[arg(long, env = "MOCK_RETENTION", value_name = "DURATION", default_value = "30m", value_parser = humantime::parse_duration)]
    retention: Duration,
    /// At most this many ended tokens, and this many codes, are kept (the oldest go first).
    #[arg(long, env = "MOCK_MAX_ENDED", value_name = "N", default_value_t = Retention::default().max_ended, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    max_ended: usize,
    /// A provider session nobody used for this long ends (e.g. 12h).
    #[arg(long, env = "MOCK_SESSION_IDLE", value_name = "DURATION", default_value = "12h", value_parser = humantime::parse_duration)]
    session_idle: Duration,
    /// At most this many provider sessions (the least recently used go first).
    #[arg(long, env = "MOCK_MAX_SESSIONS", value_name = "N", default_value_t = Retention::default().max_sessions, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    max_sessions: usize,
    /// Another host name under which /__mock/ answers, besides localhost, the loopback
    /// addresses and the mocks' own (e.g. host.docker.internal); repeatable, or
    /// comma-separated in the variable.
    #[arg(
        long = "allow-host",
        env = "MOCK_ALLOW_HOSTS",
        value_name = "NAME",
        value_delimiter = ','
    )]
    allow_hosts: Vec<String>,
    /// The app's BASE_URL, when it is not http://localhost:3000: its callbacks
    /// (URL/auth/github/callback, URL/auth/google/callback) are registered with the default
    /// clients at start.
    #[arg(long, env = "MOCK_APP_URL", value_name = "URL", value_parser = app_url)]
    app_url: Option<String>,
    /// Print the environment an app needs to use these mocks (.env syntax: the clients, the
    /// app's BASE_URL and the provider URLs, from the addresses above), and exit.
    #[arg(long)]
    print_env: bool,
}

impl Args {
    /// What each mock remembers, and the providers' token limits.
    fn limits(&self) -> Limits {
        Limits {
            events: self.max_events,
            event_bytes: self.max_event_bytes,
            revocations: self.max_revocations,
            tokens_per_scope_set: self.github_token_limit,
            refresh_tokens: self.google_refresh_token_limit,
        }
    }

    /// How long each mock keeps what ended.
    fn retention(&self) -> Retention {
        Retention {
            ended: self.retention,
            max_ended: self.max_ended,
            session_idle: self.session_idle,
            max_sessions: self.max_sessions,
        }
    }
}

/// An http(s) URL with a host, without its trailing slash.
fn app_url(given: &str) -> Result<String, String> {
    let url = url::Url::parse(given).map_err(|e| format!("not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || !url.has_host() {
        return Err("an http or https URL with a host, e.g. http://localhost:4000".into());
    }
    Ok(given.trim_end_matches('/').to_string())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "mock_providers=info".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// The seeds from the flags; then either `--print-env`, or start both mocks, print the
/// banner and serve until Ctrl-C. An error is one line for a person.
async fn run(args: Args) -> Result<(), String> {
    let mut seeds = match &args.seed {
        Some(path) => SeedFile::load(path).map_err(|e| format!("{e:#}"))?,
        None => SeedFile::default(),
    };
    if let Some(app) = &args.app_url {
        seeds = seeds.with_app(app);
    }
    let app = args.app_url.as_deref().unwrap_or(defaults::APP_URL);
    if args.print_env {
        return print::env(app, &args.github_addr, &args.google_addr, &seeds);
    }
    let options = Options {
        seeds: seeds.clone().with_class(args.class),
        limits: args.limits(),
        retention: args.retention(),
        allowed_hosts: args.allow_hosts.clone(),
    };
    let github_listener = bind(&args.github_addr, "--github-addr", "MOCK_GITHUB_ADDR").await?;
    let google_listener = bind(&args.google_addr, "--google-addr", "MOCK_GOOGLE_ADDR").await?;
    // Started together, each mock knows the other: one timeline on either shows both.
    let mocks = MockProviders::start(github_listener, google_listener, &options)
        .await
        .map_err(|e| format!("cannot start the mock providers: {e}"))?;
    print::banner(&mocks.github, &mocks.google, &seeds, args.class, app);
    shutdown_signal().await;
    tracing::info!("shutting down");
    mocks.shutdown().await;
    Ok(())
}

/// Binds, or explains in one line which address failed and how to pick another.
async fn bind(addr: &str, flag: &str, env: &str) -> Result<TcpListener, String> {
    let choose = format!(
        "Are the mocks already running? Stop them, or choose another address with {flag} or \
         {env}, e.g. {flag} 127.0.0.1:0."
    );
    common::server::bind(addr, &choose).await
}

/// Ctrl-C, or SIGTERM (`kill`, a service manager) on Unix.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
