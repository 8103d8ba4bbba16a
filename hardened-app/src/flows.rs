//! Pending logins, carried by the browser that started them.
//!
//! The `oauth_state` cookie holds the browser's pending flows: for each, the random `state`
//! sent to the provider, the provider, the PKCE verifier and when it started. The list is
//! sealed (XChaCha20-Poly1305, [`crate::sealing::seal`]) with a key derived from the app's
//! token key, so the browser can neither read the verifier nor forge or alter a flow, and a
//! restarted app (same key) still finishes the logins in flight.
//!
//! Why in the browser: nothing is stored on the server for a login that starts, so no flood
//! of anonymous `GET /auth/{provider}` can push a real user's pending login out of a bound
//! (issue 24, F3). What the server used to enforce, the cookie now does:
//! - bound to the browser: a state not in this browser's cookie is refused, and a foreign
//!   browser presenting it uses nothing up (F11);
//! - several at once: up to [`PER_BROWSER`] flows per browser (tabs logging in with both
//!   providers), the oldest forgotten beyond that;
//! - used once: the callback that finds its flow answers with a cookie without it, whatever
//!   it decides next;
//! - valid [`TTL_SECS`]: older flows are dropped when the cookie is read;
//! - not adopted: a value this app did not seal (planted by another service of the same host,
//!   tampered with) carries no flow and is replaced.
//!
//! What a cookie cannot give: a copy of the cookie taken before its callback still holds the
//! flow, so the callback replayed with that copy reaches the code exchange, where the
//! provider refuses a code already used. Two answers racing in one browser (a callback and a start
//! in two tabs at the same instant) each rewrite the cookie, and the last one wins: a flow
//! may then be lost, and that tab's login starts again.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::random;
use crate::sealing::{self, Key};
use common::Provider;

/// How long a user has to finish signing in at the provider.
pub const TTL_SECS: i64 = 10 * 60;

/// Pending flows one browser keeps: enough for a few tabs logging in at once, and a cookie
/// well under browsers' 4 KiB.
pub const PER_BROWSER: usize = 8;

/// One pending login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flow {
    #[serde(rename = "s")]
    pub state: String,
    #[serde(rename = "p")]
    pub provider: Provider,
    #[serde(rename = "v")]
    pub pkce_verifier: String,
    /// Unix seconds.
    #[serde(rename = "t")]
    pub started_at: i64,
}

impl Flow {
    /// A new flow with a fresh random state and PKCE verifier.
    pub fn new(provider: Provider, now: i64) -> Flow {
        Flow {
            state: random::token(),
            provider,
            pkce_verifier: random::token(),
            started_at: now,
        }
    }

    fn live(&self, now: i64) -> bool {
        now < self.started_at + TTL_SECS
    }
}

/// A browser's pending flows, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pending(Vec<Flow>);

impl Pending {
    /// The live flows in a cookie's value; none when there is no value or it is not one this
    /// app sealed with `key`.
    pub fn open(key: &Key, value: Option<&str>, now: i64) -> Pending {
        let flows: Vec<Flow> = value
            .and_then(|value| sealing::unseal(key, value))
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default();
        Pending(flows.into_iter().filter(|f| f.live(now)).collect())
    }

    /// The cookie's value: the flows, sealed with `key`.
    pub fn seal(&self, key: &Key) -> String {
        let json = serde_json::to_string(&self.0).expect("flows serialize");
        sealing::seal(key, &json)
    }

    /// Adds a flow, forgetting the oldest beyond [`PER_BROWSER`].
    pub fn push(&mut self, flow: Flow) {
        self.0.push(flow);
        let extra = self.0.len().saturating_sub(PER_BROWSER);
        self.0.drain(..extra);
    }

    /// Removes and returns the flow of `state`.
    pub fn take(&mut self, state: &str) -> Option<Flow> {
        let index = self.0.iter().position(|f| f.state == state)?;
        Some(self.0.remove(index))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The key the cookie is sealed with: derived from the token key, so a sealed token never
/// opens as a cookie, nor a cookie as a token.
pub fn cookie_key(token_key: &Key) -> Key {
    let mut hash = Sha256::new();
    hash.update(b"logout-lab oauth_state cookie\0");
    hash.update(token_key.to_base64().as_bytes());
    Key::from_base64(&STANDARD.encode(hash.finalize())).expect("a SHA-256 is 32 bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flows_round_trip_sealed_and_expire_after_ten_minutes() {
        let key = cookie_key(&Key::random());
        let mut pending = Pending::default();
        pending.push(Flow::new(Provider::GitHub, 1_000));
        pending.push(Flow::new(Provider::Google, 1_300));
        let value = pending.seal(&key);
        assert!(!value.contains(&pending.0[0].pkce_verifier), "sealed");
        assert_eq!(Pending::open(&key, Some(&value), 1_000), pending);
        let later = Pending::open(&key, Some(&value), 1_000 + TTL_SECS);
        assert_eq!(later.0, [pending.0[1].clone()], "the first has expired");
        assert!(Pending::open(&key, Some(&value), 1_300 + TTL_SECS).is_empty());
    }

    #[test]
    fn a_value_not_sealed_with_the_key_holds_no_flow() {
        let token_key = Key::random();
        let key = cookie_key(&token_key);
        let mut pending = Pending::default();
        pending.push(Flow::new(Provider::GitHub, 1_000));
        let foreign = Pending::open(&key, Some(&pending.seal(&token_key)), 1_000);
        assert!(foreign.is_empty(), "sealed with the token key itself");
        assert!(Pending::open(&key, Some("P".repeat(43).as_str()), 1_000).is_empty());
        let sealed_not_flows = sealing::seal(&key, "gho_token");
        assert!(Pending::open(&key, Some(&sealed_not_flows), 1_000).is_empty());
        assert!(Pending::open(&key, None, 1_000).is_empty());
    }

    #[test]
    fn a_browser_keeps_its_newest_flows_each_used_once_in_a_cookie_under_4_kib() {
        let key = cookie_key(&Key::random());
        let mut pending = Pending::default();
        let flows: Vec<Flow> = (0..12).map(|i| Flow::new(Provider::GitHub, i)).collect();
        for flow in &flows {
            pending.push(flow.clone());
        }
        assert_eq!(pending.0, flows[12 - PER_BROWSER..]);
        assert!(
            pending.seal(&key).len() < 2_000,
            "{}",
            pending.seal(&key).len()
        );
        assert_eq!(pending.take(&flows[0].state), None, "forgotten");
        assert_eq!(pending.take(&flows[11].state), Some(flows[11].clone()));
        assert_eq!(pending.take(&flows[11].state), None, "used once");
    }
}
