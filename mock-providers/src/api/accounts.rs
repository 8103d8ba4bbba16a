//! Who is who at a mock: provider accounts, registered OAuth clients, provider sessions
//! (`GET /__mock/sessions`) and grants (which apps a user authorized).

use std::collections::BTreeSet;

use common::Provider;
use serde::{Deserialize, Serialize};

use crate::config::{ClientSeed, GitHubUser, GoogleUser};

/// A provider account. The key is what tokens and grants point at: the GitHub login, the
/// Google `sub`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Account {
    GitHub(GitHubUser),
    Google(GoogleUser),
}

impl Account {
    /// The stable key: GitHub login, Google `sub`.
    pub fn key(&self) -> &str {
        match self {
            Account::GitHub(u) => &u.login,
            Account::Google(u) => &u.sub,
        }
    }

    /// What a person types on the sign-in page: GitHub login, Google email.
    pub fn username(&self) -> &str {
        match self {
            Account::GitHub(u) => &u.login,
            Account::Google(u) => &u.email,
        }
    }

    pub fn github(&self) -> Option<&GitHubUser> {
        match self {
            Account::GitHub(user) => Some(user),
            Account::Google(_) => None,
        }
    }

    pub fn google(&self) -> Option<&GoogleUser> {
        match self {
            Account::Google(user) => Some(user),
            Account::GitHub(_) => None,
        }
    }

    pub fn display_name(&self) -> &str {
        match self {
            Account::GitHub(u) => u.name.as_deref().unwrap_or(&u.login),
            Account::Google(u) => &u.name,
        }
    }
}

/// A registered OAuth client.
pub type Client = ClientSeed;

/// `GET /__mock/clients`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientsDoc {
    pub provider: Provider,
    pub clients: Vec<Client>,
}

/// A provider login session (what the `user_session` / `SID` cookie points at).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    /// The cookie value.
    pub id: String,
    /// The account key.
    pub user: String,
    /// The account's login or email, beside its key (Google's key is a number no person
    /// recognises).
    pub username: Option<String>,
    pub created_at: String,
    /// Anti-forgery token that the consent and sign-out forms must carry.
    pub csrf: String,
}

/// `GET /__mock/sessions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionsDoc {
    pub provider: Provider,
    pub sessions: Vec<SessionRecord>,
}

/// A user's authorization of a client, for a set of scopes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub user: String,
    pub client_id: String,
    pub scopes: BTreeSet<String>,
    pub granted_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_of_both_providers_read_back() {
        let seeds = [
            Account::GitHub(crate::config::default_github().users[0].clone()),
            Account::Google(crate::config::default_google().users[0].clone()),
        ];
        for account in seeds {
            let json = serde_json::to_string(&account).unwrap();
            assert_eq!(serde_json::from_str::<Account>(&json).unwrap(), account);
        }
    }
}
