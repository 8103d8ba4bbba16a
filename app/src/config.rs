//! The configuration, from the environment (and a `.env` file, which `main` loads), as the
//! course reads it. With none at all the app serves `http://localhost:3000` against the local
//! mock providers and their default clients; `.env.example` has the block that points it at
//! the real GitHub and Google instead, and then (an https URL) a provider's client id and
//! secret are required: a missing one stops start-up with `Missing required environment
//! variable: NAME`.

use std::path::PathBuf;

use common::provider::{github, google};
use common::{Provider, defaults};

/// Everything the app runs with.
#[derive(Debug, Clone)]
pub struct Config {
    /// The app's public URL, without a trailing slash: `http://localhost:3000`.
    pub base_url: String,
    pub database_path: PathBuf,
    pub github: Registration,
    pub google: Registration,
}

/// The app as registered with a provider (its OAuth client), and where the provider answers.
#[derive(Debug, Clone)]
pub struct Registration {
    pub client_id: String,
    pub client_secret: String,
    /// Where the browser signs in and consents.
    pub authorize_url: String,
    /// Where the app exchanges a code for a token.
    pub token_url: String,
    /// GitHub: its REST API (`/user`, `/user/emails`, `/applications/...`). Google: userinfo.
    pub api_url: String,
    /// Google's revocation endpoint (GitHub's is on its API).
    pub revoke_url: String,
}

/// Each provider's variables, in the order of [`Registration`]'s fields.
const GITHUB_VARS: [&str; 5] = [
    "GITHUB_CLIENT_ID",
    "GITHUB_CLIENT_SECRET",
    "GITHUB_AUTHORIZE_URL",
    "GITHUB_TOKEN_URL",
    "GITHUB_API_URL",
];
const GOOGLE_VARS: [&str; 6] = [
    "GOOGLE_CLIENT_ID",
    "GOOGLE_CLIENT_SECRET",
    "GOOGLE_AUTHORIZE_URL",
    "GOOGLE_TOKEN_URL",
    "GOOGLE_USERINFO_URL",
    "GOOGLE_REVOKE_URL",
];

impl Config {
    /// The app at `base_url` against the mocks at `github` and `google`, with their default
    /// clients: what tests and the checker run.
    pub fn mock(
        base_url: &str,
        database: impl Into<PathBuf>,
        github_url: &str,
        google_url: &str,
    ) -> Config {
        Config {
            base_url: base_url.trim_end_matches('/').into(),
            database_path: database.into(),
            github: Registration {
                client_id: defaults::GITHUB_CLIENT_ID.into(),
                client_secret: defaults::GITHUB_CLIENT_SECRET.into(),
                authorize_url: format!("{github_url}{}", github::AUTHORIZE_PATH),
                token_url: format!("{github_url}{}", github::TOKEN_PATH),
                api_url: github_url.into(),
                revoke_url: String::new(),
            },
            google: Registration {
                client_id: defaults::GOOGLE_CLIENT_ID.into(),
                client_secret: defaults::GOOGLE_CLIENT_SECRET.into(),
                authorize_url: format!("{google_url}{}", google::AUTHORIZE_PATH),
                token_url: format!("{google_url}{}", google::TOKEN_PATH),
                api_url: format!("{google_url}{}", google::USERINFO_PATH),
                revoke_url: format!("{google_url}{}", google::REVOKE_PATH),
            },
        }
    }

    /// `BASE_URL` and `DATABASE_PATH`, then each provider's variables ([`GITHUB_VARS`],
    /// [`GOOGLE_VARS`]); whatever is not set is the mocks'.
    pub fn from_env() -> Result<Config, String> {
        let base_url = var("BASE_URL").unwrap_or_else(|| defaults::APP_URL.into());
        let database = var("DATABASE_PATH").unwrap_or_else(|| "logout-lab.db".into());
        let mocks = (defaults::MOCK_GITHUB_URL, defaults::MOCK_GOOGLE_URL);
        let mut config = Config::mock(&base_url, database, mocks.0, mocks.1);
        config.github.read_env(&GITHUB_VARS)?;
        config.google.read_env(&GOOGLE_VARS)?;
        Ok(config)
    }

    /// The app's registration with `provider`.
    pub fn at_provider(&self, provider: Provider) -> &Registration {
        match provider {
            Provider::GitHub => &self.github,
            Provider::Google => &self.google,
        }
    }

    /// Where a provider sends the browser back: `BASE_URL/auth/{provider}/callback`.
    pub fn redirect_uri(&self, provider: Provider) -> String {
        defaults::redirect_uri(&self.base_url, provider)
    }

    /// Whether the app is served over https, so that its cookies must be `Secure`.
    pub fn https(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}

impl Registration {
    /// Sets each field from its variable in `names`, when that is set. The real provider (one
    /// of its URLs set to an https one) needs the app's own client: the first two names.
    fn read_env(&mut self, names: &[&str]) -> Result<(), String> {
        let real = names[2..].iter().any(|name| var(name).is_some_and(|u| u.starts_with("https")));
        if let Some(missing) = names[..2].iter().find(|name| real && var(name).is_none()) {
            return Err(format!("Missing required environment variable: {missing}"));
        }
        let fields = [
            &mut self.client_id,
            &mut self.client_secret,
            &mut self.authorize_url,
            &mut self.token_url,
            &mut self.api_url,
            &mut self.revoke_url,
        ];
        for (name, field) in names.iter().zip(fields) {
            if let Some(value) = var(name) {
                *field = value.trim_end_matches('/').into();
            }
        }
        Ok(())
    }
}

/// An environment variable that is set and not blank.
fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}
