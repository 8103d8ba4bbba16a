//! What an exchange shows when it is opened: a browser's request and answer as they went
//! (first line, headers, body), or an app's call as the mock kept it (the same, masked by the
//! mock as it recorded it) with what the mock recorded of it besides; a mock that did not
//! keep the call shows only what it recorded, and says what it does not show. The HTML
//! report masks every value again as it shows them.

use mock_providers::api::{EventRecord, ExchangeRecord, RevocationRecord, TokenKind};

use crate::client::{Received, Sent};
use crate::report::{Body, Full, Message, Unit};

/// A browser's exchange in full.
pub(super) fn http(sent: &Sent) -> Full {
    let request = Message {
        line: format!("{} {}", sent.method, sent.url),
        headers: sent.headers.clone(),
        body: sent.body.as_ref().filter(|b| b.chars > 0).map(Body::from),
    };
    Full::Http {
        request,
        response: sent.answer.as_ref().map(answer).map_err(Clone::clone),
        facts: Vec::new(),
    }
}

fn answer(received: &Received) -> Message {
    Message {
        line: format!("HTTP {}", received.status),
        headers: received.headers.clone(),
        body: Some(Body::from(&received.body)).filter(|b| b.len > 0),
    }
}

/// What a mock that did not keep an app's call shows of it, said plainly.
const UNRECORDED: &str = "The mock did not keep this call in full, only what it did: its \
    headers and body (where the client's id and secret and the token travel) and the status \
    of its answer are not shown.";
const UNRECORDED_REVOCATION: &str = "The mock did not keep this call in full, only its \
    token, answer and outcome: its headers and body (where the client's id and secret \
    travel) are not shown.";

/// An app's call, as the mock recorded it in `event`; `origin` is the mock's.
pub(super) fn recorded(event: &EventRecord, origin: &str) -> Full {
    let facts = facts(event);
    match event.exchange.as_deref() {
        Some(exchange) => kept(exchange, origin, facts),
        None => {
            let endpoint = event.endpoint.as_deref().unwrap_or_default();
            let (method, path) = endpoint.split_once(' ').unwrap_or(("", endpoint));
            let mut all = vec![("request", format!("{method} {origin}{path}"))];
            all.extend(facts);
            let unrecorded = match event.revocation {
                Some(_) => UNRECORDED_REVOCATION,
                None => UNRECORDED,
            };
            Full::Recorded {
                facts: all,
                unrecorded,
            }
        }
    }
}

/// The call as the mock kept it, in full.
fn kept(exchange: &ExchangeRecord, origin: &str, facts: Vec<(&'static str, String)>) -> Full {
    let sent = &exchange.request;
    let request = Message {
        line: format!("{} {origin}{}", sent.method, sent.url),
        headers: sent.headers.clone(),
        body: body(&sent.body, sent.body_len, sent.body_cut),
    };
    let response = exchange.response.as_ref().map(|answer| Message {
        line: format!("HTTP {}", answer.status),
        headers: answer.headers.clone(),
        body: body(&answer.body, answer.body_len, answer.body_cut),
    });
    Full::Http {
        request,
        response: response.ok_or_else(|| "the connection was dropped (a mock fault)".into()),
        facts,
    }
}

/// A body as the mock kept it, if there was one.
fn body(text: &str, len: usize, cut: bool) -> Option<Body> {
    (len > 0).then(|| Body {
        text: text.to_string(),
        len,
        unit: Unit::Bytes,
        cut,
    })
}

/// What the mock recorded of a call besides the call itself: the event, the mock's words,
/// the client and user, a revocation's token and answer, the tokens issued or ended.
fn facts(event: &EventRecord) -> Vec<(&'static str, String)> {
    let mut facts = vec![
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
    facts
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
