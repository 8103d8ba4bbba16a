//! Provider sessions: who is signed in at the provider itself, apart from any app.

use std::time::SystemTime;

use super::clock::rfc3339;
use super::inner::Inner;
use super::records::ProviderSession;
use crate::api::{Account, SessionRecord};
use crate::random;

impl Inner {
    /// The account signed in with this session cookie, if the session still exists.
    pub fn session_account(
        &self,
        session_id: Option<&str>,
    ) -> Option<(&ProviderSession, &Account)> {
        let session = self.sessions.get(session_id?)?;
        Some((session, self.account(&session.user)?))
    }

    /// Starts a provider session for an account and returns it.
    pub fn start_session(&mut self, key: &str, now: SystemTime) -> ProviderSession {
        let session = ProviderSession {
            id: random::token(40),
            user: key.to_string(),
            created_at: rfc3339(now),
            csrf: random::token(32),
        };
        self.sessions.insert(session.id.clone(), session.clone());
        session
    }

    /// Ends every provider session of an account; returns how many there were.
    pub fn end_sessions_of(&mut self, key: &str) -> usize {
        let before = self.sessions.len();
        self.sessions.retain(|_, s| s.user != key);
        before - self.sessions.len()
    }

    /// The provider sessions, oldest first, each with its account's username.
    pub fn session_records(&self) -> Vec<SessionRecord> {
        let mut sessions: Vec<&ProviderSession> = self.sessions.values().collect();
        sessions.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        sessions
            .into_iter()
            .map(|s| SessionRecord {
                id: s.id.clone(),
                user: s.user.clone(),
                username: self.username_of(&s.user),
                created_at: s.created_at.clone(),
                csrf: s.csrf.clone(),
            })
            .collect()
    }
}
