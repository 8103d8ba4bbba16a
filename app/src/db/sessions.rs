//! Sessions: only the SHA-256 of the cookie's id is stored, with an absolute expiry.

use rusqlite::{Connection, OptionalExtension, params};

/// Sessions end 24 hours after they start, however active they are (the course's rule).
pub const SESSION_TTL_SECS: i64 = 24 * 60 * 60;

/// Stores a new session and purges what has expired (see [`purge_expired`]).
pub fn create(conn: &Connection, id_hash: &str, user_id: &str, now: i64) -> rusqlite::Result<()> {
    purge_expired(conn, now)?;
    conn.execute(
        "INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![id_hash, user_id, now, now + SESSION_TTL_SECS],
    )?;
    Ok(())
}

/// The user of a live session. An expired session is deleted on sight.
pub fn user_of(conn: &Connection, id_hash: &str, now: i64) -> rusqlite::Result<Option<String>> {
    let row: Option<(String, i64)> = conn
        .query_row(
            "SELECT user_id, expires_at FROM sessions WHERE id_hash = ?1",
            [id_hash],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    match row {
        Some((user_id, expires_at)) if expires_at > now => Ok(Some(user_id)),
        Some(_) => {
            delete(conn, id_hash)?;
            Ok(None)
        }
        None => Ok(None),
    }
}

/// Deletes a session; returns whether it existed.
pub fn delete(conn: &Connection, id_hash: &str) -> rusqlite::Result<bool> {
    Ok(conn.execute("DELETE FROM sessions WHERE id_hash = ?1", [id_hash])? > 0)
}

/// Deletes every expired session and OAuth state, and every retired token that has expired
/// by itself at its provider (a Google access token after its hour): such a token can no
/// longer work, so forgetting it is safe.
pub fn purge_expired(conn: &Connection, now: i64) -> rusqlite::Result<usize> {
    let sessions = conn.execute("DELETE FROM sessions WHERE expires_at <= ?1", [now])?;
    let states = conn.execute("DELETE FROM oauth_states WHERE expires_at <= ?1", [now])?;
    let tokens = super::retired::purge_expired(conn, now)?;
    Ok(sessions + states + tokens)
}
