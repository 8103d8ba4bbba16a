//! What a revocation call came to, in a glyph and in words, the same on its arrow, in the
//! step's list of revocations under its diagram and in the page's legend: accepted, judged
//! unnecessary, or refused by the provider.

use maud::{Markup, html};

use crate::report::{Answer, Exchange, Revocation, mask};

/// How a revocation call is drawn and said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Verdict {
    pub glyph: &'static str,
    /// Its class in the page: `revoked`, `unnecessary` or `refused`.
    pub class: &'static str,
    pub words: String,
}

/// The glyphs, with what each means, for the legend.
const GLYPHS: [(&str, &str, &str); 3] = [
    (
        "✂",
        "revoked",
        "revoked (accepted): the provider ended the token",
    ),
    (
        "⚠",
        "unnecessary",
        "revoked unnecessarily: the token the app holds, outside a disconnect",
    ),
    (
        "⊘",
        "refused",
        "refused by the provider: the token lives on",
    ),
];

/// The verdict on `exchange`'s revocation call.
pub(super) fn of(exchange: &Exchange, revocation: &Revocation) -> Verdict {
    let refused = || {
        let answer = match &exchange.answer {
            Answer::Status(status) => status.to_string(),
            _ => "no answer".to_string(),
        };
        format!("refused by {}: {answer}", exchange.to.name())
    };
    let (glyph, class, words) = match (revocation.accepted, revocation.unnecessary) {
        (true, false) => (GLYPHS[0].0, GLYPHS[0].1, "revoked (accepted)".to_string()),
        (true, true) => (
            GLYPHS[1].0,
            GLYPHS[1].1,
            "revoked unnecessarily".to_string(),
        ),
        (false, true) => (
            GLYPHS[1].0,
            GLYPHS[1].1,
            format!("tried to revoke unnecessarily, {}", refused()),
        ),
        (false, false) => (GLYPHS[2].0, GLYPHS[2].1, refused()),
    };
    Verdict {
        glyph,
        class,
        words,
    }
}

/// How to read the diagrams: arrows, opening them, and the glyphs.
pub(super) fn legend() -> Markup {
    html! {
        section.legend aria-label="How to read the diagrams" {
            p {
                "Each step is drawn between four lifelines: the browser, the app, GitHub and "
                "Google. An arrow is a request, the dashed one back its answer; "
                strong { "click an arrow" } " to see the request and the answer in full, "
                "headers and bodies, secrets masked. The app's calls to a provider are blue, as "
                "the mocks recorded them."
            }
            ul.glyphs {
                @for (glyph, class, words) in GLYPHS {
                    li class=(class) { span.glyph aria-hidden="true" { (glyph) } " " (words) }
                }
            }
        }
    }
}

/// The revocation calls in words: the provider, the call, the token and the verdict.
pub(super) fn list(exchanges: &[&Exchange]) -> Markup {
    html! {
        @if exchanges.iter().any(|e| e.revocation.is_some()) {
            ul.revocations {
                @for exchange in exchanges {
                    @if let Some(revocation) = &exchange.revocation {
                        @let verdict = of(exchange, revocation);
                        li class=(verdict.class) {
                            span.glyph aria-hidden="true" { (verdict.glyph) } " "
                            strong { "Revocation" } " at " (exchange.to.name()) ": "
                            code { (exchange.method) " " (exchange.path) } " naming "
                            code { (revocation.token.as_deref().unwrap_or("no token")) } ": "
                            strong.judged { (verdict.words) }
                            @if let Some(reason) = &revocation.reason { " (" (mask::text(reason)) ")" }
                        }
                    }
                }
            }
        }
    }
}
