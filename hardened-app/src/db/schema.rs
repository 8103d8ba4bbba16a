//! The schema and its migrations: `PRAGMA user_version` counts the entries applied, and each
//! start applies the rest, each in a transaction of its own.

use rusqlite::Connection;

/// The schema, one entry per version: `MIGRATIONS[n]` takes `user_version` from n to n + 1.
pub(super) const MIGRATIONS: &[&str] = &[
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
    r#"
-- The providers this browser logged in with during the session (a link login carries its
-- session's on to the new one), space-separated: the page after logging out names only
-- those as still signed in. Sessions from before say none.
ALTER TABLE sessions ADD COLUMN providers TEXT NOT NULL DEFAULT '';
"#,
    r#"
-- Why a pending revocation was set aside: its sealed token does not open with the key (see
-- `retired::set_aside`). Still pending, not tried again until the next start.
ALTER TABLE retired_tokens ADD COLUMN set_aside TEXT;
-- From this version on, tokens are sealed bound to their place (`v2.`, see `vault`): the start
-- that brings a database here seals its older (`v1.`) tokens again (`BOUND_TOKENS`).
"#,
    r#"
-- Pending logins moved to the browser's sealed `oauth_state` cookie (`crate::flows`): no
-- flood of anonymous logins can evict one from a table.
DROP TABLE IF EXISTS oauth_states;
"#,
];

/// The first version whose tokens are sealed bound to their place (`vault::seal_in`): a start
/// that migrates a database from before it seals its tokens again (`vault::unlock`).
pub(super) const BOUND_TOKENS: usize = 7;

/// Brings the schema up to date; returns the version the database had.
pub(crate) fn migrate(conn: &mut Connection) -> anyhow::Result<usize> {
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
    Ok(version)
}
