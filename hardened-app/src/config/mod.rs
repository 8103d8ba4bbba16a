//! Configuration: flags and environment variables (and a `.env` file, loaded by `main`).
//!
//! [`Cli`] is what `--help` shows; [`Cli::into_config`] resolves it into a [`Config`], the
//! typed configuration the server runs with. Tests build a [`Config`] directly, without the
//! environment: see [`Config::new`].
//!
//! With no configuration at all the app serves `http://localhost:3000` against the local mock
//! providers and their default clients. `LOGOUT_LAB_PROVIDERS=real` switches the defaults to
//! the real GitHub and Google, and then the four client credentials are required.

mod cli;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::defaults;
use common::provider::{github, google};
use url::Url;

use crate::backoff::Backoff;
use crate::sealing::Key;

pub use cli::{Cli, ConfigError, ProvidersMode};

/// One OAuth client at GitHub.
#[derive(Debug, Clone)]
pub struct GitHubConfig {
    pub client_id: String,
    pub client_secret: String,
    pub authorize_url: Url,
    pub token_url: Url,
    /// The REST API base (`https://api.github.com`), without a trailing slash.
    pub api_url: Url,
}

/// One OAuth client at Google.
#[derive(Debug, Clone)]
pub struct GoogleConfig {
    pub client_id: String,
    pub client_secret: String,
    pub authorize_url: Url,
    pub token_url: Url,
    pub userinfo_url: Url,
    pub revoke_url: Url,
}

/// Everything the server needs to run.
#[derive(Debug, Clone)]
pub struct Config {
    /// Public URL of the app, e.g. `http://localhost:3000` (no trailing slash).
    pub base_url: Url,
    pub database_path: PathBuf,
    pub github: GitHubConfig,
    pub google: GoogleConfig,
    /// Timeout of every outbound provider call.
    pub provider_timeout: Duration,
    /// Where the app reports its logins, logouts and disconnects for the mocks' timeline
    /// (`POST /__mock/app-events`); `None`: it does not report.
    pub timeline: Option<Url>,
    /// When the revocation queue tries a failed revocation again.
    pub retry: Backoff,
    /// Where the key that seals the stored tokens comes from; the database unlocks it when
    /// it opens ([`crate::db::vault`]).
    pub token_key: KeySource,
}

/// Where the token key comes from: a setting, read by whoever opens the database.
#[derive(Debug, Clone)]
pub enum KeySource {
    /// The key itself (from `LOGOUT_LAB_TOKEN_KEY`, or made by code: tests, the checker).
    Key(Key),
    /// A file holding the key in base64; `create`: make one (mode 0600) if there is none and
    /// the database has no sealed token yet.
    File { path: PathBuf, create: bool },
}

impl KeySource {
    /// The key file next to the database: `logout-lab.db.key`.
    pub fn beside(database: &Path, create: bool) -> KeySource {
        let mut path = database.as_os_str().to_owned();
        path.push(".key");
        KeySource::File {
            path: path.into(),
            create,
        }
    }
}

impl GitHubConfig {
    /// The mock GitHub at `base` (e.g. `http://127.0.0.1:3001`) with its default client.
    ///
    /// # Panics
    /// If `base` is not an absolute URL: it comes from code (a test, the checker), not a user.
    pub fn mock(base: &str) -> Self {
        GitHubConfig::at(
            base,
            base,
            defaults::GITHUB_CLIENT_ID,
            defaults::GITHUB_CLIENT_SECRET,
        )
    }

    /// The real GitHub, with no client yet (the configuration must give one).
    pub fn real() -> Self {
        GitHubConfig::at(github::WEB, github::API, "", "")
    }

    fn at(web: &str, api: &str, client_id: &str, client_secret: &str) -> Self {
        let web = web.trim_end_matches('/');
        GitHubConfig {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            authorize_url: url(&format!("{web}{}", github::AUTHORIZE_PATH)),
            token_url: url(&format!("{web}{}", github::TOKEN_PATH)),
            api_url: url(api),
        }
    }
}

impl GoogleConfig {
    /// The mock Google at `base` (e.g. `http://127.0.0.1:3002`) with its default client.
    ///
    /// # Panics
    /// If `base` is not an absolute URL: it comes from code (a test, the checker), not a user.
    pub fn mock(base: &str) -> Self {
        let client = (defaults::GOOGLE_CLIENT_ID, defaults::GOOGLE_CLIENT_SECRET);
        GoogleConfig::at([base; 3], client)
    }

    /// The real Google, with no client yet (the configuration must give one).
    pub fn real() -> Self {
        let hosts = [google::ACCOUNTS, google::OAUTH2, google::OPENIDCONNECT];
        GoogleConfig::at(hosts, ("", ""))
    }

    /// Google at its three hosts: accounts (authorize), OAuth (token, revoke), OpenID Connect
    /// (userinfo).
    fn at([accounts, oauth2, openid]: [&str; 3], (id, secret): (&str, &str)) -> Self {
        let on = |host: &str, path: &str| url(&format!("{}{path}", host.trim_end_matches('/')));
        GoogleConfig {
            client_id: id.into(),
            client_secret: secret.into(),
            authorize_url: on(accounts, google::AUTHORIZE_PATH),
            token_url: on(oauth2, google::TOKEN_PATH),
            userinfo_url: on(openid, google::USERINFO_PATH),
            revoke_url: on(oauth2, google::REVOKE_PATH),
        }
    }
}

impl Config {
    /// A configuration without the environment: the app at `base_url`, the mocks at their
    /// given base URLs with their default clients, a 10 s provider timeout, no timeline, the
    /// default retry schedule, a new random token key.
    ///
    /// # Panics
    /// If a URL is not absolute: they come from code (a test, the checker), not a user.
    pub fn new(
        base_url: &str,
        database_path: impl Into<PathBuf>,
        github: &str,
        google: &str,
    ) -> Self {
        Config {
            base_url: url(base_url),
            database_path: database_path.into(),
            github: GitHubConfig::mock(github),
            google: GoogleConfig::mock(google),
            provider_timeout: Duration::from_secs(10),
            timeline: None,
            retry: Backoff::DEFAULT,
            token_key: KeySource::Key(Key::random()),
        }
    }

    /// As [`Config::new`], with the revocation queue retrying within milliseconds (5 ms at
    /// first, at most 100 ms apart): what the checker's labs run, so that a revocation queued
    /// during an outage arrives as soon as the provider is back.
    pub fn quick_retries(
        base_url: &str,
        database_path: impl Into<PathBuf>,
        github: &str,
        google: &str,
    ) -> Self {
        let retry = Backoff {
            first: Duration::from_millis(5),
            cap: Duration::from_millis(100),
        };
        Config {
            retry,
            ..Config::new(base_url, database_path, github, google)
        }
    }

    /// The redirect URI registered with a provider: `BASE_URL/auth/{provider}/callback`.
    pub fn redirect_uri(&self, provider: common::Provider) -> String {
        defaults::redirect_uri(self.base(), provider)
    }

    /// `base_url` as text, without the trailing slash `Url` adds.
    pub fn base(&self) -> &str {
        self.base_url.as_str().trim_end_matches('/')
    }

    /// Where a person signs in at the provider, and sees that they still are: the origin of
    /// its authorize URL (`https://github.com/`, or the mock's own home page).
    pub fn provider_home(&self, provider: common::Provider) -> String {
        let authorize = match provider {
            common::Provider::GitHub => &self.github.authorize_url,
            common::Provider::Google => &self.google.authorize_url,
        };
        format!("{}/", authorize.origin().ascii_serialization())
    }

    /// Whether cookies must be `Secure` (the app is served over https).
    pub fn secure_cookies(&self) -> bool {
        self.base_url.scheme() == "https"
    }
}

/// Parses a URL the code itself builds from a base the caller vouches for.
pub(crate) fn url(value: &str) -> Url {
    Url::parse(value.trim_end_matches('/')).unwrap_or_else(|e| panic!("invalid URL {value:?}: {e}"))
}
