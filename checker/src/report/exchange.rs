//! What a step's sequence diagram shows: the step's HTTP exchanges in order, the browser's
//! with the app and the providers, and the app's with the providers as the mocks recorded
//! them.

use crate::mocks::Provider;

/// Who is at either end of an exchange: the diagram's three lifelines, the provider named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    Browser,
    App,
    Provider(Provider),
}

impl Party {
    /// `Browser`, `App`, `GitHub` or `Google`.
    pub fn name(self) -> &'static str {
        match self {
            Party::Browser => "Browser",
            Party::App => "App",
            Party::Provider(provider) => provider.name(),
        }
    }
}

/// What came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The HTTP status.
    Status(u16),
    /// What the mock recorded of a call whose status it does not keep (`code exchanged`,
    /// `token used`...).
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
    /// The judge found that it ended, or tried to end, the token the app holds now outside
    /// a disconnect: a token revoked unnecessarily.
    pub unnecessary: bool,
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
    /// A call the app made while the browser waited for the answer to its latest request
    /// before this one: the diagram draws it between that request and its answer.
    pub nested: bool,
    pub revocation: Option<Revocation>,
}
