//! The tokens a mock has issued, found by value and by grant.
//!
//! Every question the store asks of its tokens names one token or one grant (a user and a
//! client): the tokens a revocation ends, a removed grant's, a replayed code's, those past a
//! provider's limit, those a poller asks for. So beside the map by value, each grant keeps
//! its tokens' values in the order they were issued, and those questions cost what that
//! grant holds, not what the whole mock has issued in a long demo or under a class's load.
//!
//! Ended tokens stay a while, so the inspection API shows every token's whole life; then they
//! go ([`TokenTable::prune`]): the table keeps the order tokens ended in, and the order those
//! that expire will expire in, so pruning costs what it removes, not what the table holds.

use std::collections::{HashMap, VecDeque};
use std::ops::Index;
use std::sync::Arc;
use std::time::SystemTime;

use super::limits::Retention;
use super::records::Token;

/// Every token issued, by value, and each grant's in the order they were issued. Both
/// indexes share the token's value, user and client id with the token itself.
#[derive(Debug, Default)]
pub struct TokenTable {
    by_value: HashMap<Arc<str>, Token>,
    /// Account key, then client id: the values of that grant's tokens, oldest first.
    by_grant: HashMap<Arc<str>, Grants>,
    /// The tokens that ended (or expired), with when, in about that order: pruned from the
    /// front.
    ended: VecDeque<(SystemTime, Arc<str>)>,
    /// The tokens that expire, with when, in the order they were issued (the same lifetime
    /// for all of a mock's: the order they expire in).
    expiring: VecDeque<(SystemTime, Arc<str>)>,
}

/// One account's tokens by client id: their values, oldest first.
type Grants = HashMap<Arc<str>, Vec<Arc<str>>>;

impl TokenTable {
    /// Adds a token (a value never issued before: the mock's values are random).
    pub fn insert(&mut self, token: Token) {
        self.by_grant
            .entry(token.user.clone())
            .or_default()
            .entry(token.client_id.clone())
            .or_default()
            .push(token.token.clone());
        if let Some(expires) = token.expires {
            self.expiring.push_back((expires, token.token.clone()));
        }
        self.by_value.insert(token.token.clone(), token);
    }

    /// Notes that the token `value` ended at `at` (its `ended` is set by the caller), so
    /// that it goes after the retention.
    pub fn ended(&mut self, value: Arc<str>, at: SystemTime) {
        self.ended.push_back((at, value));
    }

    /// How many ended or expired tokens are waiting to be pruned.
    pub fn ended_count(&self) -> usize {
        self.ended.len()
    }

    pub fn len(&self) -> usize {
        self.by_value.len()
    }

    /// Removes the tokens that ended (or expired) longer than `retention.ended` ago, and the
    /// oldest ended beyond `retention.max_ended`; live tokens stay. Returns how many went.
    pub fn prune(&mut self, retention: &Retention, now: SystemTime) -> usize {
        while let Some((expires, value)) = self.expiring.front().cloned()
            && expires <= now
        {
            self.expiring.pop_front();
            if self.by_value.get(&value).is_some_and(|t| t.ended.is_none()) {
                self.ended.push_back((expires, value));
            }
        }
        let mut pruned = 0;
        while let Some((at, value)) = self.ended.front().cloned() {
            let old = now.duration_since(at).is_ok_and(|d| d >= retention.ended);
            if !old && self.ended.len() <= retention.max_ended {
                break;
            }
            self.ended.pop_front();
            self.remove(&value);
            pruned += 1;
        }
        pruned
    }

    /// Removes one token from both indexes.
    fn remove(&mut self, value: &str) {
        let Some(token) = self.by_value.remove(value) else {
            return;
        };
        if let Some(clients) = self.by_grant.get_mut(&token.user) {
            if let Some(values) = clients.get_mut(&token.client_id) {
                values.retain(|v| &**v != value);
                if values.is_empty() {
                    clients.remove(&token.client_id);
                }
            }
            if clients.is_empty() {
                self.by_grant.remove(&token.user);
            }
        }
    }

    pub fn get(&self, value: &str) -> Option<&Token> {
        self.by_value.get(value)
    }

    pub fn get_mut(&mut self, value: &str) -> Option<&mut Token> {
        self.by_value.get_mut(value)
    }

    pub fn is_empty(&self) -> bool {
        self.by_value.is_empty()
    }

    /// Every token, in no particular order.
    pub fn values(&self) -> impl Iterator<Item = &Token> {
        self.by_value.values()
    }

    /// The values of `user`'s tokens for `client_id`, in the order they were issued.
    pub fn of_grant(&self, user: &str, client_id: &str) -> &[Arc<str>] {
        self.by_grant
            .get(user)
            .and_then(|clients| clients.get(client_id))
            .map_or(&[], Vec::as_slice)
    }

    /// The tokens of `user` (with every client, or with `client_id` only), in no particular
    /// order across clients and in issue order within each.
    pub fn of_user<'a>(
        &'a self,
        user: &'a str,
        client_id: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Token> + 'a {
        self.by_grant
            .get(user)
            .into_iter()
            .flat_map(|clients| clients.iter())
            .filter(move |(client, _)| client_id.is_none_or(|id| id == &***client))
            .flat_map(|(_, values)| values.iter())
            .filter_map(|value| self.by_value.get(value))
    }
}

impl Index<&str> for TokenTable {
    type Output = Token;

    fn index(&self, value: &str) -> &Token {
        &self.by_value[value]
    }
}
