//! What the app stored, read from its SQLite file directly (tokens opened with the app's
//! token key, as its own connection does).

use hardened_app::KeySource;
use hardened_app::db::vault;
use hardened_app::db::vault::sql::{LINKED, RETIRED};

use super::{Provider, TestApp};

impl TestApp {
    /// A connection to the app's database that can `unseal()` its tokens.
    pub fn database(&self) -> rusqlite::Connection {
        let conn = rusqlite::Connection::open(&self.config.database_path).unwrap();
        let KeySource::Key(key) = &self.config.token_key else {
            panic!("tests give the app its key");
        };
        vault::register(&conn, key).unwrap();
        conn
    }

    /// The access token the app stored for a provider (tests read the database directly).
    pub fn stored_token(&self, via: Provider) -> Option<String> {
        let conn = self.database();
        conn.query_row(
            &format!(
                "SELECT unseal(access_token, {LINKED}) FROM linked_accounts WHERE provider = ?1"
            ),
            [via.slug()],
            |row| row.get(0),
        )
        .ok()
    }

    /// Whether the app holds `token` as the user's `via` token.
    pub fn holds(&self, via: Provider, token: &str) -> bool {
        self.stored_token(via).as_deref() == Some(token)
    }

    /// The rows of `retired_tokens`, oldest first.
    pub fn retired(&self) -> Vec<RetiredRow> {
        let conn = self.database();
        let mut statement = conn
            .prepare(&format!(
                "SELECT provider, user_id, unseal(access_token, {RETIRED}), expires_at, last_error,
                        pending, attempts, refused
                 FROM retired_tokens ORDER BY id"
            ))
            .unwrap();
        statement
            .query_map([], |row| {
                Ok(RetiredRow {
                    provider: row.get(0)?,
                    user_id: row.get(1)?,
                    token: row.get(2)?,
                    expires_at: row.get(3)?,
                    last_error: row.get(4)?,
                    pending: row.get(5)?,
                    attempts: row.get(6)?,
                    refused: row.get(7)?,
                })
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    /// Runs SQL against the app's database (to expire things without waiting).
    pub fn sql(&self, sql: &str) {
        self.database().execute_batch(sql).unwrap();
    }
}

/// One row of the app's `retired_tokens` table.
#[derive(Debug, Clone)]
pub struct RetiredRow {
    pub provider: String,
    pub user_id: Option<String>,
    pub token: String,
    pub expires_at: Option<i64>,
    pub last_error: Option<String>,
    /// In the revocation queue: the app owes its revocation.
    pub pending: bool,
    /// Failed revocation attempts so far.
    pub attempts: u32,
    /// Why the provider refused it, if retrying cannot fix that.
    pub refused: Option<String>,
}
