//! The app's events for the mocks' timeline ([`common::app_events`]), built in one place. The
//! layer sees from an answer that a login, logout or disconnect happened; the handlers attach
//! what the answer does not say: who (the email, else the id), the token touched (shortened
//! by the layer), and what a disconnect left to the revocation queue.

use common::app_events::Details;

use crate::db::accounts::User;

/// A login: who, and the token it stored.
pub fn logged_in(email: Option<&str>, user_id: &str, token: &str) -> Details {
    Details::new(Some(who(email, user_id))).token(Some(token))
}

/// A logout, of the session's user when known: it touches no token.
pub fn logged_out(user: Option<&User>) -> Details {
    Details::new(user.map(|u| who(u.email.as_deref(), &u.id)))
}

/// A disconnect: who, the token it ended (or left pending), and how many revocations it left
/// to the revocation queue.
pub fn disconnected(user: &User, token: Option<&str>, pending: usize) -> Details {
    let queued = match pending {
        0 => None,
        1 => Some("revocation queued".to_string()),
        n => Some(format!("{n} revocations queued")),
    };
    Details::new(Some(who(user.email.as_deref(), &user.id)))
        .token(token)
        .detail(queued)
}

/// How the timeline names a user: the email, else the id.
fn who(email: Option<&str>, user_id: &str) -> String {
    email.unwrap_or(user_id).to_string()
}
