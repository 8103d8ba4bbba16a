//! Pending OAuth flows: the `state` sent to the provider, which browser started the flow, and
//! the PKCE verifier. Valid 10 minutes, deleted on first use.

use rusqlite::{Connection, OptionalExtension, params};

/// How long a user has to finish signing in at the provider.
pub const STATE_TTL_SECS: i64 = 10 * 60;

/// A pending flow, as the callback finds it.
#[derive(Debug, Clone)]
pub struct PendingFlow {
    pub provider: String,
    pub browser_hash: String,
    pub pkce_verifier: String,
    pub expires_at: i64,
}

pub fn insert(
    conn: &Connection,
    state: &str,
    provider: &str,
    browser_hash: &str,
    pkce_verifier: &str,
    now: i64,
) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM oauth_states WHERE expires_at <= ?1", [now])?;
    conn.execute(
        "INSERT INTO oauth_states (state, provider, browser_hash, pkce_verifier, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            state,
            provider,
            browser_hash,
            pkce_verifier,
            now + STATE_TTL_SECS
        ],
    )?;
    Ok(())
}

/// Removes and returns the flow of `state`: whatever the callback decides, a state is good
/// for one try only.
pub fn take(conn: &Connection, state: &str) -> rusqlite::Result<Option<PendingFlow>> {
    conn.query_row(
        "DELETE FROM oauth_states WHERE state = ?1
         RETURNING provider, browser_hash, pkce_verifier, expires_at",
        [state],
        |row| {
            Ok(PendingFlow {
                provider: row.get(0)?,
                browser_hash: row.get(1)?,
                pkce_verifier: row.get(2)?,
                expires_at: row.get(3)?,
            })
        },
    )
    .optional()
}
