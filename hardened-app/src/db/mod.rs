//! The SQLite database: one file, created and migrated at start-up, WAL mode, foreign keys.
//! `synchronous=NORMAL`: a commit survives a crash of the app (even `SIGKILL`); after a power
//! loss the last commits may be missing, but every transaction is whole or absent, so a token
//! is still either stored or queued, never neither.
//! Modules: [`schema`] (the tables and their migrations), [`accounts`] (users and linked
//! identities with their current token), [`retired`] (superseded tokens that may still work,
//! and the revocation queue), [`sessions`], [`vault`] (tokens sealed at rest). Pending logins
//! are not here: the browser carries them, sealed ([`crate::flows`]).
//!
//! One connection, owned by a thread of its own that runs the calls one at a time in the order
//! they come ([`Db::run`]), so database work never blocks the async runtime. One connection
//! keeps every change simple and atomic; one thread for it, rather than a blocking-pool task
//! per call waiting on a lock, keeps a class's concurrent requests from piling up threads.

pub mod accounts;
pub mod retired;
mod schema;
pub mod sessions;
pub mod vault;

use std::path::Path;
use std::sync::mpsc;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;
use rusqlite::Connection;
use tokio::sync::oneshot;

use crate::config::KeySource;
use crate::sealing::Key;
pub(crate) use schema::migrate;

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
    pub fn open(path: &Path, key: &KeySource) -> anyhow::Result<Db> {
        Db::open_with_key(path, key).map(|(db, _)| db)
    }

    /// As [`Db::open`], with the token key the database was unlocked with (read from the key
    /// file or made by now, if it is one): the app derives its other keys from it.
    pub fn open_with_key(path: &Path, key: &KeySource) -> anyhow::Result<(Db, Key)> {
        let (conn, key) = ready(path, key)?;
        let (jobs, calls) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("database".into())
            .spawn(move || serve(conn, calls))
            .context("cannot start the database thread")?;
        Ok((Db { jobs }, key))
    }

    /// Runs `f` on the connection, on the database thread.
    pub async fn run<T, F>(&self, f: F) -> Result<T, Error>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let (answer, answered) = oneshot::channel();
        let job: Job = Box::new(move |conn| {
            let _ = answer.send(f(conn));
        });
        self.jobs.send(job).map_err(|_| Error::Stopped)?;
        // A call that panicked drops its answer unsent.
        let result = answered.await.map_err(|_| Error::Panicked)?;
        Ok(result?)
    }
}

/// Why a database call failed: this layer's own error, which knows nothing of HTTP. A route
/// answers it with an opaque 500 ([`crate::error::AppError::Internal`]); the revocation
/// worker and start-up log it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// SQLite refused the call (a full disk, a damaged page, a bug in a query).
    #[error("database: {0}")]
    Sqlite(rusqlite::Error),
    /// The database thread is gone (the app is stopping).
    #[error("the database thread has stopped")]
    Stopped,
    /// The call panicked (a bug; the thread goes on with the next call).
    #[error("a database call panicked")]
    Panicked,
}

impl From<rusqlite::Error> for Error {
    fn from(error: rusqlite::Error) -> Self {
        Error::Sqlite(error)
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
fn serve(mut conn: Connection, calls: mpsc::Receiver<Job>) {
    for job in calls {
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&mut conn)));
    }
}

/// Makes a database file ready for an app, as its first start would (created readable by
/// its owner only, the schema up to date, sealed with the key from `key`), and closes it. A
/// copy of the file, opened with the same key, is a fresh app's empty database without the
/// work of making one: the checker starts an app for each check this way.
pub fn create(path: &Path, key: &KeySource) -> anyhow::Result<()> {
    ready(path, key).map(drop)
}

/// The connection [`Db::open`] serves, and its key: the file opened (or created), its schema
/// brought up to date and its key checked.
fn ready(path: &Path, key: &KeySource) -> anyhow::Result<(Connection, Key)> {
    create_private(path)?;
    let mut conn = Connection::open(path)
        .with_context(|| format!("cannot open database {}", path.display()))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // Every statement the app runs stays prepared (`prepare_cached`): parsing SQL again for
    // each request was a tenth of the time under load.
    conn.set_prepared_statement_cache_capacity(64);
    intact(&conn).with_context(|| {
        format!(
            "database {} is damaged (restore it from a backup)",
            path.display()
        )
    })?;
    let found = migrate(&mut conn)
        .with_context(|| format!("cannot migrate database {}", path.display()))?;
    let key = vault::resolve(&conn, key, path)?;
    vault::register(&conn, &key)?;
    vault::unlock(&mut conn, &key, path, found < schema::BOUND_TOKENS)?;
    Ok((conn, key))
}

/// SQLite's own check of every page (`PRAGMA quick_check`; 0.6 s for a 112 MB database, see
/// the README): a damaged file stops the start-up naming what is wrong, rather than answering
/// 500 to whichever request reads the damaged page.
fn intact(conn: &Connection) -> anyhow::Result<()> {
    let mut statement = conn.prepare("PRAGMA quick_check")?;
    let found: Vec<String> = statement
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    match found.as_slice() {
        [ok] if ok == "ok" => Ok(()),
        problems => anyhow::bail!("{}", problems.join("; ")),
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

    #[tokio::test]
    async fn a_call_that_panics_is_an_error_and_the_next_call_is_served() {
        let dir = tempfile::tempdir().unwrap();
        let key = KeySource::Key(Key::random());
        let db = Db::open(&dir.path().join("t.db"), &key).unwrap();
        let panicked = db
            .run(|_| -> rusqlite::Result<()> { panic!("a bug in a query") })
            .await;
        assert!(matches!(panicked, Err(Error::Panicked)), "{panicked:?}");
        let one: i64 = db
            .run(|conn| conn.query_row("SELECT 1", [], |r| r.get(0)))
            .await
            .unwrap();
        assert_eq!(one, 1);
    }

    #[test]
    fn migrating_twice_is_a_no_op() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let key = KeySource::Key(Key::random());
        drop(Db::open(&path, &key).unwrap());
        let db = Db::open(&path, &key).unwrap();
        db.blocking(move |conn| {
            let version: i64 = conn
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .unwrap();
            assert_eq!(version, schema::MIGRATIONS.len() as i64);
            let mode: String = conn
                .pragma_query_value(None, "journal_mode", |r| r.get(0))
                .unwrap();
            assert_eq!(mode, "wal");
        });
    }

    #[test]
    fn a_copy_of_a_created_database_opens_up_to_date_with_its_key_and_only_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let key = Key::random();
        let empty = dir.path().join("empty.db");
        create(&empty, &KeySource::Key(key.clone())).unwrap();
        let files: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(
            files,
            ["empty.db"],
            "closed: no write-ahead log left to copy"
        );
        let copy = |name: &str| {
            let path = dir.path().join(name);
            std::fs::copy(&empty, &path).unwrap();
            path
        };
        let db = Db::open(&copy("a.db"), &KeySource::Key(key)).unwrap();
        db.blocking(move |conn| {
            let version: i64 = conn
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .unwrap();
            assert_eq!(version, schema::MIGRATIONS.len() as i64);
        });
        let other = KeySource::Key(Key::random());
        let error = Db::open(&copy("b.db"), &other).unwrap_err();
        assert!(format!("{error:#}").contains("key"), "{error:#}");
    }

    #[test]
    fn tokens_stored_in_plain_text_before_sealing_are_sealed_at_the_next_start() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let key = Key::random();
        let source = KeySource::Key(key.clone());
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
        vault::register(&conn, &key).unwrap();
        for (table, place, plain) in [
            ("linked_accounts", vault::sql::LINKED, "gho_plain"),
            ("retired_tokens", vault::sql::RETIRED, "gho_old"),
        ] {
            let (stored, opened): (String, String) = conn
                .query_row(
                    &format!("SELECT access_token, unseal(access_token, {place}) FROM {table}"),
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            assert!(stored.starts_with("v2."), "{table}: {stored}");
            assert_eq!(opened, plain, "{table}");
        }
        let other = KeySource::Key(Key::random());
        let error = Db::open(&path, &other).unwrap_err().to_string();
        assert!(error.contains("does not open the tokens"), "{error}");
    }
}
