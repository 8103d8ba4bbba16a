//! Tokens as `/__mock/state` and `GET /__mock/tokens` list them: what they are, whether they
//! still work, and what ended them.

use common::Provider;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    Access,
    Refresh,
}

/// Whether a token still works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenState {
    Active,
    /// Ended before its time: see [`TokenRecord::ended`].
    Revoked,
    /// Past its `expires_at`.
    Expired,
}

/// What ended a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndCause {
    /// A revocation call named this very token (GitHub `DELETE /applications/{id}/token`,
    /// Google `POST /revoke`).
    Revoked,
    /// Its grant was removed by a call: GitHub `DELETE /applications/{id}/grant`, or a Google
    /// `/revoke` of another token of the same grant (Google ends the whole grant).
    GrantRemoved,
    /// The provider's own limit, not a call of the app: past ten live GitHub tokens per user,
    /// app and scope set, or 100 Google refresh tokens per account and client, the oldest go.
    TokenLimit,
    /// The authorization code it was issued for was exchanged a second time (RFC 6749
    /// §4.1.2: the provider then revokes what the code produced).
    CodeReplayed,
    /// The user removed the app's access at the provider, which ends every token of the
    /// grant: GitHub's Settings → Applications → Revoke (`/settings/applications`), Google's
    /// third-party connections → Remove access (`/connections`), or the same done from
    /// `POST /__mock/grants/remove`. Neither the app nor a call of it.
    UserRemovedAccess,
}

impl EndCause {
    /// What the cause means, in words.
    pub fn describe(self) -> &'static str {
        match self {
            EndCause::Revoked => "revoked by a call that named it",
            EndCause::GrantRemoved => "its grant was removed, which ends every token of it",
            EndCause::TokenLimit => "the provider's own limit on live tokens ended the oldest",
            EndCause::CodeReplayed => {
                "its authorization code was exchanged again, so the provider revoked what the code produced"
            }
            EndCause::UserRemovedAccess => {
                "the user removed the app's access at the provider, which ends every token of the grant"
            }
        }
    }

    /// What ended a token of `user` (a GitHub login, a Google email) at `provider`, in one
    /// line for a page: who did it, for the cause that names a person ("ada removed the
    /// app's access at GitHub"), else [`EndCause::describe`].
    pub fn in_words(self, provider: Provider, user: &str) -> String {
        match self {
            EndCause::UserRemovedAccess => {
                format!("{user} removed the app's access at {}", provider.name())
            }
            other => other.describe().to_string(),
        }
    }
}

/// How and when a token ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ending {
    /// The sequence number of the event that ended it: the revocation call's record for
    /// `revoked` and `grant_removed`, else the `token_limit`, `code_refused` or
    /// `user_removed_access` event.
    pub seq: u64,
    pub at: String,
    pub cause: EndCause,
    /// `METHOD /path` of the call that ended it, when a call did.
    pub endpoint: Option<String>,
    /// One line for people.
    pub why: String,
}

/// A token as `/__mock/state` lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenRecord {
    pub token: String,
    pub kind: TokenKind,
    pub client_id: String,
    /// The owner: the account key (GitHub login, Google `sub`).
    pub user: String,
    /// What a person recognises: GitHub login, Google email.
    pub username: Option<String>,
    pub scopes: Vec<String>,
    pub issued_at: String,
    /// The sequence number of the event that issued it (`code_exchanged`, `token_refreshed`).
    pub issued_seq: u64,
    pub expires_at: Option<String>,
    pub state: TokenState,
    /// What ended it; `None` while active or merely expired.
    pub ended: Option<Ending>,
    /// The authorization code it was issued for, if any.
    pub code: Option<String>,
}

impl TokenRecord {
    pub fn is_active(&self) -> bool {
        self.state == TokenState::Active
    }
}

/// `GET /__mock/tokens?user=USER&client_id=ID`: tokens, in the order they were issued.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokensDoc {
    pub provider: Provider,
    /// The sequence number the next event will get.
    pub next_seq: u64,
    pub tokens: Vec<TokenRecord>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_removing_access_reads_as_their_doing() {
        let cause = EndCause::UserRemovedAccess;
        let json = serde_json::to_value(cause).unwrap();
        assert_eq!(json, "user_removed_access");
        let words = cause.in_words(Provider::GitHub, "ada");
        assert_eq!(words, "ada removed the app's access at GitHub");
        let google = cause.in_words(Provider::Google, "ada@example.com");
        assert_eq!(google, "ada@example.com removed the app's access at Google");
        let limit = EndCause::TokenLimit.in_words(Provider::GitHub, "ada");
        assert_eq!(limit, EndCause::TokenLimit.describe());
    }
}
