//! Sessions: only the SHA-256 of the cookie's id is stored, with an absolute expiry; and, in
//! memory, those logged out whose rows the database refused to delete ([`Ended`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use common::Provider;
use rusqlite::{Connection, OptionalExtension, params};

/// Sessions end 24 hours after they start, however active they are (the course's rule).
pub const SESSION_TTL_SECS: i64 = 24 * 60 * 60;

/// Stores a new session, logged in with `providers`, and purges what has expired (see
/// [`purge_expired`]).
pub fn create(
    conn: &Connection,
    id_hash: &str,
    user_id: &str,
    providers: &[Provider],
    now: i64,
) -> rusqlite::Result<()> {
    purge_expired(conn, now)?;
    let providers: Vec<&str> = providers.iter().map(|p| p.slug()).collect();
    conn.prepare_cached(
        "INSERT INTO sessions (id_hash, user_id, created_at, expires_at, providers) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        id_hash,
        user_id,
        now,
        now + SESSION_TTL_SECS,
        providers.join(" ")
    ])?;
    Ok(())
}

/// Whose the live session `id_hash` is, and the providers it logged in with, oldest first:
/// `None` when there is no such session, or it has expired.
pub fn providers(
    conn: &Connection,
    id_hash: &str,
    now: i64,
) -> rusqlite::Result<Option<(String, Vec<Provider>)>> {
    let found = conn
        .prepare_cached(
            "SELECT user_id, providers FROM sessions WHERE id_hash = ?1 AND expires_at > ?2",
        )?
        .query_row(params![id_hash, now], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })
        .optional()?;
    Ok(found.map(|(user_id, providers)| {
        let providers = providers.split_whitespace().filter_map(|p| p.parse().ok());
        (user_id, providers.collect())
    }))
}

/// A live session: whose, since when and until when (Unix seconds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user_id: String,
    pub created_at: i64,
    pub expires_at: i64,
}

/// The live session of `id_hash`. An expired session is deleted on sight.
pub fn live(conn: &Connection, id_hash: &str, now: i64) -> rusqlite::Result<Option<Session>> {
    let session = conn
        .query_row(
            "SELECT user_id, created_at, expires_at FROM sessions WHERE id_hash = ?1",
            [id_hash],
            |row| {
                Ok(Session {
                    user_id: row.get(0)?,
                    created_at: row.get(1)?,
                    expires_at: row.get(2)?,
                })
            },
        )
        .optional()?;
    match session {
        Some(session) if session.expires_at > now => Ok(Some(session)),
        Some(_) => {
            delete(conn, id_hash)?;
            Ok(None)
        }
        None => Ok(None),
    }
}

/// Deletes a session; returns whether it existed.
pub fn delete(conn: &Connection, id_hash: &str) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM sessions WHERE id_hash = ?1")?
        .execute([id_hash])?
        > 0)
}

/// Deletes the sessions of `id_hashes`.
pub fn delete_all(conn: &Connection, id_hashes: &[String]) -> rusqlite::Result<()> {
    for id_hash in id_hashes {
        delete(conn, id_hash)?;
    }
    Ok(())
}

/// Deletes every expired session, and every retired token that has expired by itself at its
/// provider (a Google access token after its hour): such a token can no longer work, so
/// forgetting it is safe.
pub fn purge_expired(conn: &Connection, now: i64) -> rusqlite::Result<usize> {
    let sessions = conn
        .prepare_cached("DELETE FROM sessions WHERE expires_at <= ?1")?
        .execute([now])?;
    let tokens = super::retired::purge_expired(conn, now)?;
    Ok(sessions + tokens)
}

/// Sessions logged out whose row the database refused to delete (a full disk): this app
/// refuses them all the same, until they have surely expired or it restarts, and each later
/// logout tries to delete their rows again ([`crate::routes::logout`]). Only sessions that
/// were live are added, so its size is bounded by the sessions there are.
#[derive(Debug, Clone, Default)]
pub struct Ended {
    /// The hash of each session id, and when it was logged out (Unix seconds).
    hashes: Arc<Mutex<HashMap<String, i64>>>,
}

impl Ended {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, i64>> {
        self.hashes.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Refuses the session of `id_hash` from now on.
    pub fn add(&self, id_hash: String, now: i64) {
        self.lock().insert(id_hash, now);
    }

    /// Whether the session of `id_hash` was logged out here.
    pub fn contains(&self, id_hash: &str, now: i64) -> bool {
        self.lock()
            .get(id_hash)
            .is_some_and(|&ended| now < ended + SESSION_TTL_SECS)
    }

    /// The sessions whose rows are still to delete; those that have expired by now are
    /// forgotten (their rows are purged as every expired session is).
    pub fn to_delete(&self, now: i64) -> Vec<String> {
        let mut hashes = self.lock();
        hashes.retain(|_, &mut ended| now < ended + SESSION_TTL_SECS);
        hashes.keys().cloned().collect()
    }

    /// Forgets sessions whose rows are deleted.
    pub fn deleted(&self, id_hashes: &[String]) {
        let mut hashes = self.lock();
        for id_hash in id_hashes {
            hashes.remove(id_hash);
        }
    }
}
