//! Grants: which apps a user authorized, for which scopes, and what removing one ends,
//! whether a call of the app removes it or the user does at the provider.

use std::collections::BTreeSet;
use std::time::SystemTime;

use super::clock::rfc3339;
use super::events::EventInfo;
use super::inner::Inner;
use super::tokens::End;
use crate::api::{EndCause, EventKind, Grant};

/// Where a user removed an app's access: the request that did it, and the place in words
/// ("Settings → Applications"), for the tokens' endings and the event.
#[derive(Debug, Clone, Copy)]
pub struct Removal<'a> {
    /// `METHOD /path`.
    pub endpoint: &'a str,
    pub place: &'a str,
}

/// An app a user authorized, as the provider's settings page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizedApp {
    pub client_id: String,
    /// The client's name, else its id.
    pub name: String,
    pub scopes: Vec<String>,
    pub granted_at: String,
    /// How many tokens of the grant still work: all end when the user removes it.
    pub live_tokens: usize,
}

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

    /// The grants of one account, by client id.
    pub fn grants_of<'a>(&'a self, user: &'a str) -> impl Iterator<Item = &'a Grant> + 'a {
        self.grants.values().filter(move |g| g.user == user)
    }

    /// The apps `user` authorized, by client id, as the settings pages list them.
    pub fn authorized_apps(&self, user: &str, now: SystemTime) -> Vec<AuthorizedApp> {
        let app = |g: &Grant| AuthorizedApp {
            client_id: g.client_id.clone(),
            name: self.client_name(&g.client_id),
            scopes: g.scopes.iter().cloned().collect(),
            granted_at: g.granted_at.clone(),
            live_tokens: self.live_tokens_of(user, &g.client_id, now),
        };
        self.grants_of(user).map(app).collect()
    }

    /// What a person calls a client: its name, else its id.
    pub fn client_name(&self, client_id: &str) -> String {
        let client = self.clients.get(client_id);
        let name = client.and_then(|c| c.name.clone());
        name.unwrap_or_else(|| client_id.to_string())
    }

    /// How many tokens of `user`'s grant to `client_id` still work.
    pub fn live_tokens_of(&self, user: &str, client_id: &str, now: SystemTime) -> usize {
        let values = self.tokens.of_grant(user, client_id).iter();
        values.filter(|v| self.live_token(v, now).is_ok()).count()
    }

    /// Whether `user` authorized `client_id`, or still holds a live token of it.
    pub fn has_access(&self, user: &str, client_id: &str, now: SystemTime) -> bool {
        let granted = self
            .grants
            .contains_key(&(user.to_string(), client_id.to_string()));
        granted || self.live_tokens_of(user, client_id, now) > 0
    }

    /// The user removes `client_id`'s access at the provider (GitHub's Authorized OAuth
    /// Apps, Google's third-party connections): the grant goes, every live token of it ends
    /// with `user_removed_access`, and one event of that kind records it; the app is told
    /// nothing. Returns the tokens ended; `None`, recording nothing, when the user had
    /// neither a grant nor a live token of that client.
    pub fn remove_access(
        &mut self,
        user: &str,
        client_id: &str,
        removal: Removal<'_>,
        now: SystemTime,
    ) -> Option<Vec<String>> {
        if !self.has_access(user, client_id, now) {
            return None;
        }
        let username = self.username_of(user).unwrap_or_else(|| user.to_string());
        let words = EndCause::UserRemovedAccess.in_words(self.provider, &username);
        let why = format!("{words}, in {}", removal.place);
        let end = End {
            cause: EndCause::UserRemovedAccess,
            endpoint: Some(removal.endpoint),
            why: &why,
        };
        let seq = self.take_seq();
        let ended = self.remove_grant(user, client_id, end, seq, now);
        let ended = ended.unwrap_or_default();
        let summary = format!(
            "{words}: {client_id}, {} token(s) ended, in {}",
            ended.len(),
            removal.place
        );
        let info = EventInfo {
            user: Some(user.to_string()),
            client_id: Some(client_id.to_string()),
            endpoint: Some(removal.endpoint.to_string()),
            ended: ended.clone(),
            ..EventInfo::default()
        };
        self.push_event(seq, EventKind::UserRemovedAccess, summary, info, now);
        Some(ended)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::super::tokens::tests::issue;
    use super::*;

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

    #[test]
    fn the_user_removing_access_ends_the_grant_with_a_cause_of_its_own() {
        let mut inner = Inner::for_tests();
        let now = SystemTime::now();
        let read = vec!["read:user".to_string()];
        inner.add_grant("ada", "logout-lab-github", &read, now);
        issue(&mut inner, "gho_a", &read);
        let removal = Removal {
            endpoint: "POST /settings/applications/revoke",
            place: "Settings → Applications",
        };
        let ended = inner.remove_access("ada", "logout-lab-github", removal, now);
        assert_eq!(ended, Some(vec!["gho_a".to_string()]));
        assert!(inner.grants.is_empty(), "consent will be asked again");
        let ending = inner.tokens["gho_a"].ended.clone().unwrap();
        assert_eq!(ending.cause, EndCause::UserRemovedAccess);
        assert!(
            ending
                .why
                .starts_with("ada removed the app's access at GitHub")
        );
        let event = inner.events.iter().last().unwrap().clone();
        assert_eq!(event.kind, EventKind::UserRemovedAccess);
        assert_eq!(
            (event.seq, event.ended),
            (ending.seq, vec!["gho_a".to_string()])
        );
        let next = inner.next_seq();
        let again = inner.remove_access("ada", "logout-lab-github", removal, now);
        assert_eq!(again, None, "nothing left to remove");
        assert_eq!(inner.next_seq(), next, "and nothing recorded");
    }
}
