//! The rules the checker judges revocations by, stated once: messages quote them, and the
//! exercise pages quote them word for word (a test checks `exercises/README.md`).
//!
//! They are about what is alive at the provider, not about which calls were made: the
//! checker reads every token's life from the mocks (`mock_providers::api::TokenRecord`: who
//! issued it when, and which call or event ended it), and judges each ending and each refused
//! revocation call of a step.

/// The token the app holds: what the checker means by it.
pub const HELD: &str = "The token the app holds now, for a user and a provider, is the one issued at its latest login with that provider.";

/// Rule 1: what a step that is not a disconnect must leave alone.
pub const KEEP: &str = "A step that is not a disconnect must not end the token the app holds now, nor try to: a revocation call that names it, or anything that ends it (revoking any other token of a Google grant ends them all), is a token revoked unnecessarily.";

/// Rule 2: ending a token the app no longer holds is not a mistake.
pub const TIDY: &str = "Revoking a superseded token, one the app no longer holds (an older GitHub token, replaced at a later login), is tidy-up, not a mistake.";

/// Rule 3: what a disconnect must do.
pub const DISCONNECT: &str = "A disconnect must end the token the app holds for that provider (its revocation endpoint, or for GitHub DELETE /applications/{client_id}/grant), leave the other provider's token alive, and keep the app's session.";

/// Rule 4 (beyond the course): nothing left alive after a disconnect.
pub const NO_ORPHANS: &str = "After a disconnect, no token of that user and app is left alive at that provider, not even one issued at an earlier login.";

/// Rule 5: what the provider does by itself is never the app's doing.
pub const PROVIDER: &str = "What the provider ends by itself (GitHub's limit of ten live tokens per user, app and scope set; Google's of 100 refresh tokens; expiry; the user removing the app in their settings) is never blamed on the app.";

/// Rule 7 (beyond the course): a disconnect during an outage.
pub const OUTAGE: &str = "A disconnect that meets a provider outage still unlinks the provider at once and keeps the session; the app keeps the token in a durable queue and revokes it, exactly once, when the provider is back.";

/// Every rule, in the order the pages list them.
pub const ALL: [&str; 7] = [HELD, KEEP, TIDY, DISCONNECT, NO_ORPHANS, PROVIDER, OUTAGE];

#[cfg(test)]
mod tests {
    #[test]
    fn the_exercise_pages_quote_every_rule_word_for_word() {
        let page = crate::catalog::default_dir().join("README.md");
        let text = std::fs::read_to_string(&page).unwrap();
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for rule in super::ALL {
            assert!(
                text.contains(rule),
                "{} lacks the rule: {rule}",
                page.display()
            );
        }
    }
}
