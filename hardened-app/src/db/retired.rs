//! Retired tokens: access tokens the app no longer uses but that may still work at the
//! provider, kept until they are known to be dead. A retired token the app owes a
//! revocation is *pending*: it is in the revocation queue, retried with backoff by
//! [`crate::tokens::queue`] until the provider confirms it dead. Every retired GitHub token
//! is pending; a Google one only when a disconnect could not revoke it (a superseded Google
//! token is left to expire, since revoking it would end the grant).
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
    /// Revocation attempts that failed so far.
    pub attempts: u32,
}

/// A pending revocation as the user sees it: never the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub provider: Provider,
    pub attempts: u32,
    /// When the next attempt is due, in milliseconds since the epoch; `None` while refused.
    pub next_attempt_ms: Option<i64>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// Set when the provider refused in a way retrying cannot fix.
    pub refused: Option<String>,
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

/// A failed revocation attempt, as the queue keeps it.
#[derive(Debug, Clone)]
pub struct Failure {
    pub error: String,
    /// Attempts made: 1, or 0 for a token not tried because an older one failed first.
    pub attempts: u32,
    /// Retrying cannot fix it (wrong client credentials).
    pub refused: bool,
    /// When the next attempt is due, in milliseconds since the epoch.
    pub next_ms: i64,
}

/// Keeps a token that the app stops using. `user_id` is `None` when the login it came from
/// failed before the user was known. A GitHub token is pending (to revoke), due at once; a
/// Google one waits for its expiry.
pub fn retire(
    conn: &Connection,
    provider: Provider,
    user_id: Option<&str>,
    access_token: &str,
    expires_at: Option<i64>,
    now: i64,
) -> rusqlite::Result<Retired> {
    conn.prepare_cached(
        "INSERT INTO retired_tokens (provider, user_id, access_token, retired_at, expires_at,
             pending)
         VALUES (?1, ?2, seal(?3), ?4, ?5, ?6)",
    )?
    .execute(params![
        provider.slug(),
        user_id,
        access_token,
        now,
        expires_at,
        provider == Provider::GitHub
    ])?;
    Ok(Retired {
        id: conn.last_insert_rowid(),
        provider,
        user_id: user_id.map(str::to_string),
        access_token: access_token.to_string(),
        expires_at,
        attempts: 0,
    })
}

const COLUMNS: &str = "id, provider, user_id, unseal(access_token), expires_at, attempts";

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
        attempts: row.get(5)?,
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

/// Up to `limit` pending revocations due at `now_ms`, oldest first: what the queue tries
/// next. Refused ones wait for the next start ([`due_at_start`]).
pub fn due(conn: &Connection, now_ms: i64, limit: usize) -> rusqlite::Result<Vec<Retired>> {
    let mut statement = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM retired_tokens
         WHERE pending = 1 AND refused IS NULL AND next_attempt_ms <= ?1 ORDER BY id LIMIT ?2"
    ))?;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let rows = statement.query_map(params![now_ms, limit], from_row)?;
    rows.collect()
}

/// When the earliest pending revocation is due, if any is waiting (refused ones are not).
pub fn next_due_ms(conn: &Connection) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached(
        "SELECT MIN(next_attempt_ms) FROM retired_tokens WHERE pending = 1 AND refused IS NULL",
    )?
    .query_row([], |row| row.get(0))
}

/// The pending revocations of a user, oldest first.
pub fn pending_of_user(conn: &Connection, user_id: &str) -> rusqlite::Result<Vec<Pending>> {
    let mut statement = conn.prepare(
        "SELECT provider, attempts, next_attempt_ms, last_error, refused FROM retired_tokens
         WHERE user_id = ?1 AND pending = 1 ORDER BY id",
    )?;
    let rows = statement.query_map([user_id], |row| {
        let provider: String = row.get(0)?;
        let refused: Option<String> = row.get(4)?;
        Ok(Pending {
            provider: provider.parse().map_err(|_| {
                rusqlite::Error::InvalidColumnType(0, provider, rusqlite::types::Type::Text)
            })?,
            attempts: row.get(1)?,
            next_attempt_ms: if refused.is_some() {
                None
            } else {
                Some(row.get(2)?)
            },
            last_error: row.get(3)?,
            refused,
        })
    })?;
    rows.collect()
}

/// How many pending revocations were refused.
pub fn refused_count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "SELECT COUNT(*) FROM retired_tokens WHERE pending = 1 AND refused IS NOT NULL",
    )?
    .query_row([], |row| row.get(0))
}

/// The newest retired row of a user at a provider, if any.
pub fn newest_id(
    conn: &Connection,
    user_id: &str,
    provider: Provider,
) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT MAX(id) FROM retired_tokens WHERE user_id = ?1 AND provider = ?2")?
        .query_row(params![user_id, provider.slug()], |row| row.get(0))
        .optional()
        .map(Option::flatten)
}

/// Deletes a row whose token the provider confirmed dead.
pub fn forget(conn: &Connection, id: i64) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM retired_tokens WHERE id = ?1")?
        .execute([id])?
        > 0)
}

/// Notes a failed attempt that may pass later: the row stays, due again at `next_ms`.
pub fn postpone(conn: &Connection, id: i64, error: &str, next_ms: i64) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE retired_tokens SET attempts = attempts + 1, last_error = ?2, next_attempt_ms = ?3
         WHERE id = ?1",
    )?
    .execute(params![id, error, next_ms])?;
    Ok(())
}

/// Notes a refusal that retrying cannot fix: the row stays, not retried until the next start
/// ([`due_at_start`]).
pub fn refuse(conn: &Connection, id: i64, error: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE retired_tokens SET attempts = attempts + 1, last_error = ?2, refused = ?2
         WHERE id = ?1",
    )?
    .execute(params![id, error])?;
    Ok(())
}

/// At start-up every pending revocation is due at once, refused ones included: the provider
/// may be back, or the operator may have corrected the configuration. Returns how many.
pub fn due_at_start(conn: &Connection, now_ms: i64) -> rusqlite::Result<usize> {
    conn.prepare_cached(
        "UPDATE retired_tokens SET refused = NULL, next_attempt_ms = MIN(next_attempt_ms, ?1)
         WHERE pending = 1",
    )?
    .execute([now_ms])
}

/// A new login of a Google account whose revocation is pending uses that grant again, and a
/// revocation would end it: the pending rows are left to expire instead (the rule for a
/// superseded Google token). Returns how many.
pub fn cancel_google_revocations(
    conn: &Connection,
    provider_user_id: &str,
) -> rusqlite::Result<usize> {
    conn.prepare_cached(
        "UPDATE retired_tokens SET pending = 0
         WHERE provider = 'google' AND provider_user_id = ?1 AND pending = 1",
    )?
    .execute([provider_user_id])
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
    let live: i64 = conn
        .prepare_cached(
            "SELECT COUNT(*) FROM retired_tokens WHERE user_id = ?1 AND provider = ?2 AND id <= ?3
           AND (expires_at IS NULL OR expires_at > ?4)",
        )?
        .query_row(params![user_id, provider.slug(), up_to, now], |row| {
            row.get(0)
        })?;
    conn.prepare_cached(
        "DELETE FROM retired_tokens WHERE user_id = ?1 AND provider = ?2 AND id <= ?3",
    )?
    .execute(params![user_id, provider.slug(), up_to])?;
    Ok(usize::try_from(live).unwrap_or(0))
}

/// Deletes the rows whose token has expired by itself (a token without an expiry stays).
pub fn purge_expired(conn: &Connection, now: i64) -> rusqlite::Result<usize> {
    conn.prepare_cached(
        "DELETE FROM retired_tokens WHERE expires_at IS NOT NULL AND expires_at <= ?1",
    )?
    .execute([now])
}
