//! The SQLite file: users, the providers linked to them (with the access token each issued),
//! sessions and pending OAuth states. A session is stored under the SHA-256 of its id, so a
//! leaked database holds no session anyone can use. Every call runs on tokio's blocking
//! threads ([`Db::call`]): database work never blocks the async runtime.

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;
use common::Provider;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

/// How long a session lives after login: 24 hours, the course's.
pub const SESSION_SECS: i64 = 24 * 60 * 60;
/// How long a login may take between `/auth/{provider}` and its callback: 10 minutes.
pub const STATE_SECS: i64 = 10 * 60;

const SCHEMA: &str = "
PRAGMA journal_mode = WAL;
PRAGMA foreign_keys = ON;
CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, email TEXT,
    email_verified INTEGER NOT NULL, name TEXT, avatar_url TEXT);
CREATE TABLE IF NOT EXISTS linked_accounts (provider TEXT NOT NULL,
    provider_user_id TEXT NOT NULL, user_id INTEGER NOT NULL REFERENCES users(id),
    access_token TEXT NOT NULL, PRIMARY KEY (provider, provider_user_id),
    UNIQUE (user_id, provider));
CREATE TABLE IF NOT EXISTS sessions (id_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id), expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS oauth_states (state TEXT PRIMARY KEY, provider TEXT NOT NULL,
    expires_at INTEGER NOT NULL);
";

/// Who a provider says signed in.
#[derive(Debug, Clone)]
pub struct Identity {
    pub provider: Provider,
    /// GitHub's numeric id or Google's `sub`: the account's stable key.
    pub provider_user_id: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub name: Option<String>,
    pub avatar_url: Option<String>,
}

/// A user, with the provider ids linked to it.
#[derive(Debug, Clone)]
pub struct User {
    pub id: i64,
    pub email: Option<String>,
    pub name: Option<String>,
    pub avatar_url: Option<String>,
    pub github_id: Option<String>,
    pub google_id: Option<String>,
}

/// The database, shared by every request.
#[derive(Clone)]
pub struct Db(Arc<Mutex<Connection>>);

impl Db {
    /// Opens (or creates) the file and its tables, and forgets expired sessions.
    pub fn open(path: &Path) -> anyhow::Result<Db> {
        let conn =
            Connection::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        conn.execute_batch(SCHEMA).context("cannot create the tables")?;
        conn.execute("DELETE FROM sessions WHERE expires_at <= ?1", [now()])?;
        Ok(Db(Arc::new(Mutex::new(conn))))
    }

    /// Runs `f` on the connection, on a blocking thread.
    async fn call<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        let db = Arc::clone(&self.0);
        let task = tokio::task::spawn_blocking(move || {
            let mut conn = db.lock().unwrap_or_else(PoisonError::into_inner);
            f(&mut conn)
        });
        Ok(task.await.context("the database thread")??)
    }

    /// Remembers a login's state for [`STATE_SECS`].
    pub async fn save_state(&self, state: String, provider: Provider) -> anyhow::Result<()> {
        self.call(move |c| {
            c.execute("DELETE FROM oauth_states WHERE expires_at <= ?1", [now()])?;
            c.execute(
                "INSERT INTO oauth_states (state, provider, expires_at) VALUES (?1, ?2, ?3)",
                params![state, provider.slug(), now() + STATE_SECS],
            )?;
            Ok(())
        })
        .await
    }

    /// Deletes a state and says whether it was a live one of `provider`: a state works once.
    pub async fn take_state(&self, state: String, provider: Provider) -> anyhow::Result<bool> {
        self.call(move |c| {
            let deleted = c.execute(
                "DELETE FROM oauth_states WHERE state = ?1 AND provider = ?2 AND expires_at > ?3",
                params![state, provider.slug(), now()],
            )?;
            Ok(deleted == 1)
        })
        .await
    }

    /// Finds or creates the user of `identity`, stores the provider's `token` with the link,
    /// and starts a new session with the id `session_id` (ending `old_session`, the one the
    /// browser had, if any); returns the user's id.
    pub async fn log_in(
        &self,
        identity: Identity,
        token: String,
        session_id: &str,
        old_session: Option<&str>,
    ) -> anyhow::Result<i64> {
        let (new_hash, old_hash) = (hash(session_id), old_session.map(hash));
        self.call(move |c| {
            let tx = c.transaction()?;
            let user_id = find_or_create_user(&tx, &identity)?;
            tx.execute(
                "INSERT INTO linked_accounts (provider, provider_user_id, user_id, access_token)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (provider, provider_user_id) DO UPDATE SET access_token = ?4",
                params![identity.provider.slug(), identity.provider_user_id, user_id, token],
            )?;
            tx.execute(
                "DELETE FROM sessions WHERE id_hash = ?1 OR expires_at <= ?2",
                params![old_hash, now()],
            )?;
            tx.execute(
                "INSERT INTO sessions (id_hash, user_id, expires_at) VALUES (?1, ?2, ?3)",
                params![new_hash, user_id, now() + SESSION_SECS],
            )?;
            tx.commit()?;
            Ok(user_id)
        })
        .await
    }

    /// The user of a live session.
    pub async fn session_user(&self, session_id: &str) -> anyhow::Result<Option<User>> {
        let id_hash = hash(session_id);
        self.call(move |c| {
            let sql = "SELECT u.id, u.email, u.name, u.avatar_url,
                (SELECT provider_user_id FROM linked_accounts WHERE user_id = u.id AND provider = 'github'),
                (SELECT provider_user_id FROM linked_accounts WHERE user_id = u.id AND provider = 'google')
                FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?1 AND s.expires_at > ?2";
            c.query_row(sql, params![id_hash, now()], |r| {
                Ok(User {
                    id: r.get(0)?,
                    email: r.get(1)?,
                    name: r.get(2)?,
                    avatar_url: r.get(3)?,
                    github_id: r.get(4)?,
                    google_id: r.get(5)?,
                })
            })
            .optional()
        })
        .await
    }

    /// Ends a session: its row is deleted, so the id stops working everywhere.
    pub async fn delete_session(&self, session_id: &str) -> anyhow::Result<()> {
        let id_hash = hash(session_id);
        self.call(move |c| c.execute("DELETE FROM sessions WHERE id_hash = ?1", [id_hash])).await?;
        Ok(())
    }

    /// The access token the app holds for a user at a provider, if that provider is linked.
    pub async fn token(&self, user_id: i64, provider: Provider) -> anyhow::Result<Option<String>> {
        self.call(move |c| {
            let sql =
                "SELECT access_token FROM linked_accounts WHERE user_id = ?1 AND provider = ?2";
            c.query_row(sql, params![user_id, provider.slug()], |r| r.get(0)).optional()
        })
        .await
    }

    /// Unlinks a provider from a user, deleting the link and its token: only while `token` is
    /// the one stored, so that a login that stored a new one meanwhile keeps it.
    pub async fn unlink(
        &self,
        user_id: i64,
        provider: Provider,
        token: String,
    ) -> anyhow::Result<()> {
        self.call(move |c| {
            let sql = "DELETE FROM linked_accounts WHERE user_id = ?1 AND provider = ?2 AND access_token = ?3";
            c.execute(sql, params![user_id, provider.slug(), token])
        })
        .await?;
        Ok(())
    }
}

/// The user already linked to this identity; else, for a verified email, the user with the
/// same verified email and no account of this provider yet (the course's linking); else a new
/// user.
fn find_or_create_user(tx: &Transaction, identity: &Identity) -> rusqlite::Result<i64> {
    let provider = identity.provider.slug();
    let linked = "SELECT user_id FROM linked_accounts WHERE provider = ?1
        AND provider_user_id = ?2";
    let linked = tx.query_row(linked, params![provider, identity.provider_user_id], |r| r.get(0));
    if let Some(id) = linked.optional()? {
        return Ok(id);
    }
    if identity.email_verified {
        let same_email = "SELECT id FROM users WHERE email = ?1 AND email_verified = 1
            AND id NOT IN (SELECT user_id FROM linked_accounts WHERE provider = ?2)";
        let same_email = tx.query_row(same_email, params![identity.email, provider], |r| r.get(0));
        if let Some(id) = same_email.optional()? {
            return Ok(id);
        }
    }
    tx.execute(
        "INSERT INTO users (email, email_verified, name, avatar_url) VALUES (?1, ?2, ?3, ?4)",
        params![identity.email, identity.email_verified, identity.name, identity.avatar_url],
    )?;
    Ok(tx.last_insert_rowid())
}

/// The SHA-256 of a session id, in hex: what the database keeps of it.
fn hash(session_id: &str) -> String {
    Sha256::digest(session_id.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Seconds since 1970.
pub fn now() -> i64 {
    let since = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    since.as_secs() as i64
}
