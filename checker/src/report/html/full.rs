//! An exchange opened, as Google's OAuth 2.0 Playground shows one: the request and the answer
//! in full (first line, headers, body); for an app's call, as the mock kept it, with what the
//! mock recorded of it besides; or, from a mock that did not keep the call, what it recorded
//! and what that leaves out. Every value masked ([`crate::report::mask`]), bodies cut to
//! their start (and said to be).

use maud::{Markup, html};

use crate::report::mask;
use crate::report::{Body, Exchange, Full, Message, Unit};

/// What opening `exchange` shows; `calls`, for a browser's request to the app, is how many
/// calls to a provider the app made while it answered.
pub(super) fn panel(exchange: &Exchange, calls: Option<usize>) -> Markup {
    match &exchange.full {
        Full::Http {
            request,
            response,
            facts,
        } => html! {
            div.full {
                section.message {
                    h5 { "Request" }
                    (message(request))
                }
                section.message {
                    h5 { "Answer" }
                    @match response {
                        Ok(answer) => (message(answer)),
                        Err(why) => p.none { "No answer: " (mask::text(why)) },
                    }
                }
                @if let Some(calls) = calls {
                    p.calls { "While the app answered: " strong { (count(calls)) } "." }
                }
                @if !facts.is_empty() {
                    section.recorded {
                        p { "What the mock " (exchange.to.name()) " recorded of this call:" }
                        (fact_list(facts))
                    }
                }
            }
        },
        Full::Recorded { facts, unrecorded } => html! {
            div.full.recorded {
                p { "What the mock " (exchange.to.name()) " recorded of this call:" }
                (fact_list(facts))
                p.unrecorded { (unrecorded) }
            }
        },
    }
}

fn fact_list(facts: &[(&'static str, String)]) -> Markup {
    html! {
        dl.facts {
            @for (label, value) in facts {
                div { dt { (label) } dd { (mask::text(value)) } }
            }
        }
    }
}

/// `0 calls to a provider`, `1 call to a provider`...
pub(super) fn count(calls: usize) -> String {
    match calls {
        1 => "1 call to a provider".to_string(),
        n => format!("{n} calls to a provider"),
    }
}

/// A request or an answer as HTTP reads: its line, its headers, a blank line, its body.
fn message(message: &Message) -> Markup {
    let mut head = mask::text(&message.line);
    for (name, value) in &message.headers {
        head.push_str(&format!("\n{name}: {}", mask::header(name, value)));
    }
    html! {
        pre.http { code { (head) } }
        @match &message.body {
            None => p.none { "No body." },
            Some(body) => {
                @if !body.text.is_empty() {
                    pre.body { code { (mask::text(&body.text)) } }
                }
                @if body.cut { p.cut { (cut(body)) } }
            }
        }
    }
}

/// What was left out of a body.
fn cut(body: &Body) -> String {
    let len = thousands(body.len);
    match body.unit {
        Unit::Characters => format!(
            "Cut: the first {} of {len} characters are shown.",
            thousands(body.text.chars().count())
        ),
        Unit::Bytes if body.text.is_empty() => {
            format!("Not kept: the mock keeps no page ({len} bytes).")
        }
        Unit::Bytes => format!("Cut: the mock kept the start of these {len} bytes."),
    }
}

/// `15,234`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
