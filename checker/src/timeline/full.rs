//! What an exchange shows when it is opened: a browser's request and answer as they went
//! (first line, headers, body), or what a mock recorded of an app's call and what it does
//! not record. Kept as they went; the HTML report masks their secrets as it shows them.

use mock_providers::api::{EventRecord, RevocationRecord, TokenKind};

use crate::client::{Received, Sent};
use crate::report::{Full, Message};

/// A browser's exchange in full.
pub(super) fn http(sent: &Sent) -> Full {
    let request = Message {
        line: format!("{} {}", sent.method, sent.url),
        headers: sent.headers.clone(),
        body: sent.body.clone().filter(|b| b.chars > 0),
    };
    Full::Http {
        request,
        response: sent.answer.as_ref().map(answer).map_err(Clone::clone),
    }
}

fn answer(received: &Received) -> Message {
    Message {
        line: format!("HTTP {}", received.status),
        headers: received.headers.clone(),
        body: Some(received.body.clone()).filter(|b| b.chars > 0),
    }
}

/// What the mocks do not record of an app's call, said plainly.
const UNRECORDED: &str = "The mock records what the call did, not the call itself: its \
    headers and body (where the client's id and secret and the token travel) and the status \
    of its answer are not recorded.";
const UNRECORDED_REVOCATION: &str = "The mock records a revocation call's token, answer and \
    outcome, not the call itself: its headers and body (where the client's id and secret \
    travel) are not recorded.";

/// An app's call, as the mock recorded it in `event`; `origin` is the mock's.
pub(super) fn recorded(event: &EventRecord, origin: &str) -> Full {
    let endpoint = event.endpoint.as_deref().unwrap_or_default();
    let (method, path) = endpoint.split_once(' ').unwrap_or(("", endpoint));
    let mut facts = vec![
        ("request", format!("{method} {origin}{path}")),
        (
            "recorded",
            format!("event #{} ({}) at {}", event.seq, event.kind, event.time),
        ),
        ("the mock's words", event.summary.clone()),
    ];
    let optional = [
        ("client", event.client_id.clone()),
        ("user", event.user.clone()),
    ];
    facts.extend(optional.into_iter().filter_map(|(k, v)| Some((k, v?))));
    if let Some(call) = &event.revocation {
        facts.extend(revocation(call));
    }
    for (label, tokens) in [
        ("tokens issued", &event.issued),
        ("tokens ended", &event.ended),
    ] {
        if !tokens.is_empty() {
            facts.push((label, tokens.join(", ")));
        }
    }
    let unrecorded = match event.revocation {
        Some(_) => UNRECORDED_REVOCATION,
        None => UNRECORDED,
    };
    Full::Recorded { facts, unrecorded }
}

/// A revocation call's token and answer.
fn revocation(call: &RevocationRecord) -> Vec<(&'static str, String)> {
    let token = call.token.clone().unwrap_or_else(|| "none".into());
    let kind = call.token_kind.map(|kind| match kind {
        TokenKind::Access => " (an access token)",
        TokenKind::Refresh => " (a refresh token)",
    });
    let why = call.reason.as_deref().unwrap_or("no reason given");
    let answer = match call.status {
        0 => format!("no answer: the connection was dropped ({why})"),
        status if call.accepted() => format!("HTTP {status}, accepted"),
        status => format!("HTTP {status}, refused: {why}"),
    };
    vec![
        (
            "token named",
            format!("{token}{}", kind.unwrap_or_default()),
        ),
        ("answer", answer),
    ]
}
