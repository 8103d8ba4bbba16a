//! Provider sessions: who is signed in at the provider itself, apart from any app.

use std::time::{Duration, SystemTime};

use super::clock::rfc3339;
use super::inner::Inner;
use super::records::ProviderSession;
use crate::api::{Account, SessionRecord};
use crate::random;

/// How often, on the mock's clock, a new session looks for idle ones.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

impl Inner {
    /// The account signed in with this session cookie, if the session still exists.
    pub fn session_account(
        &self,
        session_id: Option<&str>,
    ) -> Option<(&ProviderSession, &Account)> {
        let session = self.sessions.get(session_id?)?;
        Some((session, self.account(&session.user)?))
    }

    /// Notes that a request named the session `session_id` (its cookie) at `now`.
    pub fn touch_session(&mut self, session_id: Option<&str>, now: SystemTime) {
        if let Some(session) = session_id.and_then(|id| self.sessions.get_mut(id)) {
            session.last_seen = now;
        }
    }

    /// Starts a provider session for an account and returns it; idle sessions go first.
    pub fn start_session(&mut self, key: &str, now: SystemTime) -> ProviderSession {
        self.prune_sessions(now);
        let session = ProviderSession {
            id: random::token(40),
            user: key.to_string(),
            created_at: rfc3339(now),
            csrf: random::token(32),
            last_seen: now,
        };
        self.sessions.insert(session.id.clone(), session.clone());
        session
    }

    /// Ends the sessions idle for longer than the retention (looked for at most once a
    /// minute of the mock's clock: a scan of them all), and, at the cap, the least recently
    /// used down to nine tenths of it (so that the sort is paid once per tenth).
    fn prune_sessions(&mut self, now: SystemTime) {
        let idle = self.retention.session_idle;
        let since_sweep = now.duration_since(self.sessions_swept).unwrap_or_default();
        if since_sweep >= SWEEP_EVERY {
            self.sessions_swept = now;
            let fresh =
                |s: &ProviderSession| now.duration_since(s.last_seen).unwrap_or_default() < idle;
            self.sessions.retain(|_, s| fresh(s));
        }
        let cap = self.retention.max_sessions;
        if self.sessions.len() >= cap {
            let keep = cap - cap.div_ceil(10).max(1);
            let mut by_use: Vec<(SystemTime, String)> = self
                .sessions
                .values()
                .map(|s| (s.last_seen, s.id.clone()))
                .collect();
            by_use.sort();
            let excess = by_use.len().saturating_sub(keep);
            for (_, id) in by_use.into_iter().take(excess) {
                self.sessions.remove(&id);
            }
        }
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
