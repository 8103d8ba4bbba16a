//! How much a mock remembers, how long it keeps what has ended, and the providers' own
//! limits on live tokens.

use std::time::Duration;

/// Log sizes, and the providers' own limits on live tokens.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Events kept (the oldest go first); also the app's events, for both mocks.
    pub events: usize,
    /// What the events kept may weigh in all, in bytes (each keeps its call in full, up to
    /// some 40 KiB); the revocation log and the app's events may weigh a quarter of it each.
    pub event_bytes: usize,
    pub revocations: usize,
    /// GitHub: live tokens per user, OAuth App and scope set; an authorization past it
    /// revokes the oldest (GitHub's limit is ten).
    pub tokens_per_scope_set: usize,
    /// Google: live refresh tokens per account and client; a new one past it invalidates the
    /// oldest (Google's limit is 100).
    pub refresh_tokens: usize,
}

impl Limits {
    /// What the revocation log, and the app's events, may weigh in bytes.
    pub fn side_log_bytes(&self) -> usize {
        self.event_bytes / 4
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            events: 2000,
            event_bytes: 16 * 1024 * 1024,
            revocations: 500,
            tokens_per_scope_set: 10,
            refresh_tokens: 100,
        }
    }
}

/// How long a mock keeps records that have ended, and how many at most, so that a mock
/// running all day stays in bounded memory. Times are on the mock's clock
/// (`POST /__mock/clock` moves them too). Pruning is lazy: when a token, a code or a
/// session is added, what is past its time or over its cap goes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// How long an ended token (revoked, ended by the provider, or expired) and a spent
    /// code (past its 10 minutes) are kept after they ended, for a poller or a judge to read.
    pub ended: Duration,
    /// At most this many ended tokens are kept, and this many codes: the oldest go first.
    pub max_ended: usize,
    /// A provider session nobody used for this long ends (the cookie then names none).
    pub session_idle: Duration,
    /// At most this many provider sessions: the least recently used go first.
    pub max_sessions: usize,
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            ended: Duration::from_secs(30 * 60),
            max_ended: 20_000,
            session_idle: Duration::from_secs(12 * 60 * 60),
            max_sessions: 10_000,
        }
    }
}
