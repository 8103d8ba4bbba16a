//! Authorization codes as `/__mock/state` lists them, with the PKCE challenge bound to one.

use serde::{Deserialize, Serialize};

/// PKCE challenge bound to a code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pkce {
    pub challenge: String,
    /// `S256` or `plain`.
    pub method: String,
}

/// An authorization code as `/__mock/state` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeRecord {
    pub code: String,
    pub client_id: String,
    pub user: String,
    /// The `redirect_uri` given at authorize, if one was.
    pub redirect_uri: Option<String>,
    pub scopes: Vec<String>,
    pub pkce: Option<Pkce>,
    /// Google: the `nonce` to copy into the ID token.
    pub nonce: Option<String>,
    /// Google: `access_type=offline` was asked, so a refresh token may be issued.
    pub offline: bool,
    /// Google: the consent screen was shown for this code (refresh tokens come with it).
    pub consented: bool,
    pub issued_at: String,
    pub used: bool,
    /// Tokens issued in exchange for this code: revoked if the code is replayed.
    pub tokens: Vec<String>,
}
