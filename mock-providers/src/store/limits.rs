//! How much a mock remembers, and the providers' own limits on live tokens.

/// Log sizes, and the providers' own limits on live tokens.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub events: usize,
    pub revocations: usize,
    /// GitHub: live tokens per user, OAuth App and scope set; an authorization past it
    /// revokes the oldest (GitHub's limit is ten).
    pub tokens_per_scope_set: usize,
    /// Google: live refresh tokens per account and client; a new one past it invalidates the
    /// oldest (Google's limit is 100).
    pub refresh_tokens: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            events: 2000,
            revocations: 500,
            tokens_per_scope_set: 10,
            refresh_tokens: 100,
        }
    }
}
