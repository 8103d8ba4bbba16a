//! `cargo run -p mock-providers`: the mock GitHub on 127.0.0.1:3001 and the mock Google on
//! 127.0.0.1:3002, until Ctrl-C. `--help` lists the flags; each has an environment variable.
//! `--app-url URL` lets an app on another address sign in; `--print-env` prints the
//! environment an app needs to use the mocks, and exits.
//!
//! Thin on purpose: the servers are library functions ([`mock_providers::MockProviders`]
//! starts both mocks, each knowing the other); this only parses flags, binds, and prints
//! what a person needs to use the mocks.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use common::defaults;
use common::provider::{github, google};
use mock_providers::config::{ClientSeed, GitHubUser, GoogleUser, SeedFile, Seeds, class_member};
use mock_providers::store::Limits;
use mock_providers::{MockProviders, MockServer, Options};
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
    /// `student0001@class.example` ... at Google, one person each (what `checker load
    /// --app-url` signs in with, so that every student has accounts of their own).
    #[arg(long, env = "MOCK_CLASS", value_name = "N", default_value_t = 0, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(..=MAX_CLASS))]
    class: usize,
    /// How many events each mock remembers.
    #[arg(long, env = "MOCK_MAX_EVENTS", default_value_t = Limits::default().events)]
    max_events: usize,
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
        let github = url_to(&args.github_addr, "--github-addr")?;
        let google = url_to(&args.google_addr, "--google-addr")?;
        println!(
            "# The environment an app needs to sign in with the mock providers (mock-providers --print-env)."
        );
        for line in environment(app, &github, &google, &seeds) {
            println!("{line}");
        }
        return Ok(());
    }
    let options = Options {
        seeds: seeds.clone().with_class(args.class),
        limits: Limits {
            events: args.max_events,
            revocations: args.max_revocations,
            tokens_per_scope_set: args.github_token_limit,
            refresh_tokens: args.google_refresh_token_limit,
        },
    };
    let github_listener = bind(&args.github_addr, "--github-addr", "MOCK_GITHUB_ADDR").await?;
    let google_listener = bind(&args.google_addr, "--google-addr", "MOCK_GOOGLE_ADDR").await?;
    // Started together, each mock knows the other: one timeline on either shows both.
    let mocks = MockProviders::start(github_listener, google_listener, &options)
        .await
        .map_err(|e| format!("cannot start the mock providers: {e}"))?;
    print_banner(&mocks.github, &mocks.google, &seeds, args.class, app);
    shutdown_signal().await;
    tracing::info!("shutting down");
    mocks.shutdown().await;
    Ok(())
}

/// Binds, or explains in one line which address failed and how to pick another.
async fn bind(addr: &str, flag: &str, env: &str) -> Result<TcpListener, String> {
    TcpListener::bind(addr).await.map_err(|e| {
        let why = if e.kind() == std::io::ErrorKind::AddrInUse {
            "address already in use".to_string()
        } else {
            e.to_string()
        };
        format!("cannot listen on {addr}: {why} (choose another address with {flag} or {env}, e.g. {flag} 127.0.0.1:0)")
    })
}

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

/// Where a mock listening on `addr` is reached: `--print-env` needs a port it knows.
fn url_to(addr: &str, flag: &str) -> Result<String, String> {
    match addr.parse::<SocketAddr>() {
        Ok(addr) if addr.port() == 0 => Err(format!(
            "--print-env needs the mocks' ports, and {flag} {addr} leaves the port to chance: give one"
        )),
        Ok(addr) => Ok(common::server::url_of(addr)),
        Err(_) => Ok(format!("http://{addr}")),
    }
}

/// The environment an app needs (`NAME=value` lines, `.env` syntax, as `app/.env.example`
/// names them): the app at `app`, the mocks at `github` and `google`, their default clients.
fn environment(app: &str, github: &str, google: &str, seeds: &SeedFile) -> Vec<String> {
    let mut lines = vec![format!("BASE_URL={app}")];
    if let Some(c) = first_client(&seeds.github().clients, defaults::GITHUB_CLIENT_ID) {
        lines.push(format!("GITHUB_CLIENT_ID={}", c.client_id));
        lines.push(format!("GITHUB_CLIENT_SECRET={}", c.client_secret));
    }
    lines.push(format!(
        "GITHUB_AUTHORIZE_URL={github}{}",
        github::AUTHORIZE_PATH
    ));
    lines.push(format!("GITHUB_TOKEN_URL={github}{}", github::TOKEN_PATH));
    lines.push(format!("GITHUB_API_URL={github}"));
    if let Some(c) = first_client(&seeds.google().clients, defaults::GOOGLE_CLIENT_ID) {
        lines.push(format!("GOOGLE_CLIENT_ID={}", c.client_id));
        lines.push(format!("GOOGLE_CLIENT_SECRET={}", c.client_secret));
    }
    lines.push(format!(
        "GOOGLE_AUTHORIZE_URL={google}{}",
        google::AUTHORIZE_PATH
    ));
    lines.push(format!("GOOGLE_TOKEN_URL={google}{}", google::TOKEN_PATH));
    lines.push(format!(
        "GOOGLE_USERINFO_URL={google}{}",
        google::USERINFO_PATH
    ));
    lines.push(format!("GOOGLE_REVOKE_URL={google}{}", google::REVOKE_PATH));
    lines
}

/// What a person needs: where the mocks are, who can sign in, and the app's environment.
fn print_banner(
    github: &MockServer,
    google: &MockServer,
    seeds: &SeedFile,
    class: usize,
    app: &str,
) {
    let (gh, gg) = (github.url(), google.url());
    let github_seeds = seeds.github();
    let google_seeds = seeds.google();
    println!("mock GitHub: {gh}  (dashboard {gh}/__mock/)");
    println!("mock Google: {gg}  (dashboard {gg}/__mock/)");
    println!("timeline of both mocks and the app: {gh}/__mock/timeline");
    println!();
    println!("GitHub users (sign in with the login):");
    for user in &github_seeds.users {
        println!("  {:<10} {}", user.login, github_notes(user, &google_seeds));
    }
    println!("Google users (sign in with the email):");
    for user in &google_seeds.users {
        println!("  {:<22} {}", user.email, google_notes(user, &github_seeds));
    }
    if class > 0 {
        let (first, last) = (class_member(1), class_member(class));
        println!(
            "A class of {class}: {} ... {} at GitHub, {} ... {} at Google",
            first.0.login, last.0.login, first.1.email, last.1.email
        );
    }
    println!();
    println!("Environment for the app at {app} (its callbacks are registered):");
    for line in environment(app, gh, gg, seeds) {
        println!("  {line}");
    }
    println!();
    println!("Ctrl-C stops both mocks.");
}

/// The default client (always seeded), or the first one if a seed file replaced it.
fn first_client<'a>(clients: &'a [ClientSeed], id: &str) -> Option<&'a ClientSeed> {
    clients
        .iter()
        .find(|c| c.client_id == id)
        .or_else(|| clients.first())
}

/// The facts about a GitHub user that an app's account linking must handle.
fn github_notes(user: &GitHubUser, google: &Seeds<GoogleUser>) -> String {
    let mut notes = vec![user.name.clone().unwrap_or_default()];
    match &user.email {
        Some(email) => notes.push(format!("public email {email}")),
        None => notes.push("public email null (see /user/emails)".into()),
    }
    for email in user.emails.iter().filter(|e| e.primary && !e.verified) {
        notes.push(format!("primary email {} NOT verified", email.email));
    }
    let verified = user.emails.iter().filter(|e| e.verified);
    for email in verified {
        if let Some(g) = google.users.iter().find(|g| g.email == email.email) {
            notes.push(if g.email_verified {
                format!("same person as Google {}", g.email)
            } else {
                format!("same address as Google {} (unverified there)", g.email)
            });
        }
    }
    notes.join("; ")
}

/// The facts about a Google user that an app's account linking must handle.
fn google_notes(user: &GoogleUser, github: &Seeds<GitHubUser>) -> String {
    let mut notes = vec![user.name.clone()];
    notes.push(if user.email_verified {
        "email verified".into()
    } else {
        "email NOT verified".into()
    });
    let twin = github
        .users
        .iter()
        .find(|u| u.emails.iter().any(|e| e.verified && e.email == user.email));
    match twin {
        Some(u) if user.email_verified => notes.push(format!("same person as GitHub {}", u.login)),
        Some(u) => notes.push(format!("same address as GitHub {}: must not link", u.login)),
        None => notes.push("Google only".into()),
    }
    notes.join("; ")
}
