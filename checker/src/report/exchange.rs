//! What a step's sequence diagram shows: the step's HTTP exchanges in order, the browser's
//! with the app and the providers, and the app's with the providers as the mocks recorded
//! them; each with what the report shows when it is opened, in full ([`crate::sequence`]
//! builds them; the HTML report masks their secrets).

pub use crate::client::Kept;
use common::Provider;

/// Who is at either end of an exchange: the diagram's lifelines (Browser, App, GitHub,
/// Google).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    Browser,
    App,
    Provider(Provider),
}

impl Party {
    /// Every lifeline, left to right.
    pub const ALL: [Party; 4] = [
        Party::Browser,
        Party::App,
        Party::Provider(Provider::GitHub),
        Party::Provider(Provider::Google),
    ];

    /// `Browser`, `App`, `GitHub` or `Google`.
    pub fn name(self) -> &'static str {
        match self {
            Party::Browser => "Browser",
            Party::App => "App",
            Party::Provider(provider) => provider.name(),
        }
    }

    /// The lifeline's place, from 1 (the browser) to 4 (Google).
    pub fn lane(self) -> usize {
        match self {
            Party::Browser => 1,
            Party::App => 2,
            Party::Provider(Provider::GitHub) => 3,
            Party::Provider(Provider::Google) => 4,
        }
    }
}

/// What came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The HTTP status.
    Status(u16),
    /// What the mock recorded of a call that is not a revocation: what it did, after its
    /// status when the mock kept the call in full (`200 code exchanged`, `token used`).
    Recorded(String),
    /// No answer: the connection failed or was dropped.
    Nothing,
}

/// A revocation call of the app, as the mock recorded it and the judge saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revocation {
    /// The token the call named, shortened as messages name tokens.
    pub token: Option<String>,
    pub accepted: bool,
    /// Why the provider refused it, as the mock says.
    pub reason: Option<String>,
    /// The judge found that it ended, or tried to end, the token the app holds now outside
    /// a disconnect: a token revoked unnecessarily.
    pub unnecessary: bool,
}

/// When an exchange happened, against the browser's requests of its step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    /// A request of the browser.
    Request,
    /// A call the app made while the browser waited for the answer to its latest request:
    /// drawn between that request and its answer.
    During,
    /// A call made after that answer (one the app did not wait for): drawn after it.
    After,
    /// A call made before the step's first request of the browser, or in a step with none:
    /// the app at work on its own (a queue's retries), drawn in a row of its own.
    Between,
}

/// A request or an answer in full, as it went (the HTML report masks its secrets): its
/// first line, headers and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// `POST http://127.0.0.1:3000/logout`, or `HTTP 302`.
    pub line: String,
    pub headers: Vec<(String, String)>,
    /// The start of the body, if there was one.
    pub body: Option<Body>,
}

/// The start of a body, as a browser's record or a mock kept it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub text: String,
    /// The whole body's length, in `unit`s.
    pub len: usize,
    pub unit: Unit,
    /// Whether part of the body was left out: `text` is its start (or empty: none kept).
    pub cut: bool,
}

/// What a body's length counts: the checker's browsers count characters, the mocks bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Characters,
    Bytes,
}

impl From<&Kept> for Body {
    fn from(kept: &Kept) -> Body {
        Body {
            text: kept.text.clone(),
            len: kept.chars,
            unit: Unit::Characters,
            cut: kept.is_cut(),
        }
    }
}

/// What opening an exchange shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Full {
    /// An exchange in full: the request as sent, and the answer or why none came. A
    /// browser's, as its record kept it; or an app's call, as the mock kept it, with what the
    /// mock recorded of it besides, labelled (`facts`; none for a browser's).
    Http {
        request: Message,
        response: Result<Message, String>,
        facts: Vec<(&'static str, String)>,
    },
    /// An app's call that the mock did not keep in full: what it recorded of it, labelled,
    /// and what it does not show of it.
    Recorded {
        facts: Vec<(&'static str, String)>,
        unrecorded: &'static str,
    },
}

/// One HTTP exchange of a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    pub from: Party,
    pub to: Party,
    pub method: String,
    /// The path, without the query.
    pub path: String,
    pub answer: Answer,
    pub timing: Timing,
    pub revocation: Option<Revocation>,
    pub full: Full,
}

impl Exchange {
    /// A call of the app to a provider.
    pub fn is_call(&self) -> bool {
        self.from == Party::App
    }
}
