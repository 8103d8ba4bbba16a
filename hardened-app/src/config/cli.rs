//! The command line and environment ([`Cli`]), and their resolution into a [`Config`]. The
//! file is long because each setting is a field with its `--help` text; what resolves them follows.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, ValueEnum};
use common::defaults;
use url::Url;

use super::{Config, GitHubConfig, GoogleConfig, KeySource};
use crate::backoff::Backoff;
use crate::sealing::Key;

/// Which providers the default URLs and client credentials point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProvidersMode {
    /// The local mock providers (`cargo run -p mock-providers`), with their default clients.
    Mock,
    /// The real github.com and Google; client ids and secrets must be given.
    Real,
}

/// The hardened app: the course's app (GitHub and Google login, `/me`, `POST /logout`,
/// disconnect) plus what production needs beyond the course.
///
/// Every option can also be given as the environment variable in brackets, or in a `.env`
/// file in the working directory.
#[derive(Debug, Clone, Parser)]
#[command(name = "hardened-app", version, about, long_about = None)]
pub struct Cli {
    /// Public URL of the app; the OAuth redirect URIs are BASE_URL + /auth/{provider}/callback.
    /// Port 0 (http://localhost:0) serves on any free port, printed at start.
    #[arg(long, env = "BASE_URL", default_value = defaults::APP_URL)]
    pub base_url: String,
    /// Address to listen on [default: loopback (or 0.0.0.0 for other hosts) on BASE_URL's port].
    #[arg(long = "listen", env = "LISTEN_ADDR")]
    pub listen_addr: Option<SocketAddr>,
    /// SQLite database file (created, and migrated, at start-up).
    #[arg(long, env = "DATABASE_PATH", default_value = "logout-lab.db")]
    pub database_path: PathBuf,
    /// Which providers the defaults below point at: the local mocks or the real ones.
    #[arg(long, env = "LOGOUT_LAB_PROVIDERS", value_enum, default_value_t = ProvidersMode::Mock)]
    pub providers: ProvidersMode,
    /// Timeout, in seconds, of every call to a provider.
    #[arg(long, env = "PROVIDER_TIMEOUT_SECS", default_value_t = 10)]
    pub provider_timeout_secs: u64,
    /// Where to report logins, logouts and disconnects for the mocks' timeline, or `off`
    /// [default: the mock GitHub's /__mock/app-events when GitHub is on this machine, else off].
    #[arg(long, env = "LOGOUT_LAB_TIMELINE")]
    pub timeline: Option<String>,
    /// Milliseconds the revocation queue waits after a revocation's first failure; the wait
    /// doubles at each further failure (with jitter), up to --retry-cap-secs.
    #[arg(long, env = "REVOCATION_RETRY_FIRST_MS", default_value_t = 1000)]
    pub retry_first_ms: u64,
    /// The key that seals the stored provider tokens: 32 bytes in base64 (`openssl rand
    /// -base64 32`) [default: read from --token-key-file].
    #[arg(long, env = "LOGOUT_LAB_TOKEN_KEY", hide_env_values = true)]
    pub token_key: Option<String>,
    /// The file holding the token key [default: DATABASE_PATH + .key; with the mock providers
    /// it is created, mode 0600, on first run].
    #[arg(long, env = "LOGOUT_LAB_TOKEN_KEY_FILE")]
    pub token_key_file: Option<PathBuf>,
    /// The longest wait, in seconds, between two attempts at a failed revocation.
    #[arg(long, env = "REVOCATION_RETRY_CAP_SECS", default_value_t = 300)]
    pub retry_cap_secs: u64,
    /// GitHub OAuth App client id [mock default: logout-lab-github; required with real].
    #[arg(long, env = "GITHUB_CLIENT_ID")]
    pub github_client_id: Option<String>,
    /// GitHub OAuth App client secret [mock default: logout-lab-github-secret; required with real].
    #[arg(long, env = "GITHUB_CLIENT_SECRET", hide_env_values = true)]
    pub github_client_secret: Option<String>,
    /// GitHub authorize URL [default: https://github.com/login/oauth/authorize, or the mock's].
    #[arg(long, env = "GITHUB_AUTHORIZE_URL")]
    pub github_authorize_url: Option<String>,
    /// GitHub token URL [default: https://github.com/login/oauth/access_token, or the mock's].
    #[arg(long, env = "GITHUB_TOKEN_URL")]
    pub github_token_url: Option<String>,
    /// GitHub REST API base URL [default: https://api.github.com, or the mock's].
    #[arg(long, env = "GITHUB_API_URL")]
    pub github_api_url: Option<String>,
    /// Google OAuth client id [mock default: logout-lab.apps.googleusercontent.com; required with real].
    #[arg(long, env = "GOOGLE_CLIENT_ID")]
    pub google_client_id: Option<String>,
    /// Google OAuth client secret [mock default: logout-lab-google-secret; required with real].
    #[arg(long, env = "GOOGLE_CLIENT_SECRET", hide_env_values = true)]
    pub google_client_secret: Option<String>,
    /// Google authorize URL [default: https://accounts.google.com/o/oauth2/v2/auth, or the mock's].
    #[arg(long, env = "GOOGLE_AUTHORIZE_URL")]
    pub google_authorize_url: Option<String>,
    /// Google token URL [default: https://oauth2.googleapis.com/token, or the mock's].
    #[arg(long, env = "GOOGLE_TOKEN_URL")]
    pub google_token_url: Option<String>,
    /// Google userinfo URL [default: https://openidconnect.googleapis.com/v1/userinfo, or the mock's].
    #[arg(long, env = "GOOGLE_USERINFO_URL")]
    pub google_userinfo_url: Option<String>,
    /// Google revocation URL [default: https://oauth2.googleapis.com/revoke, or the mock's].
    #[arg(long, env = "GOOGLE_REVOKE_URL")]
    pub google_revoke_url: Option<String>,
}

/// Why the configuration cannot be used. Start-up stops with this message.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("Missing required environment variable: {0}")]
    Missing(&'static str),
    #[error("Invalid {name}: {value:?} is not an absolute http(s) URL (or `off`)")]
    InvalidTimeline { name: &'static str, value: String },
    #[error("Invalid {name}: {value:?} is not an absolute http(s) URL")]
    InvalidUrl { name: &'static str, value: String },
    #[error(
        "{name} is {value}, but this build of the app has no TLS: build it with its default features (`cargo run -p hardened-app`)"
    )]
    NoTls { name: &'static str, value: String },
    #[error("LOGOUT_LAB_TOKEN_KEY: {0}")]
    TokenKey(String),
}

impl Cli {
    /// Resolves defaults for the chosen providers and checks required values.
    pub fn into_config(self) -> Result<Config, ConfigError> {
        let mock = self.providers == ProvidersMode::Mock;
        let token_key = self.token_key_source(mock)?;
        let mut config = Config {
            base_url: parse("BASE_URL", &self.base_url)?,
            github: self.github(mock)?,
            google: self.google(mock)?,
            database_path: self.database_path.clone(),
            provider_timeout: Duration::from_secs(self.provider_timeout_secs.max(1)),
            timeline: None,
            retry: Backoff {
                first: Duration::from_millis(self.retry_first_ms.max(1)),
                cap: Duration::from_secs(self.retry_cap_secs.max(1)),
            },
            token_key,
        };
        config.timeline = self.timeline(&config)?;
        Ok(config)
    }

    /// `--token-key`, else `--token-key-file` (created with the mocks only: with the real
    /// providers a key is the operator's to make and keep).
    fn token_key_source(&self, mock: bool) -> Result<KeySource, ConfigError> {
        if let Some(text) = &self.token_key {
            let key = Key::from_base64(text).map_err(|e| ConfigError::TokenKey(e.to_string()))?;
            return Ok(KeySource::Key(key));
        }
        Ok(match &self.token_key_file {
            Some(path) => KeySource::File {
                path: path.clone(),
                create: mock,
            },
            None => KeySource::beside(&self.database_path, mock),
        })
    }

    /// `--timeline`: a URL, or `off`; by default the mock GitHub's `/__mock/app-events` when
    /// GitHub (its authorize URL) is on this machine, the rule of both apps
    /// ([`common::app_events::mock_url`]), and none with the real providers.
    fn timeline(&self, config: &Config) -> Result<Option<Url>, ConfigError> {
        const NAME: &str = "LOGOUT_LAB_TIMELINE";
        match self.timeline.as_deref().map(str::trim) {
            Some("off") => Ok(None),
            Some(value) => parse(NAME, value)
                .map(Some)
                .map_err(|_| ConfigError::InvalidTimeline {
                    name: NAME,
                    value: value.to_string(),
                }),
            None => {
                let home = config.provider_home(common::Provider::GitHub);
                let mock = common::app_events::mock_url(&home);
                mock.map(|url| parse(NAME, &url)).transpose()
            }
        }
    }

    fn github(&self, mock: bool) -> Result<GitHubConfig, ConfigError> {
        let default = if mock {
            GitHubConfig::mock(defaults::MOCK_GITHUB_URL)
        } else {
            GitHubConfig::real()
        };
        let url = |name, given: &Option<String>, default: &Url| provider_url(name, given, default);
        Ok(GitHubConfig {
            client_id: credential(
                "GITHUB_CLIENT_ID",
                &self.github_client_id,
                mock,
                &default.client_id,
            )?,
            client_secret: credential(
                "GITHUB_CLIENT_SECRET",
                &self.github_client_secret,
                mock,
                &default.client_secret,
            )?,
            authorize_url: url(
                "GITHUB_AUTHORIZE_URL",
                &self.github_authorize_url,
                &default.authorize_url,
            )?,
            token_url: url(
                "GITHUB_TOKEN_URL",
                &self.github_token_url,
                &default.token_url,
            )?,
            api_url: url("GITHUB_API_URL", &self.github_api_url, &default.api_url)?,
        })
    }

    fn google(&self, mock: bool) -> Result<GoogleConfig, ConfigError> {
        let default = if mock {
            GoogleConfig::mock(defaults::MOCK_GOOGLE_URL)
        } else {
            GoogleConfig::real()
        };
        let url = |name, given: &Option<String>, default: &Url| provider_url(name, given, default);
        Ok(GoogleConfig {
            client_id: credential(
                "GOOGLE_CLIENT_ID",
                &self.google_client_id,
                mock,
                &default.client_id,
            )?,
            client_secret: credential(
                "GOOGLE_CLIENT_SECRET",
                &self.google_client_secret,
                mock,
                &default.client_secret,
            )?,
            authorize_url: url(
                "GOOGLE_AUTHORIZE_URL",
                &self.google_authorize_url,
                &default.authorize_url,
            )?,
            token_url: url(
                "GOOGLE_TOKEN_URL",
                &self.google_token_url,
                &default.token_url,
            )?,
            userinfo_url: url(
                "GOOGLE_USERINFO_URL",
                &self.google_userinfo_url,
                &default.userinfo_url,
            )?,
            revoke_url: url(
                "GOOGLE_REVOKE_URL",
                &self.google_revoke_url,
                &default.revoke_url,
            )?,
        })
    }

    /// Where to listen: `--listen`, or BASE_URL's port on loopback when BASE_URL names this
    /// machine (so a laptop demo is not exposed to the network), on every interface otherwise.
    pub fn listen_addr(&self, config: &Config) -> SocketAddr {
        if let Some(addr) = self.listen_addr {
            return addr;
        }
        let port = config.base_url.port_or_known_default().unwrap_or(3000);
        let local = matches!(
            config.base_url.host_str(),
            Some("localhost" | "127.0.0.1" | "[::1]")
        );
        let ip = if local {
            Ipv4Addr::LOCALHOST
        } else {
            Ipv4Addr::UNSPECIFIED
        };
        SocketAddr::from((ip, port))
    }
}

/// A client credential: the one given, else (with the mocks) the mock client's; with the
/// real providers it is required.
fn credential(
    name: &'static str,
    given: &Option<String>,
    mock: bool,
    mock_default: &str,
) -> Result<String, ConfigError> {
    match given.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        Some(value) => Ok(value.to_string()),
        None if mock => Ok(mock_default.to_string()),
        None => Err(ConfigError::Missing(name)),
    }
}

/// A provider URL: the one given, else the default; an https one needs a build with TLS.
fn provider_url(
    name: &'static str,
    given: &Option<String>,
    default: &Url,
) -> Result<Url, ConfigError> {
    let url = match given {
        Some(value) => parse(name, value)?,
        None => default.clone(),
    };
    if url.scheme() == "https" && !cfg!(feature = "tls") {
        return Err(ConfigError::NoTls {
            name,
            value: url.to_string(),
        });
    }
    Ok(url)
}

fn parse(name: &'static str, value: &str) -> Result<Url, ConfigError> {
    let trimmed = value.trim().trim_end_matches('/');
    match Url::parse(trimmed) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(u),
        _ => Err(ConfigError::InvalidUrl {
            name,
            value: value.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests;
