//! Secrets masked for the report, which is kept and passed around: the mocks' rules
//! ([`mock_providers::mask`], which also masks each call a mock keeps, as it records it), with
//! the secrets of the clients the mocks ship with masked wherever they appear. A second
//! guard for what the mocks kept, and the only one for what the browsers sent: a client
//! secret becomes [`MASK`], HTTP Basic credentials show the client id and mask the password,
//! every token, code and cookie value is shortened (`gho_AbCdEf…`).

use common::defaults::{GITHUB_CLIENT_SECRET, GOOGLE_CLIENT_SECRET};
use mock_providers::mask;

/// What the report shows in place of a secret.
pub use mock_providers::mask::MASK;

/// The secrets the checker knows: those of the clients the mocks ship with.
const SECRETS: [&str; 2] = [GITHUB_CLIENT_SECRET, GOOGLE_CLIENT_SECRET];

/// Free text (a URL, a body, a header value, a mock's summary) with its secrets masked.
pub fn text(text: &str) -> String {
    mask::text(text, &SECRETS)
}

/// A header's value with its secrets masked: credentials, cookie values, and [`text`]'s.
pub fn header(name: &str, value: &str) -> String {
    mask::header(name, value, &SECRETS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_clients_secrets_are_masked_wherever_they_are() {
        assert_eq!(
            text("the secret is logout-lab-google-secret"),
            format!("the secret is {MASK}")
        );
        assert_eq!(
            header("Location", "/cb?x=logout-lab-github-secret"),
            format!("/cb?x={MASK}")
        );
        assert_eq!(
            header("Authorization", "Basic bG9nb3V0OnNlY3JldA=="),
            format!("Basic logout:{MASK}")
        );
    }
}
