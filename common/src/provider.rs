//! GitHub and Google: their names, the slug in paths and JSON, and where their endpoints are.
//! The mocks serve the real paths, so an app switches between mock and real providers by base
//! URL alone.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A provider the lab knows. `Display` is the name people read (`GitHub`); [`Provider::slug`]
/// the one in paths, JSON and the app's database (`github`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    GitHub,
    Google,
}

impl Provider {
    pub const ALL: [Provider; 2] = [Provider::GitHub, Provider::Google];

    /// The name people read: `GitHub`, `Google`.
    pub fn name(self) -> &'static str {
        match self {
            Provider::GitHub => "GitHub",
            Provider::Google => "Google",
        }
    }

    /// The name in paths, JSON and the database: `github`, `google`.
    pub fn slug(self) -> &'static str {
        match self {
            Provider::GitHub => "github",
            Provider::Google => "google",
        }
    }

    /// The path of the authorize page on the provider's browser host.
    pub fn authorize_path(self) -> &'static str {
        match self {
            Provider::GitHub => github::AUTHORIZE_PATH,
            Provider::Google => google::AUTHORIZE_PATH,
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The slug that names no provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownProvider;

impl FromStr for Provider {
    type Err = UnknownProvider;

    fn from_str(s: &str) -> Result<Self, UnknownProvider> {
        Provider::ALL
            .into_iter()
            .find(|p| p.slug() == s)
            .ok_or(UnknownProvider)
    }
}

/// GitHub (an OAuth App): the browser host and the REST API host.
pub mod github {
    pub const WEB: &str = "https://github.com";
    pub const API: &str = "https://api.github.com";
    pub const AUTHORIZE_PATH: &str = "/login/oauth/authorize";
    pub const TOKEN_PATH: &str = "/login/oauth/access_token";
}

/// Google: the browser host, the OAuth host (token, revoke), the OpenID Connect host.
pub mod google {
    pub const ACCOUNTS: &str = "https://accounts.google.com";
    pub const OAUTH2: &str = "https://oauth2.googleapis.com";
    pub const OPENIDCONNECT: &str = "https://openidconnect.googleapis.com";
    pub const AUTHORIZE_PATH: &str = "/o/oauth2/v2/auth";
    pub const TOKEN_PATH: &str = "/token";
    pub const USERINFO_PATH: &str = "/v1/userinfo";
    pub const REVOKE_PATH: &str = "/revoke";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_read_back_and_serde_writes_them() {
        for provider in Provider::ALL {
            assert_eq!(provider.slug().parse::<Provider>(), Ok(provider));
            let json = serde_json::to_string(&provider).unwrap();
            assert_eq!(json, format!("\"{}\"", provider.slug()));
        }
        assert_eq!("GitHub".parse::<Provider>(), Err(UnknownProvider));
        assert_eq!(Provider::Google.to_string(), "Google");
    }
}
