//! Grants: which apps a user authorized, for which scopes, and what removing one ends.

use std::collections::BTreeSet;
use std::time::SystemTime;

use super::clock::rfc3339;
use super::inner::Inner;
use super::tokens::End;
use crate::api::Grant;

impl Inner {
    /// Whether the account already authorized the client for all of `scopes`.
    pub fn grant_covers(&self, user: &str, client_id: &str, scopes: &[String]) -> bool {
        self.grants
            .get(&(user.to_string(), client_id.to_string()))
            .is_some_and(|g| scopes.iter().all(|s| g.scopes.contains(s)))
    }

    /// Records consent: the grant's scopes become the union of old and new.
    pub fn add_grant(&mut self, user: &str, client_id: &str, scopes: &[String], now: SystemTime) {
        let grant = self
            .grants
            .entry((user.to_string(), client_id.to_string()))
            .or_insert_with(|| Grant {
                user: user.to_string(),
                client_id: client_id.to_string(),
                scopes: BTreeSet::new(),
                granted_at: rfc3339(now),
            });
        grant.scopes.extend(scopes.iter().cloned());
    }

    /// Removes a grant and ends every live token of it, marked with the event `seq`; returns
    /// the tokens ended. `None` when there was neither a grant nor a live token.
    pub fn remove_grant(
        &mut self,
        user: &str,
        client_id: &str,
        end: End<'_>,
        seq: u64,
        now: SystemTime,
    ) -> Option<Vec<String>> {
        let grant = self
            .grants
            .remove(&(user.to_string(), client_id.to_string()));
        let ended = self.end_tokens((user, client_id), |_| true, end, seq, now);
        (grant.is_some() || !ended.is_empty()).then_some(ended)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::super::tokens::tests::issue;
    use super::*;
    use crate::api::EndCause;

    #[test]
    fn removing_a_grant_ends_every_live_token_of_it_with_the_call() {
        let mut inner = Inner::for_tests();
        let now = SystemTime::now();
        let read = vec!["read:user".to_string()];
        inner.add_grant("ada", "logout-lab-github", &read, now);
        issue(&mut inner, "gho_a", &read);
        issue(&mut inner, "gho_b", &read);
        let seq = inner.take_seq();
        let end = End {
            cause: EndCause::GrantRemoved,
            endpoint: Some("DELETE /applications/logout-lab-github/grant"),
            why: "grant removed",
        };
        let ended = inner.remove_grant("ada", "logout-lab-github", end, seq, now);
        assert_eq!(ended, Some(vec!["gho_a".to_string(), "gho_b".to_string()]));
        assert!(inner.grants.is_empty());
        let ending = inner.tokens["gho_b"].ended.clone().unwrap();
        assert_eq!((ending.seq, ending.cause), (seq, EndCause::GrantRemoved));
        // The grant's tokens share its names, and the one ending of the call.
        let (a, b) = (&inner.tokens["gho_a"], &inner.tokens["gho_b"]);
        assert!(Arc::ptr_eq(&a.client_id, &b.client_id));
        assert!(Arc::ptr_eq(&a.user, &b.user));
        assert!(Arc::ptr_eq(&a.scopes, &b.scopes));
        assert!(Arc::ptr_eq(a.ended.as_ref().unwrap(), &ending));
        let record = a.record(None, now);
        assert_eq!(record.ended.map(|e| e.seq), Some(seq));
        assert_eq!(record.scopes, read);
        assert_eq!(
            inner.remove_grant("ada", "logout-lab-github", end, seq, now),
            None
        );
    }
}
