//! Seed data: the users and registered OAuth clients each mock starts with.
//!
//! The defaults below are what a fresh clone gets. A TOML file (`--seed FILE`, see the crate
//! README) replaces the users and adds clients; the default clients always stay, because the
//! app's zero-config defaults rely on them. A class of students ([`class_member`],
//! `--class N`) can be added to either.

mod class;

pub use class::class_member;

use serde::{Deserialize, Serialize};

use common::Provider;
use common::defaults::{
    APP_URL, GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET, GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET,
    redirect_uri,
};

/// A GitHub account as `/user` and `/user/emails` describe it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GitHubUser {
    pub login: String,
    pub id: u64,
    #[serde(default)]
    pub name: Option<String>,
    /// The public email: often null on real accounts.
    #[serde(default)]
    pub email: Option<String>,
    /// An absolute URL, or a path on the mock; none: the mock's own (`crate::avatars`).
    #[serde(default)]
    pub avatar_url: Option<String>,
    #[serde(default)]
    pub emails: Vec<GitHubEmail>,
}

/// One row of `GET /user/emails`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GitHubEmail {
    pub email: String,
    #[serde(default)]
    pub primary: bool,
    #[serde(default)]
    pub verified: bool,
    /// `"public"`, `"private"` or null, as GitHub answers.
    #[serde(default)]
    pub visibility: Option<String>,
}

/// A Google account as the userinfo endpoint describes it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GoogleUser {
    pub sub: String,
    pub email: String,
    #[serde(default)]
    pub email_verified: bool,
    pub name: String,
    #[serde(default)]
    pub given_name: Option<String>,
    #[serde(default)]
    pub family_name: Option<String>,
    /// An absolute URL, or a path on the mock; none: the mock's own (`crate::avatars`).
    #[serde(default)]
    pub picture: Option<String>,
}

/// A registered OAuth client (a GitHub "OAuth App" or a Google "OAuth client ID").
///
/// GitHub OAuth Apps have one callback URL; the mock accepts several so that one client can
/// serve several local copies of an app.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ClientSeed {
    pub client_id: String,
    pub client_secret: String,
    #[serde(default)]
    pub name: Option<String>,
    pub redirect_uris: Vec<String>,
}

/// Everything one mock starts with (and returns to on `POST /__mock/reset`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Seeds<U> {
    #[serde(default = "Vec::new")]
    pub users: Vec<U>,
    #[serde(default = "Vec::new")]
    pub clients: Vec<ClientSeed>,
}

/// The seed file: `[[github.users]]`, `[[github.clients]]`, `[[google.users]]`,
/// `[[google.clients]]`. A section that lists users replaces that provider's default users;
/// clients are added to the default client.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedFile {
    #[serde(default)]
    pub github: Option<Seeds<GitHubUser>>,
    #[serde(default)]
    pub google: Option<Seeds<GoogleUser>>,
}

impl SeedFile {
    /// Reads and parses a seed file, naming the file in any error.
    pub fn load(path: &std::path::Path) -> anyhow::Result<Self> {
        use anyhow::Context;
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read seed file {}", path.display()))?;
        toml::from_str(&text).with_context(|| format!("invalid seed file {}", path.display()))
    }

    /// The GitHub seeds: defaults, with this file's users and clients applied.
    pub fn github(&self) -> Seeds<GitHubUser> {
        merge(default_github(), self.github.clone())
    }

    /// The Google seeds: defaults, with this file's users and clients applied.
    pub fn google(&self) -> Seeds<GoogleUser> {
        merge(default_google(), self.google.clone())
    }

    /// These seeds with the default clients also accepting the callbacks of an app at
    /// `app_url` (`/auth/github/callback`, `/auth/google/callback`), as if it had registered
    /// them (`POST /__mock/clients`): a mock started for an app on a port of its own.
    pub fn with_app(self, app_url: &str) -> SeedFile {
        let (mut github, mut google) = (self.github(), self.google());
        let default_clients = [
            (&mut github.clients, GITHUB_CLIENT_ID, Provider::GitHub),
            (&mut google.clients, GOOGLE_CLIENT_ID, Provider::Google),
        ];
        for (clients, id, provider) in default_clients {
            let uri = redirect_uri(app_url, provider);
            for client in clients.iter_mut().filter(|c| c.client_id == id) {
                if !client.redirect_uris.contains(&uri) {
                    client.redirect_uris.push(uri.clone());
                }
            }
        }
        SeedFile {
            github: Some(github),
            google: Some(google),
        }
    }
}

fn merge<U>(mut base: Seeds<U>, file: Option<Seeds<U>>) -> Seeds<U> {
    if let Some(file) = file {
        if !file.users.is_empty() {
            base.users = file.users;
        }
        for client in file.clients {
            base.clients.retain(|c| c.client_id != client.client_id);
            base.clients.push(client);
        }
    }
    base
}

/// The default GitHub users (their avatars are the mock's own, see [`crate::avatars`]):
/// - `ada`: public email, and the same verified address as Google's Ada (account linking);
/// - `grace`: public email null, so the address must come from `/user/emails`;
/// - `linus`: a primary address that is not verified (must never be used to link).
pub fn default_github() -> Seeds<GitHubUser> {
    let email =
        |email: &str, primary: bool, verified: bool, visibility: Option<&str>| GitHubEmail {
            email: email.into(),
            primary,
            verified,
            visibility: visibility.map(Into::into),
        };
    Seeds {
        users: vec![
            GitHubUser {
                login: "ada".into(),
                id: 1_000_001,
                name: Some("Ada Lovelace".into()),
                email: Some("ada@example.com".into()),
                avatar_url: None,
                emails: vec![email("ada@example.com", true, true, Some("public"))],
            },
            GitHubUser {
                login: "grace".into(),
                id: 1_000_002,
                name: Some("Grace Hopper".into()),
                email: None,
                avatar_url: None,
                emails: vec![
                    email("grace@example.com", true, true, Some("private")),
                    email("1000002+grace@users.noreply.github.com", false, true, None),
                ],
            },
            GitHubUser {
                login: "linus".into(),
                id: 1_000_003,
                name: Some("Linus Unverified".into()),
                email: None,
                avatar_url: None,
                emails: vec![email("linus@example.com", true, false, Some("private"))],
            },
        ],
        clients: vec![ClientSeed {
            client_id: GITHUB_CLIENT_ID.into(),
            client_secret: GITHUB_CLIENT_SECRET.into(),
            name: Some("Logout Lab".into()),
            redirect_uris: vec![redirect_uri(APP_URL, Provider::GitHub)],
        }],
    }
}

/// The default Google users (their pictures are the mock's own, see [`crate::avatars`]):
/// - `ada@example.com`: verified, the same person as GitHub's `ada`;
/// - `grace@example.com`: *not* verified, the same address as GitHub's `grace` (must not link);
/// - `bob@example.com`: verified, a Google-only person.
pub fn default_google() -> Seeds<GoogleUser> {
    let user = |sub: &str, email: &str, verified: bool, given: &str, family: &str| GoogleUser {
        sub: sub.into(),
        email: email.into(),
        email_verified: verified,
        name: format!("{given} {family}"),
        given_name: Some(given.into()),
        family_name: Some(family.into()),
        picture: None,
    };
    Seeds {
        users: vec![
            user(
                "109876543210987654321",
                "ada@example.com",
                true,
                "Ada",
                "Lovelace",
            ),
            user(
                "109876543210987654322",
                "grace@example.com",
                false,
                "Grace",
                "Hopper",
            ),
            user(
                "109876543210987654323",
                "bob@example.com",
                true,
                "Bob",
                "Builder",
            ),
        ],
        clients: vec![ClientSeed {
            client_id: GOOGLE_CLIENT_ID.into(),
            client_secret: GOOGLE_CLIENT_SECRET.into(),
            name: Some("Logout Lab".into()),
            redirect_uris: vec![redirect_uri(APP_URL, Provider::Google)],
        }],
    }
}

#[cfg(test)]
mod tests;
