//! An exchange opened, as Google's OAuth 2.0 Playground shows one: the request and the answer
//! in full (first line, headers, body), or what the mock recorded of an app's call and what
//! it does not record; every value masked ([`crate::report::mask`]), bodies cut to their first
//! characters (and said to be).

use maud::{Markup, html};

use crate::report::mask;
use crate::report::{Exchange, Full, Message};

/// What opening `exchange` shows; `calls`, for a browser's request to the app, is how many
/// calls to a provider the app made while it answered.
pub(super) fn panel(exchange: &Exchange, calls: Option<usize>) -> Markup {
    match &exchange.full {
        Full::Http { request, response } => html! {
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
            }
        },
        Full::Recorded { facts, unrecorded } => html! {
            div.full.recorded {
                p { "What the mock " (exchange.to.name()) " recorded of this call:" }
                dl.facts {
                    @for (label, value) in facts {
                        div { dt { (label) } dd { (mask::text(value)) } }
                    }
                }
                p.unrecorded { (unrecorded) }
            }
        },
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
                pre.body { code { (mask::text(&body.text)) } }
                @if body.is_cut() {
                    p.cut {
                        "Cut: the first " (thousands(body.text.chars().count())) " of "
                        (thousands(body.chars)) " characters are shown."
                    }
                }
            }
        }
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
