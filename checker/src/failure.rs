//! Why a check failed: the message, what was expected and what was seen, the step, and where
//! the hint comes from.

use crate::registry::Hint;

/// Where a failure's hint comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum HintSource {
    /// A hint of the exercise's `[exercise.hints]` in `exercises.toml`.
    Key(Hint),
    /// The lesson's rule on revocations (`[rules]` in `exercises.toml`).
    Lesson,
    /// The same, and why revoking another token of a Google grant ended the one held.
    LessonGoogleGrant,
}

/// Why a check failed.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub message: String,
    pub expected: Option<String>,
    pub actual: Option<String>,
    pub hint: HintSource,
    /// The step that failed; the runner fills it in when empty.
    pub step: Option<String>,
    /// The rule the failure breaks, word for word ([`crate::rules`]): shown with `--verbose`
    /// and in JSON, the one-line `expected` standing for it otherwise.
    pub rule: Option<&'static str>,
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            expected: None,
            actual: None,
            hint: HintSource::Key(Hint::DEFAULT),
            step: None,
            rule: None,
        }
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Failure {
        self.expected = Some(expected.into());
        self
    }

    pub fn actual(mut self, actual: impl Into<String>) -> Failure {
        self.actual = Some(actual.into());
        self
    }

    pub fn hint(mut self, key: Hint) -> Failure {
        self.hint = HintSource::Key(key);
        self
    }

    pub fn rule(mut self, rule: &'static str) -> Failure {
        self.rule = Some(rule);
        self
    }
}

/// A request that could not be made at all (connection refused mid-run, timeout...).
impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Failure {
        let cause = format!("{error:#}");
        let message = if cause.contains("Connection refused") {
            "nothing answers at the app's address any more: did it stop, or crash?"
        } else if cause.contains("connection closed") || cause.contains("connection reset") {
            "the app closed the connection without answering: did it crash while answering?"
        } else {
            "an HTTP request could not be completed"
        };
        Failure::new(message).expected("an answer").actual(cause)
    }
}
