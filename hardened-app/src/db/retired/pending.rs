//! The revocation queue: the pending rows of `retired_tokens`, the tokens the app owes a
//! revocation. What is due and when, how a failed attempt is recorded, what a user sees of
//! them. Who sends the calls: [`crate::tokens::revoke`], retried by the revocation worker.

use rusqlite::{Connection, params};

use super::{Retired, Unopened, columns, from_row};
use common::Provider;

/// Why a row is set aside, as the log, `/me` and the home page say it.
pub const DOES_NOT_OPEN: &str = "its stored token does not open with the token key (the database \
     was damaged or the key changed): set aside, tried again at the next start";

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
    /// Set when its sealed token does not open ([`set_aside`]): why.
    pub set_aside: Option<String>,
}

/// A failed revocation attempt, as its row keeps it.
#[derive(Debug, Clone)]
pub struct Failure {
    pub error: String,
    /// Attempts made so far, this one included (unchanged for a token not tried because an
    /// older one failed first).
    pub attempts: u32,
    /// Retrying cannot fix it (wrong client credentials).
    pub refused: bool,
    /// When the next attempt is due, in milliseconds since the epoch.
    pub next_ms: i64,
}

/// Up to `limit` pending revocations due at `now_ms`, oldest first: what the worker tries
/// next. Refused and set-aside ones wait for the next start ([`due_at_start`]).
pub fn due(
    conn: &Connection,
    now_ms: i64,
    limit: usize,
) -> rusqlite::Result<Vec<Result<Retired, Unopened>>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {} FROM retired_tokens
         WHERE pending = 1 AND refused IS NULL AND set_aside IS NULL AND next_attempt_ms <= ?1
         ORDER BY id LIMIT ?2",
        columns()
    ))?;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let rows = statement.query_map(params![now_ms, limit], from_row)?;
    rows.collect()
}

/// When the earliest pending revocation is due, if any is waiting (refused and set-aside
/// ones are not).
pub fn next_due_ms(conn: &Connection) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached(
        "SELECT MIN(next_attempt_ms) FROM retired_tokens
         WHERE pending = 1 AND refused IS NULL AND set_aside IS NULL",
    )?
    .query_row([], |row| row.get(0))
}

/// The pending revocations of a user, oldest first.
pub fn of_user(conn: &Connection, user_id: &str) -> rusqlite::Result<Vec<Pending>> {
    let mut statement = conn.prepare(
        "SELECT provider, attempts, next_attempt_ms, last_error, refused, set_aside
         FROM retired_tokens WHERE user_id = ?1 AND pending = 1 ORDER BY id",
    )?;
    let rows = statement.query_map([user_id], |row| {
        let provider: String = row.get(0)?;
        let refused: Option<String> = row.get(4)?;
        let set_aside: Option<String> = row.get(5)?;
        Ok(Pending {
            provider: provider.parse().map_err(|_| {
                rusqlite::Error::InvalidColumnType(0, provider, rusqlite::types::Type::Text)
            })?,
            attempts: row.get(1)?,
            next_attempt_ms: match (&refused, &set_aside) {
                (None, None) => Some(row.get(2)?),
                _ => None,
            },
            last_error: row.get(3)?,
            refused,
            set_aside,
        })
    })?;
    rows.collect()
}

/// How many pending revocations were refused, and how many set aside.
pub fn held_back_count(conn: &Connection) -> rusqlite::Result<(i64, i64)> {
    conn.prepare_cached(
        "SELECT COUNT(refused), COUNT(set_aside) FROM retired_tokens WHERE pending = 1",
    )?
    .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))
}

/// Records a failed attempt (or, with `attempts` unchanged, one not made): the row stays,
/// due again at `next_ms`, or, refused, not retried until the next start ([`due_at_start`]).
pub fn record_failure(conn: &Connection, id: i64, failure: &Failure) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE retired_tokens SET attempts = ?2, last_error = ?3, next_attempt_ms = ?4,
             refused = ?5
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        failure.attempts,
        failure.error,
        failure.next_ms,
        failure.refused.then_some(&failure.error)
    ])?;
    Ok(())
}

/// Sets aside a row whose token does not open: it stays pending, with `why` as its last
/// error, and is not tried again until the next start ([`due_at_start`]).
pub fn set_aside(conn: &Connection, id: i64, why: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE retired_tokens SET set_aside = ?2, last_error = ?2 WHERE id = ?1")?
        .execute(params![id, why])?;
    Ok(())
}

/// At start-up every pending revocation is due at once, refused and set-aside ones included:
/// the provider may be back, or the operator may have corrected the configuration or restored
/// the key or the database. Returns how many.
pub fn due_at_start(conn: &Connection, now_ms: i64) -> rusqlite::Result<usize> {
    conn.prepare_cached(
        "UPDATE retired_tokens SET refused = NULL, set_aside = NULL,
             next_attempt_ms = MIN(next_attempt_ms, ?1)
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
