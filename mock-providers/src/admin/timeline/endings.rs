//! A token's status as the provider lanes show it: a badge (live, revoked, ended, expired)
//! and, for a token that ended, what ended it in words. The same reading of the mock's own
//! records as the events' words ([`super::words`]): a revocation of a token a newer login had
//! replaced is tidy-up, of the token that was not replaced the disconnect's.

use crate::api::{EndCause, Ending, TokenRecord, TokenState};

use super::snapshot::Snapshot;
use super::text;

/// The words a tidy-up revocation is told in, in the lanes and in the events.
pub const TIDY_UP: &str = "tidy-up: the app revoked the token its new login replaced";

/// The words the revocation of the token the app held is told in.
pub const HELD: &str = "disconnect: the app revoked the token it held";

/// A token's badge: its class (`live`, `revoked`, `ended`, `expired`) is also its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Badge {
    Live,
    /// Ended by a revocation call: the app's doing.
    Revoked,
    /// Ended by the provider or the user, not by a call of the app.
    Ended,
    Expired,
}

impl Badge {
    pub fn as_str(self) -> &'static str {
        match self {
            Badge::Live => "live",
            Badge::Revoked => "revoked",
            Badge::Ended => "ended",
            Badge::Expired => "expired",
        }
    }
}

/// A token's badge, and what ended it (`None` while it is live).
pub fn status(snap: &Snapshot, token: &TokenRecord) -> (Badge, Option<String>) {
    match (&token.ended, token.state) {
        (Some(ending), _) => ended(snap, token, ending),
        (None, TokenState::Expired) => (Badge::Expired, Some("it expired on its own".into())),
        (None, _) => (Badge::Live, None),
    }
}

fn ended(snap: &Snapshot, token: &TokenRecord, ending: &Ending) -> (Badge, Option<String>) {
    let provider = snap.provider.name();
    let (badge, words) = match ending.cause {
        EndCause::Revoked if snap.replaced(token, ending.seq) => (Badge::Revoked, TIDY_UP.into()),
        EndCause::Revoked => (Badge::Revoked, HELD.into()),
        EndCause::GrantRemoved => (
            Badge::Revoked,
            "ended with its grant, by the app's revocation call".into(),
        ),
        EndCause::TokenLimit => (
            Badge::Ended,
            format!(
                "{provider} ended it itself: the oldest past its limit of {}",
                text::count(snap.token_limit)
            ),
        ),
        // The user at the provider's settings page ("ada removed the app's access at
        // GitHub"), a code used twice, a reset: as the mock tells them.
        other => {
            let user = token.username.clone();
            let user = user.unwrap_or_else(|| snap.name(&token.user));
            (Badge::Ended, other.in_words(snap.provider, &user))
        }
    };
    (badge, Some(words))
}
