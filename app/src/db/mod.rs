//! The SQLite database: one file, created and migrated at start-up, WAL mode, foreign keys.
//! `synchronous=NORMAL`: a commit survives a crash of the app (even `SIGKILL`); after a power
//! loss the last commits may be missing, but every transaction is whole or absent, so a token
//! is still either stored or queued, never neither.
//! Modules: [`accounts`] (users and linked identities with their current token), [`retired`]
//! (superseded tokens that may still work, and the revocation queue), [`sessions`], [`states`]
//! (pending OAuth flows), [`vault`] (tokens sealed at rest).
//!
//! One connection, owned by a thread of its own that runs the calls one at a time in the order
//! they come ([`Db::call`]), so database work never blocks the async runtime. One connection
//! keeps every change simple and atomic; one thread for it, rather than a blocking-pool task
//! per call waiting on a lock, keeps a class's concurrent requests from piling up threads.

pub mod accounts;
pub mod retired;
pub mod sessions;
pub mod states;
pub mod vault;

use std::path::Path;
use std::sync::mpsc;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;
use rusqlite::Connection;
use tokio::sync::oneshot;

use crate::error::AppError;

/// The schema, one entry per version: `MIGRATIONS[n]` takes `user_version` from n to n + 1.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE users (
    id             TEXT PRIMARY KEY,
    email          TEXT,
    -- Whether a provider verified `email`: only then may another provider's identity link here.
    email_verified INTEGER NOT NULL DEFAULT 0,
    name           TEXT,
    avatar_url     TEXT,
    created_at     INTEGER NOT NULL
);
CREATE INDEX users_email ON users (email);

CREATE TABLE linked_accounts (
    provider         TEXT NOT NULL CHECK (provider IN ('github', 'google')),
    provider_user_id TEXT NOT NULL,
    user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email            TEXT,
    email_verified   INTEGER NOT NULL DEFAULT 0,
    -- Kept for the ongoing API calls (/me/{provider}); revoked on disconnect, never on logout.
    access_token     TEXT,
    scopes           TEXT NOT NULL DEFAULT '',
    linked_at        INTEGER NOT NULL,
    PRIMARY KEY (provider, provider_user_id),
    UNIQUE (user_id, provider)
);

CREATE TABLE sessions (
    -- SHA-256 of the cookie's value, hex: a leaked database holds no usable session.
    id_hash    TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE oauth_states (
    state         TEXT PRIMARY KEY,
    provider      TEXT NOT NULL,
    -- SHA-256 of the browser-binding cookie of the browser that started the flow.
    browser_hash  TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    expires_at    INTEGER NOT NULL
);
CREATE INDEX oauth_states_expires ON oauth_states (expires_at);
"#,
    r#"
-- When the token linked_accounts holds ends by itself (Google's expires_in); NULL when the
-- provider gave no lifetime (GitHub's OAuth App tokens do not expire).
ALTER TABLE linked_accounts ADD COLUMN token_expires_at INTEGER;

-- Tokens the app no longer uses but that may still work at the provider: superseded at a
-- re-login, or from a login that failed. A row goes only once the provider confirmed the
-- token dead, or once it has expired: no token is forgotten while it may still work.
CREATE TABLE retired_tokens (
    id           INTEGER PRIMARY KEY,
    provider     TEXT NOT NULL CHECK (provider IN ('github', 'google')),
    -- NULL for a login that failed before its user was known (or a user since deleted): such
    -- rows are still revoked by the next sweep (GitHub) or kept until they expire (Google).
    user_id      TEXT REFERENCES users (id) ON DELETE SET NULL,
    access_token TEXT NOT NULL,
    retired_at   INTEGER NOT NULL,
    -- NULL: the token never expires by itself (GitHub), so only a revocation ends it.
    expires_at   INTEGER,
    -- Why the last revocation attempt failed (the provider's error, never the token).
    last_error   TEXT
);
CREATE INDEX retired_tokens_user ON retired_tokens (user_id, provider);
CREATE INDEX retired_tokens_expires ON retired_tokens (expires_at);
"#,
    r#"
-- Pending flows are bounded per browser (see `states::Bounds`).
CREATE INDEX oauth_states_browser ON oauth_states (browser_hash, expires_at);
"#,
    r#"
-- The revocation queue (see `retired`): a retired token the app owes a revocation is pending
-- until the provider confirms it dead. Every GitHub one is; a Google one only from a
-- disconnect that could not revoke it (a superseded Google token is left to expire).
ALTER TABLE retired_tokens ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
UPDATE retired_tokens SET pending = 1 WHERE provider = 'github';
-- For a pending Google revocation: the Google account, whose next login cancels it (each
-- Google login looks, so it is indexed).
ALTER TABLE retired_tokens ADD COLUMN provider_user_id TEXT;
CREATE INDEX retired_tokens_pending_account ON retired_tokens (provider_user_id)
    WHERE pending = 1;
-- Failed attempts so far, and when the next one is due (milliseconds since the epoch).
ALTER TABLE retired_tokens ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE retired_tokens ADD COLUMN next_attempt_ms INTEGER NOT NULL DEFAULT 0;
-- Why the provider refused in a way retrying cannot fix: not retried until the next start.
ALTER TABLE retired_tokens ADD COLUMN refused TEXT;
CREATE INDEX retired_tokens_due ON retired_tokens (pending, next_attempt_ms);
"#,
    r#"
-- Facts about the database itself: `token_key_check`, a value sealed with the token key (see
-- `vault`), so that a wrong key is found at start-up.
CREATE TABLE meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"#,
];

/// One call to run on the database thread.
type Job = Box<dyn FnOnce(&mut Connection) + Send>;

/// The shared handle to the database: where calls go to its thread, which stops once every
/// handle is dropped.
#[derive(Debug, Clone)]
pub struct Db {
    jobs: mpsc::Sender<Job>,
}

impl Db {
    /// Opens (or creates, readable by its owner only) the database file, brings its schema up
    /// to date, and unlocks its tokens with the key from `key` ([`vault`]).
    pub fn open(path: &Path, key: &vault::KeySource) -> anyhow::Result<Db> {
        create_private(path)?;
        let mut conn = Connection::open(path)
            .with_context(|| format!("cannot open database {}", path.display()))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // Every statement the app runs stays prepared (`prepare_cached`): parsing SQL again
        // for each request was a tenth of the time under load.
        conn.set_prepared_statement_cache_capacity(64);
        migrate(&mut conn)
            .with_context(|| format!("cannot migrate database {}", path.display()))?;
        let key = vault::resolve(&conn, key, path)?;
        vault::register(&conn, &key)?;
        vault::check_key(&mut conn, &key, path)?;
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("database".into())
            .spawn(move || serve(conn, queue))
            .context("cannot start the database thread")?;
        Ok(Db { jobs })
    }

    /// Runs `f` on the connection, on the database thread.
    pub async fn call<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let (answer, answered) = oneshot::channel();
        let job: Job = Box::new(move |conn| {
            let _ = answer.send(f(conn));
        });
        let stopped = || AppError::Internal(anyhow::anyhow!("the database thread has stopped"));
        self.jobs.send(job).map_err(|_| stopped())?;
        // A call that panicked drops its answer unsent.
        let result = answered
            .await
            .map_err(|_| AppError::Internal(anyhow::anyhow!("a database call failed")))?;
        Ok(result?)
    }
}

#[cfg(test)]
impl Db {
    /// Runs `f` on the database thread and waits for it, outside any runtime: the unit tests'
    /// way to the connection. A panic in `f` fails the caller.
    pub(crate) fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> T + Send + 'static,
    ) -> T {
        let (answer, answered) = mpsc::channel();
        let job: Job = Box::new(move |conn| {
            let _ = answer.send(f(conn));
        });
        self.jobs.send(job).expect("the database thread runs");
        answered.recv().expect("the call panicked (see above)")
    }
}

/// The database thread: runs each call in turn until every handle is dropped. A call that
/// panics cannot leave a half-applied change behind (SQLite transactions roll back), so the
/// thread goes on with the next.
fn serve(mut conn: Connection, queue: mpsc::Receiver<Job>) {
    for job in queue {
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&mut conn)));
    }
}

/// Creates the database file with mode 0600 if there is none, so that SQLite (which gives its
/// `-wal` and `-shm` files the database's mode) never makes it readable by others.
fn create_private(path: &Path) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e).with_context(|| format!("cannot create database {}", path.display())),
    }
}

pub(crate) fn migrate(conn: &mut Connection) -> anyhow::Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let version = usize::try_from(version).unwrap_or(usize::MAX);
    anyhow::ensure!(
        version <= MIGRATIONS.len(),
        "database schema version {version} is newer than this app ({})",
        MIGRATIONS.len()
    );
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(version) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (index + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

/// Seconds since the Unix epoch: how every time is stored.
pub fn now() -> i64 {
    now_ms() / 1000
}

/// Milliseconds since the Unix epoch: when a queued revocation is due.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrating_twice_is_a_no_op() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let key = vault::KeySource::Key(vault::Key::random());
        drop(Db::open(&path, &key).unwrap());
        let db = Db::open(&path, &key).unwrap();
        db.blocking(move |conn| {
            let version: i64 = conn
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .unwrap();
            assert_eq!(version, MIGRATIONS.len() as i64);
            let mode: String = conn
                .pragma_query_value(None, "journal_mode", |r| r.get(0))
                .unwrap();
            assert_eq!(mode, "wal");
        });
    }

    #[test]
    fn tokens_stored_in_plain_text_before_sealing_are_sealed_at_the_next_start() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let key = vault::Key::random();
        let source = vault::KeySource::Key(key.clone());
        drop(Db::open(&path, &source).unwrap());
        // A database of the version before sealing: plain tokens, no check value.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "DELETE FROM meta;
             INSERT INTO users (id, created_at) VALUES ('u', 0);
             INSERT INTO linked_accounts (provider, provider_user_id, user_id, access_token,
                 linked_at) VALUES ('github', '1', 'u', 'gho_plain', 0);
             INSERT INTO retired_tokens (provider, access_token, retired_at)
                 VALUES ('github', 'gho_old', 0);",
        )
        .unwrap();
        drop(conn);
        drop(Db::open(&path, &source).unwrap());
        let conn = Connection::open(&path).unwrap();
        for (table, plain) in [
            ("linked_accounts", "gho_plain"),
            ("retired_tokens", "gho_old"),
        ] {
            let stored: String = conn
                .query_row(&format!("SELECT access_token FROM {table}"), [], |r| {
                    r.get(0)
                })
                .unwrap();
            assert_eq!(
                vault::unseal(&key, &stored).as_deref(),
                Some(plain),
                "{table}"
            );
        }
        let other = vault::KeySource::Key(vault::Key::random());
        let error = Db::open(&path, &other).unwrap_err().to_string();
        assert!(error.contains("does not open the tokens"), "{error}");
    }
}
