//! The bounded log that events, revocations and the app's events are kept in: bounded in
//! entries and in bytes, so that neither many small records nor a few large ones (an event
//! that keeps its call in full) can exhaust memory in a long demo.

use std::collections::VecDeque;
use std::mem::size_of;

use crate::api::{EventRecord, ExchangeRecord, RequestRecord, ResponseRecord, RevocationRecord};
use crate::app_events::AppEventRecord;

/// What a record costs in memory, about: its own size and the text it holds. An estimate
/// that never undercounts text, which is what grows.
pub trait Weigh {
    fn weight(&self) -> usize;
}

/// A bounded log: the oldest entries go once `capacity` entries or `max_bytes` bytes (by
/// [`Weigh`]) are reached; the newest entry always stays, whatever it weighs.
#[derive(Debug, Clone)]
pub struct Ring<T> {
    items: VecDeque<(T, usize)>,
    capacity: usize,
    max_bytes: usize,
    bytes: usize,
}

impl<T: Weigh> Ring<T> {
    pub fn new(capacity: usize, max_bytes: usize) -> Self {
        Ring {
            items: VecDeque::new(),
            capacity: capacity.max(1),
            max_bytes,
            bytes: 0,
        }
    }

    pub fn push(&mut self, item: T) {
        let weight = item.weight();
        self.bytes += weight;
        self.items.push_back((item, weight));
        self.trim();
    }

    /// Changes entries from the newest back, as long as `change` returns `true`, then weighs
    /// them again (and drops the oldest if the log is now over its bytes).
    pub fn change_newest(&mut self, mut change: impl FnMut(&mut T) -> bool) {
        for (item, weight) in self.items.iter_mut().rev() {
            let go_on = change(item);
            let now = item.weight();
            self.bytes = self.bytes - *weight + now;
            *weight = now;
            if !go_on {
                break;
            }
        }
        self.trim();
    }

    fn trim(&mut self) {
        while self.items.len() > self.capacity
            || (self.bytes > self.max_bytes && self.items.len() > 1)
        {
            if let Some((_, weight)) = self.items.pop_front() {
                self.bytes -= weight;
            }
        }
    }
}

impl<T> Ring<T> {
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.items.iter().map(|(item, _)| item)
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// What the kept entries weigh, in bytes (by [`Weigh`]).
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    pub fn clear(&mut self) {
        self.items.clear();
        self.bytes = 0;
    }
}

fn text(s: &str) -> usize {
    s.len()
}

fn opt(s: &Option<String>) -> usize {
    s.as_deref().map_or(0, text)
}

fn list(items: &[String]) -> usize {
    items.iter().map(|s| size_of::<String>() + s.len()).sum()
}

fn headers(headers: &[(String, String)]) -> usize {
    let each = |(n, v): &(String, String)| 2 * size_of::<String>() + n.len() + v.len();
    headers.iter().map(each).sum()
}

impl Weigh for ExchangeRecord {
    fn weight(&self) -> usize {
        let RequestRecord {
            method,
            url,
            headers: sent,
            body,
            ..
        } = &self.request;
        let request = text(method) + text(url) + headers(sent) + text(body);
        let response = self
            .response
            .as_ref()
            .map_or(0, |r: &ResponseRecord| headers(&r.headers) + text(&r.body));
        size_of::<Self>() + request + response
    }
}

impl Weigh for RevocationRecord {
    fn weight(&self) -> usize {
        size_of::<Self>()
            + text(&self.time)
            + text(&self.endpoint)
            + opt(&self.client_id)
            + opt(&self.token)
            + opt(&self.user)
            + opt(&self.reason)
            + list(&self.revoked_tokens)
    }
}

/// An exchange shared by several events counts on each: an overestimate, never an under.
impl Weigh for EventRecord {
    fn weight(&self) -> usize {
        size_of::<Self>()
            + text(&self.time)
            + text(&self.summary)
            + opt(&self.user)
            + opt(&self.client_id)
            + opt(&self.endpoint)
            + list(&self.issued)
            + list(&self.ended)
            + self.revocation.as_ref().map_or(0, Weigh::weight)
            + self.exchange.as_deref().map_or(0, Weigh::weight)
    }
}

impl Weigh for AppEventRecord {
    fn weight(&self) -> usize {
        size_of::<Self>()
            + text(&self.time)
            + opt(&self.user)
            + opt(&self.token)
            + opt(&self.detail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Weigh for String {
        fn weight(&self) -> usize {
            self.len()
        }
    }

    #[test]
    fn the_oldest_go_past_the_entries_or_the_bytes_and_the_newest_stays() {
        let mut ring = Ring::new(3, 10);
        // Three words of three bytes: within both bounds, the oldest of four goes.
        for s in ["ant", "bee", "cat", "dog"] {
            ring.push(s.to_string());
        }
        assert_eq!(
            ring.iter().cloned().collect::<Vec<_>>(),
            ["bee", "cat", "dog"]
        );
        ring.push("0123456789".into());
        assert_eq!(ring.iter().cloned().collect::<Vec<_>>(), ["0123456789"]);
        assert_eq!(ring.bytes(), 10);
        ring.push("toolongtoolong".into());
        assert_eq!(ring.len(), 1, "the newest stays, whatever it weighs");
        ring.push("x".into());
        ring.change_newest(|s| {
            s.push_str("0123456789");
            false
        });
        assert_eq!(ring.iter().cloned().collect::<Vec<_>>(), ["x0123456789"]);
        assert_eq!(ring.bytes(), 11);
    }
}
