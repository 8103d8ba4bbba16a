//! Retired tokens: access tokens the app no longer uses but that may still work at the
//! provider, kept until they are known to be dead. A retired token the app owes a
//! revocation is *pending*: the pending rows are the revocation queue, revoked through
//! [`crate::tokens::revoke`] and retried with backoff by the revocation worker
//! ([`crate::tokens::worker`]) until the provider confirms them dead. Every retired GitHub
//! token is pending; a Google one only when a disconnect revokes it (a superseded Google token
//! is left to expire, since revoking it would end the grant).
//!
//! A row is written in the same transaction that stops using its token (the re-login that
//! stores a newer one, see [`super::accounts::sign_in`]), when a login fails after its code
//! exchange, or by a disconnect before its call ([`retire_linked`]). It is deleted only when
//! the provider confirmed the token dead (revoked now or already), when a Google grant it
//! belonged to was ended, or once its `expires_at` has passed. What to revoke and when is
//! decided in [`crate::tokens`].

pub mod pending;

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::vault::sql::{LINKED, RETIRED};
use crate::providers::Grant;
use common::Provider;

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
    /// The Google account of a pending Google revocation (whose next login cancels it).
    pub provider_user_id: Option<String>,
}

/// A retired row whose sealed token does not open with the token key (a damaged file, a value
/// copied from another row or database, another key): it cannot be revoked, and must not be
/// forgotten, so it is set aside ([`pending::set_aside`]) while the rest of the revocation queue goes on.
#[derive(Debug, Clone)]
pub struct Unopened {
    pub id: i64,
    pub provider: Provider,
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
    // The token is sealed to its row, so the row id is picked here.
    conn.prepare_cached(
        "INSERT INTO retired_tokens (id, provider, user_id, access_token, retired_at,
             expires_at, pending)
         SELECT next.id, ?1, ?2, seal(?3, 'retired_tokens', ?1, next.id), ?4, ?5, ?6
         FROM (SELECT IFNULL(MAX(id), 0) + 1 AS id FROM retired_tokens) AS next",
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
        provider_user_id: None,
    })
}

/// Retires the token linked for `provider` to `user_id`, for a disconnect to revoke: a copy,
/// pending, due at `next_ms` (the disconnect tries it first), with the provider account (a
/// Google login of it cancels the row) and its expiry (at most Google's hour from now). The
/// link keeps its token until the disconnect unlinks it. `None` when no token is linked.
pub fn retire_linked(
    conn: &Connection,
    user_id: &str,
    provider: Provider,
    next_ms: i64,
) -> rusqlite::Result<Option<Retired>> {
    let linked: Option<(String, Option<String>, Option<i64>)> = conn
        .prepare_cached(&format!(
            "SELECT provider_user_id, unseal(access_token, {LINKED}), token_expires_at
             FROM linked_accounts WHERE user_id = ?1 AND provider = ?2"
        ))?
        .query_row(params![user_id, provider.slug()], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .optional()?;
    let Some((account, Some(token), expires_at)) = linked else {
        return Ok(None);
    };
    let now = crate::db::now();
    let ends = lifetime_end(provider, expires_at, now);
    let mut row = retire(conn, provider, Some(user_id), &token, ends, now)?;
    conn.prepare_cached(
        "UPDATE retired_tokens SET pending = 1, provider_user_id = ?2, next_attempt_ms = ?3
         WHERE id = ?1",
    )?
    .execute(params![row.id, account, next_ms])?;
    row.provider_user_id = Some(account);
    Ok(Some(row))
}

/// The columns [`from_row`] reads: the token opened, or NULL when it does not open.
fn columns() -> String {
    format!(
        "id, provider, user_id, unseal_or_null(access_token, {RETIRED}), expires_at, attempts,
         provider_user_id"
    )
}

/// A row, or what is known of it when its token does not open.
fn from_row(row: &Row<'_>) -> rusqlite::Result<Result<Retired, Unopened>> {
    let provider: String = row.get(1)?;
    let provider = provider.parse().map_err(|_| {
        rusqlite::Error::InvalidColumnType(1, provider, rusqlite::types::Type::Text)
    })?;
    let id = row.get(0)?;
    let Some(access_token) = row.get(3)? else {
        return Ok(Err(Unopened { id, provider }));
    };
    Ok(Ok(Retired {
        id,
        provider,
        user_id: row.get(2)?,
        access_token,
        expires_at: row.get(4)?,
        attempts: row.get(5)?,
        provider_user_id: row.get(6)?,
    }))
}

/// The retired tokens of one user at one provider, oldest first.
pub fn of_user(
    conn: &Connection,
    user_id: &str,
    provider: Provider,
) -> rusqlite::Result<Vec<Result<Retired, Unopened>>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {} FROM retired_tokens WHERE user_id = ?1 AND provider = ?2 ORDER BY id",
        columns()
    ))?;
    let rows = statement.query_map(params![user_id, provider.slug()], from_row)?;
    rows.collect()
}

/// Records a revocation the provider confirmed: deletes the row, and when that revocation
/// ended a Google grant (`grant_ended`), the user's older Google rows, whose tokens ended
/// with it. Returns how many of those had not expired yet: the older tokens it ended.
pub fn confirm(conn: &mut Connection, row: &Retired, grant_ended: bool) -> rusqlite::Result<usize> {
    let tx = conn.transaction()?;
    tx.prepare_cached("DELETE FROM retired_tokens WHERE id = ?1")?
        .execute([row.id])?;
    let older = match (&row.user_id, grant_ended) {
        (Some(user), true) => {
            forget_ended_with_grant(&tx, user, row.provider, row.id, crate::db::now())?
        }
        _ => 0,
    };
    tx.commit()?;
    Ok(older)
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
