//! Retired tokens: access tokens the app no longer uses but that may still work at the
//! provider, kept until they are known to be dead.
//!
//! A row is written in the same transaction that stops using its token (the re-login that
//! stores a newer one, see [`super::accounts::sign_in`]), or when a login fails after its code
//! exchange (a Google token, which is never revoked alone, or a GitHub one whose revocation
//! failed). It is deleted only when the provider confirmed
//! the token dead (revoked now or already), when a Google grant it belonged to was ended, or
//! once its `expires_at` has passed. What to revoke and when is decided in [`crate::tokens`].

use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::providers::{Grant, Provider};

/// How long a Google access token lives when Google's answer gave no `expires_in` (it always
/// does, with 3599 s): Google's documented lifetime of an access token, one hour.
pub const GOOGLE_DEFAULT_LIFETIME_SECS: i64 = 60 * 60;

/// One retired token.
#[derive(Debug, Clone)]
pub struct Retired {
    pub id: i64,
    pub provider: Provider,
    pub user_id: Option<String>,
    pub access_token: String,
    pub expires_at: Option<i64>,
}

/// When a freshly exchanged token expires, if the provider said (Google does, GitHub not).
pub fn announced_end(grant: &Grant, now: i64) -> Option<i64> {
    grant.expires_in.map(|secs| now.saturating_add(secs))
}

/// When a token of `provider` stops working by itself: the expiry the provider announced,
/// else Google's one-hour lifetime; `None` for GitHub, whose OAuth App tokens never expire.
pub fn lifetime_end(provider: Provider, announced: Option<i64>, now: i64) -> Option<i64> {
    match provider {
        Provider::GitHub => announced,
        Provider::Google => announced.or(Some(now + GOOGLE_DEFAULT_LIFETIME_SECS)),
    }
}

/// Keeps a token that the app stops using. `user_id` is `None` when the login it came from
/// failed before the user was known.
pub fn retire(
    conn: &Connection,
    provider: Provider,
    user_id: Option<&str>,
    access_token: &str,
    expires_at: Option<i64>,
    now: i64,
) -> rusqlite::Result<Retired> {
    conn.execute(
        "INSERT INTO retired_tokens (provider, user_id, access_token, retired_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![provider.slug(), user_id, access_token, now, expires_at],
    )?;
    Ok(Retired {
        id: conn.last_insert_rowid(),
        provider,
        user_id: user_id.map(str::to_string),
        access_token: access_token.to_string(),
        expires_at,
    })
}

const COLUMNS: &str = "id, provider, user_id, access_token, expires_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Retired> {
    let provider: String = row.get(1)?;
    Ok(Retired {
        id: row.get(0)?,
        provider: provider.parse().map_err(|_| {
            rusqlite::Error::InvalidColumnType(1, provider, rusqlite::types::Type::Text)
        })?,
        user_id: row.get(2)?,
        access_token: row.get(3)?,
        expires_at: row.get(4)?,
    })
}

/// The retired tokens of one user at one provider, oldest first.
pub fn of_user(
    conn: &Connection,
    user_id: &str,
    provider: Provider,
) -> rusqlite::Result<Vec<Retired>> {
    let mut statement = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM retired_tokens WHERE user_id = ?1 AND provider = ?2 ORDER BY id"
    ))?;
    let rows = statement.query_map(params![user_id, provider.slug()], from_row)?;
    rows.collect()
}

/// Up to `limit` retired tokens of a provider, whoever they belong to, oldest first: what a
/// sweep retries.
pub fn to_sweep(
    conn: &Connection,
    provider: Provider,
    limit: usize,
) -> rusqlite::Result<Vec<Retired>> {
    let mut statement = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM retired_tokens WHERE provider = ?1 ORDER BY id LIMIT ?2"
    ))?;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let rows = statement.query_map(params![provider.slug(), limit], from_row)?;
    rows.collect()
}

/// The newest retired row of a user at a provider, if any.
pub fn newest_id(
    conn: &Connection,
    user_id: &str,
    provider: Provider,
) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "SELECT MAX(id) FROM retired_tokens WHERE user_id = ?1 AND provider = ?2",
        params![user_id, provider.slug()],
        |row| row.get(0),
    )
    .optional()
    .map(Option::flatten)
}

/// Deletes a row whose token the provider confirmed dead.
pub fn forget(conn: &Connection, id: i64) -> rusqlite::Result<bool> {
    Ok(conn.execute("DELETE FROM retired_tokens WHERE id = ?1", [id])? > 0)
}

/// Notes why a revocation failed; the row stays for the next try.
pub fn record_failure(conn: &Connection, id: i64, error: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE retired_tokens SET last_error = ?2 WHERE id = ?1",
        params![id, error],
    )?;
    Ok(())
}

/// Deletes a user's retired tokens at a provider up to row `up_to` (those retired before a
/// grant was ended, so issued before it and ended with it). Returns how many of them had not
/// expired yet, i.e. how many the end of the grant killed.
pub fn forget_ended_with_grant(
    conn: &Connection,
    user_id: &str,
    provider: Provider,
    up_to: i64,
    now: i64,
) -> rusqlite::Result<usize> {
    let live: i64 = conn.query_row(
        "SELECT COUNT(*) FROM retired_tokens WHERE user_id = ?1 AND provider = ?2 AND id <= ?3
           AND (expires_at IS NULL OR expires_at > ?4)",
        params![user_id, provider.slug(), up_to, now],
        |row| row.get(0),
    )?;
    conn.execute(
        "DELETE FROM retired_tokens WHERE user_id = ?1 AND provider = ?2 AND id <= ?3",
        params![user_id, provider.slug(), up_to],
    )?;
    Ok(usize::try_from(live).unwrap_or(0))
}

/// Deletes the rows whose token has expired by itself (a token without an expiry stays).
pub fn purge_expired(conn: &Connection, now: i64) -> rusqlite::Result<usize> {
    conn.execute(
        "DELETE FROM retired_tokens WHERE expires_at IS NOT NULL AND expires_at <= ?1",
        [now],
    )
}
