//! Pending OAuth flows: the `state` sent to the provider, which browser started the flow, and
//! the PKCE verifier. Valid 10 minutes, deleted on first use.

use rusqlite::{Connection, OptionalExtension, params};

/// How long a user has to finish signing in at the provider.
pub const STATE_TTL_SECS: i64 = 10 * 60;

/// How many pending flows are kept.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    /// Per browser: enough for a few tabs logging in at once. Starting one more forgets
    /// that browser's oldest.
    pub per_browser: i64,
    /// In all: a bound on what anonymous `GET /auth/{provider}` requests can store. Beyond
    /// it the oldest flows are forgotten (their users start again), so new logins keep
    /// working however many requests come.
    pub pending: i64,
}

impl Bounds {
    pub const DEFAULT: Bounds = Bounds {
        per_browser: 8,
        pending: 10_000,
    };
}

/// A flow being started.
#[derive(Debug, Clone)]
pub struct NewFlow<'a> {
    pub state: &'a str,
    pub provider: &'a str,
    pub browser_hash: &'a str,
    pub pkce_verifier: &'a str,
}

/// A pending flow, as the callback finds it.
#[derive(Debug, Clone)]
pub struct PendingFlow {
    pub provider: String,
    pub browser_hash: String,
    pub pkce_verifier: String,
    pub expires_at: i64,
}

/// Stores a new flow within [`Bounds::DEFAULT`].
pub fn insert(conn: &Connection, flow: &NewFlow<'_>, now: i64) -> rusqlite::Result<()> {
    insert_within(conn, flow, now, Bounds::DEFAULT)
}

/// Stores a new flow, after sweeping the expired ones; then keeps the newest flows of its
/// browser and in all, as `bounds` says.
pub fn insert_within(
    conn: &Connection,
    flow: &NewFlow<'_>,
    now: i64,
    bounds: Bounds,
) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM oauth_states WHERE expires_at <= ?1")?
        .execute([now])?;
    conn.prepare_cached(
        "INSERT INTO oauth_states (state, provider, browser_hash, pkce_verifier, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        flow.state,
        flow.provider,
        flow.browser_hash,
        flow.pkce_verifier,
        now + STATE_TTL_SECS
    ])?;
    conn.prepare_cached(
        "DELETE FROM oauth_states WHERE rowid IN (
             SELECT rowid FROM oauth_states WHERE browser_hash = ?1
             ORDER BY expires_at DESC, rowid DESC LIMIT -1 OFFSET ?2)",
    )?
    .execute(params![flow.browser_hash, bounds.per_browser])?;
    conn.prepare_cached(
        "DELETE FROM oauth_states WHERE rowid IN (
             SELECT rowid FROM oauth_states ORDER BY expires_at DESC, rowid DESC
             LIMIT -1 OFFSET ?1)",
    )?
    .execute([bounds.pending])?;
    Ok(())
}

/// Whether the server issued the browser binding of hash `browser_hash`: a flow it started
/// is pending with it. A binding the browser brings that no pending flow has (planted by
/// another site of the same host, say, or long expired) is not.
pub fn issued(conn: &Connection, browser_hash: &str, now: i64) -> rusqlite::Result<bool> {
    conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM oauth_states WHERE browser_hash = ?1 AND expires_at > ?2)",
    )?
    .query_row(params![browser_hash, now], |row| row.get(0))
}

/// How many flows are pending.
pub fn pending(conn: &Connection) -> rusqlite::Result<i64> {
    conn.prepare_cached("SELECT COUNT(*) FROM oauth_states")?
        .query_row([], |row| row.get(0))
}

/// Removes and returns the flow of `state`: whatever the callback decides, a state is good
/// for one try only.
pub fn take(conn: &Connection, state: &str) -> rusqlite::Result<Option<PendingFlow>> {
    conn.prepare_cached(
        "DELETE FROM oauth_states WHERE state = ?1
         RETURNING provider, browser_hash, pkce_verifier, expires_at",
    )?
    .query_row([state], |row| {
        Ok(PendingFlow {
            provider: row.get(0)?,
            browser_hash: row.get(1)?,
            pkce_verifier: row.get(2)?,
            expires_at: row.get(3)?,
        })
    })
    .optional()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow<'a>(state: &'a str, browser: &'a str) -> NewFlow<'a> {
        NewFlow {
            state,
            provider: "github",
            browser_hash: browser,
            pkce_verifier: "v",
        }
    }

    fn states_of(conn: &Connection, browser: &str) -> Vec<String> {
        let sql = "SELECT state FROM oauth_states WHERE browser_hash = ?1 ORDER BY rowid";
        let mut statement = conn.prepare(sql).unwrap();
        let rows = statement.query_map([browser], |row| row.get(0)).unwrap();
        rows.map(Result::unwrap).collect()
    }

    #[test]
    fn each_browser_and_all_browsers_keep_only_their_newest_flows() {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::db::migrate(&mut conn).unwrap();
        let bounds = Bounds {
            per_browser: 2,
            pending: 5,
        };
        for state in ["a1", "a2", "a3"] {
            insert_within(&conn, &flow(state, "a"), 1_000, bounds).unwrap();
        }
        assert_eq!(
            states_of(&conn, "a"),
            ["a2", "a3"],
            "the browser's newest two"
        );
        for (i, browser) in ["b", "c", "d", "e"].iter().enumerate() {
            let state = format!("{browser}1");
            insert_within(&conn, &flow(&state, browser), 1_001 + i as i64, bounds).unwrap();
        }
        assert_eq!(pending(&conn).unwrap(), 5, "five in all");
        assert_eq!(
            states_of(&conn, "a"),
            ["a3"],
            "the oldest in all went first"
        );
        assert!(
            take(&conn, "a3").unwrap().is_some(),
            "a kept flow still works"
        );
    }
}
