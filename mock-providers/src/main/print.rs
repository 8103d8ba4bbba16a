//! What the binary prints for a person: `--print-env` (the environment an app needs, in
//! `.env` syntax) and the start-up banner (where the mocks are, who can sign in, and that
//! same environment).

use std::net::SocketAddr;

use common::defaults;
use common::provider::{github, google};
use mock_providers::MockServer;
use mock_providers::config::{ClientSeed, GitHubUser, GoogleUser, SeedFile, Seeds, class_member};

/// `--print-env`: the environment an app at `app` needs to use mocks that will listen on
/// `github_addr` and `google_addr`; an error when either leaves its port to chance.
pub fn env(
    app: &str,
    github_addr: &str,
    google_addr: &str,
    seeds: &SeedFile,
) -> Result<(), String> {
    let github = url_to(github_addr, "--github-addr")?;
    let google = url_to(google_addr, "--google-addr")?;
    println!(
        "# The environment an app needs to sign in with the mock providers (mock-providers --print-env)."
    );
    for line in environment(app, &github, &google, seeds) {
        println!("{line}");
    }
    Ok(())
}

/// What a person needs once the mocks run: where they are, who can sign in (a `--class` of
/// `class` students in one line), and the environment of the app at `app`.
pub fn banner(github: &MockServer, google: &MockServer, seeds: &SeedFile, class: usize, app: &str) {
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
