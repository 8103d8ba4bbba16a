//! A step's exchanges in order, for its sequence diagram: what the browsers sent (their
//! [`Record`](crate::client::Record)) and the calls the app made to the providers (the step's
//! mock events), placed by time, each with what it shows in full ([`full`]). A call made while
//! the browser waited for the app's answer is drawn inside that exchange; one made after the
//! answer (a revocation not awaited) after it; one made before the step's first request (the
//! app at work on its own, a queue's retries) in a row of its own.
//! Times are the mocks' clocks against the checker's: a mock whose clock was moved forward
//! (`POST /__mock/clock`) has its calls drawn at the end of the step, still in their order.

mod full;

use std::time::{SystemTime, UNIX_EPOCH};

use common::Provider;
use mock_providers::api::{EventKind, EventRecord};
use url::{Origin, Url};

use crate::client::Sent;
use crate::mocks::short;
use crate::report::{Answer, Exchange, Party, Revocation, Timing};

/// Which lifeline a URL belongs to: the app's origin, or a mock's.
#[derive(Debug, Clone)]
pub struct Lifelines {
    origins: Vec<(Origin, Party)>,
}

impl Lifelines {
    pub fn new(app: &Url, github: &Url, google: &Url) -> Lifelines {
        Lifelines {
            origins: vec![
                (app.origin(), Party::App),
                (github.origin(), Party::Provider(Provider::GitHub)),
                (google.origin(), Party::Provider(Provider::Google)),
            ],
        }
    }

    fn party(&self, url: &Url) -> Option<Party> {
        let origin = url.origin();
        self.origins
            .iter()
            .find(|(o, _)| *o == origin)
            .map(|(_, party)| *party)
    }

    /// Where `party` is served, as `http://host:port`.
    fn origin(&self, party: Party) -> String {
        let origin = self.origins.iter().find(|(_, p)| *p == party);
        origin.map_or_else(String::new, |(o, _)| o.ascii_serialization())
    }
}

/// The kinds of event that record a call the app made to a provider.
fn is_app_call(event: &EventRecord) -> bool {
    use EventKind::*;
    let call = matches!(
        event.kind,
        CodeExchanged
            | CodeRefused
            | TokenRefreshed
            | TokenUsed
            | TokenRefused
            | TokenChecked
            | Revocation
    );
    call && event.endpoint.is_some()
}

/// The step's exchanges in order. `unnecessary` names the calls the judge found revoked a
/// token unnecessarily (provider, sequence number).
pub fn exchanges(
    lifelines: &Lifelines,
    sent: &[Sent],
    events: &[EventRecord],
    unnecessary: &[(Provider, u64)],
) -> Vec<Exchange> {
    let browser: Vec<(&Sent, Party)> = sent
        .iter()
        .filter_map(|s| Some((s, lifelines.party(&s.url)?)))
        .collect();
    let mut calls: Vec<(usize, Timing, Option<u128>, &EventRecord)> = events
        .iter()
        .filter(|e| is_app_call(e))
        .map(|e| {
            let at = millis_of(&e.time);
            let (slot, timing) = place(&browser, at);
            (slot, timing, at, e)
        })
        .collect();
    calls.sort_by_key(|&(slot, timing, at, e)| {
        let during = timing == Timing::During;
        (slot, !during, at, e.provider.slug(), e.seq)
    });
    let mut calls = calls.into_iter().peekable();
    let mut out = Vec::new();
    for slot in 0..=browser.len() {
        if let Some(&(sent, to)) = slot.checked_sub(1).and_then(|i| browser.get(i)) {
            out.push(browser_exchange(sent, to));
        }
        while let Some((_, timing, _, event)) = calls.next_if(|c| c.0 == slot) {
            out.push(app_call(lifelines, event, timing, unnecessary));
        }
    }
    out
}

/// Where a call made at `at` goes: its slot (0 before the first exchange, `i + 1` after the
/// exchange `i`) and when it was made against the browser's requests: while the app had the
/// browser's request to answer, after that answer, or before any request of the step.
fn place(browser: &[(&Sent, Party)], at: Option<u128>) -> (usize, Timing) {
    let last = browser.len();
    let found = match at {
        None => last.checked_sub(1),
        Some(at) => browser.iter().rposition(|(s, _)| millis(s.started) <= at),
    };
    let Some(i) = found else {
        return (0, Timing::Between);
    };
    let (sent, to) = browser[i];
    let during = to == Party::App && at.is_some_and(|at| at <= millis(sent.finished) + 1);
    let timing = if during {
        Timing::During
    } else {
        Timing::After
    };
    (i + 1, timing)
}

/// Milliseconds since the epoch, as the mocks write times (to the millisecond).
fn millis(time: SystemTime) -> u128 {
    time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis())
}

fn millis_of(time: &str) -> Option<u128> {
    humantime::parse_rfc3339(time).ok().map(millis)
}

fn browser_exchange(sent: &Sent, to: Party) -> Exchange {
    Exchange {
        from: Party::Browser,
        to,
        method: sent.method.to_string(),
        path: sent.url.path().to_string(),
        answer: sent.status().map_or(Answer::Nothing, Answer::Status),
        timing: Timing::Request,
        revocation: None,
        full: full::http(sent),
    }
}

fn app_call(
    lifelines: &Lifelines,
    event: &EventRecord,
    timing: Timing,
    unnecessary: &[(Provider, u64)],
) -> Exchange {
    let endpoint = event.endpoint.as_deref().unwrap_or_default();
    let (method, path) = endpoint.split_once(' ').unwrap_or(("", endpoint));
    let path = path.split('?').next().unwrap_or_default();
    let answer = answer(event);
    let to = Party::Provider(event.provider);
    Exchange {
        from: Party::App,
        to,
        method: method.to_string(),
        path: path.to_string(),
        answer,
        timing,
        revocation: event.revocation.as_ref().map(|call| Revocation {
            token: call.token.as_deref().map(short),
            accepted: call.accepted(),
            reason: call.reason.clone(),
            unnecessary: unnecessary.contains(&(event.provider, event.seq)),
        }),
        full: full::recorded(event, &lifelines.origin(to)),
    }
}

/// What came back: a revocation's status; else, for a call the mock kept in full, its
/// status and what it did (`200 code exchanged`), or only what it did.
fn answer(event: &EventRecord) -> Answer {
    let did = event.kind.as_str().replace('_', " ");
    let kept = event.exchange.as_deref().map(|e| e.response.as_ref());
    match (&event.revocation, kept) {
        (Some(call), _) if call.status == 0 => Answer::Nothing,
        (Some(call), _) => Answer::Status(call.status),
        (None, Some(Some(answer))) => Answer::Recorded(format!("{} {did}", answer.status)),
        (None, Some(None)) => Answer::Nothing,
        (None, None) => Answer::Recorded(did),
    }
}

#[cfg(test)]
mod tests;
