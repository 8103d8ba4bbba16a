//! Multiple-choice questions (`*.question.toml`) and the student's answers
//! (`*.answer.toml`), graded with an explanation for each wrong or missed choice.

use std::path::Path;

use anyhow::{Context, bail};
use serde::Deserialize;

/// A question with its choices; the right ones are marked `correct`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub question: String,
    #[serde(rename = "choice")]
    pub choices: Vec<Choice>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub key: String,
    pub text: String,
    pub correct: bool,
    /// Shown when the choice is picked although wrong, or missed although right.
    pub explanation: String,
}

/// The student's answer: the keys of the choices they pick.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    #[serde(default)]
    pub answer: Vec<String>,
}

/// The verdict on an answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Grade {
    Right,
    /// Nothing picked yet.
    Unanswered,
    /// Keys that are not choices of the question.
    UnknownKeys(Vec<String>),
    Wrong {
        /// Picked but wrong: (key, explanation).
        wrongly_picked: Vec<(String, String)>,
        /// Right but not picked: (key, explanation).
        missed: Vec<(String, String)>,
    },
}

impl Question {
    pub fn load(path: &Path) -> anyhow::Result<Question> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the question {}", path.display()))?;
        let question: Question = toml::from_str(&text)
            .with_context(|| format!("invalid question file {}", path.display()))?;
        if !question.choices.iter().any(|c| c.correct) {
            bail!("question {} has no correct choice", path.display());
        }
        for (i, choice) in question.choices.iter().enumerate() {
            if question.choices[..i].iter().any(|c| c.key == choice.key) {
                bail!("question {}: choice `{}` twice", path.display(), choice.key);
            }
        }
        Ok(question)
    }

    /// Keys of the right choices, in order.
    pub fn right_keys(&self) -> Vec<&str> {
        self.choices
            .iter()
            .filter(|c| c.correct)
            .map(|c| c.key.as_str())
            .collect()
    }

    pub fn grade(&self, answer: &Answer) -> Grade {
        let picked: Vec<String> = answer
            .answer
            .iter()
            .map(|k| k.trim().trim_end_matches('.').to_lowercase())
            .collect();
        if picked.is_empty() {
            return Grade::Unanswered;
        }
        let unknown: Vec<String> = picked
            .iter()
            .filter(|k| !self.choices.iter().any(|c| &c.key == *k))
            .cloned()
            .collect();
        if !unknown.is_empty() {
            return Grade::UnknownKeys(unknown);
        }
        let explain = |c: &Choice| (c.key.clone(), c.explanation.clone());
        let wrongly_picked: Vec<_> = self
            .choices
            .iter()
            .filter(|c| !c.correct && picked.contains(&c.key))
            .map(explain)
            .collect();
        let missed: Vec<_> = self
            .choices
            .iter()
            .filter(|c| c.correct && !picked.contains(&c.key))
            .map(explain)
            .collect();
        if wrongly_picked.is_empty() && missed.is_empty() {
            Grade::Right
        } else {
            Grade::Wrong {
                wrongly_picked,
                missed,
            }
        }
    }
}

impl Answer {
    /// Reads the answer file; a missing file is an unanswered question, not an error.
    pub fn load(path: &Path) -> anyhow::Result<Answer> {
        match std::fs::read_to_string(path) {
            Ok(text) => toml::from_str(&text)
                .with_context(|| format!("invalid answer file {}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Answer { answer: vec![] }),
            Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::default_dir;

    fn shipped() -> Question {
        Question::load(&default_dir().join("when-to-revoke.question.toml")).unwrap()
    }

    fn answer(keys: &[&str]) -> Answer {
        Answer {
            answer: keys.iter().map(|k| k.to_string()).collect(),
        }
    }

    #[test]
    fn the_lesson_answer_is_right_and_matches_the_lesson() {
        let question = shipped();
        // The lesson's "When to revoke": disconnect, compromise, no longer needed.
        assert_eq!(question.right_keys(), ["b", "c", "d"]);
        assert_eq!(question.grade(&answer(&["d", "B", "c."])), Grade::Right);
    }

    #[test]
    fn the_shipped_answer_file_is_right() {
        let answer = Answer::load(&default_dir().join("when-to-revoke.answer.toml")).unwrap();
        assert_eq!(shipped().grade(&answer), Grade::Right);
    }

    #[test]
    fn each_wrong_choice_gets_its_own_explanation() {
        let question = shipped();
        let Grade::Wrong {
            wrongly_picked,
            missed,
        } = question.grade(&answer(&["a", "b"]))
        else {
            panic!("expected a wrong answer");
        };
        assert_eq!(wrongly_picked.len(), 1);
        assert!(wrongly_picked[0].1.contains("re-authorize"));
        let missed: Vec<_> = missed.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(missed, ["c", "d"]);
        let explanations: std::collections::BTreeSet<_> =
            question.choices.iter().map(|c| &c.explanation).collect();
        assert_eq!(explanations.len(), question.choices.len());
    }

    #[test]
    fn empty_unknown_and_missing_answers() {
        let question = shipped();
        assert_eq!(question.grade(&answer(&[])), Grade::Unanswered);
        assert_eq!(
            question.grade(&answer(&["z"])),
            Grade::UnknownKeys(vec!["z".into()])
        );
        let missing = Answer::load(Path::new("/nonexistent/answer.toml")).unwrap();
        assert_eq!(question.grade(&missing), Grade::Unanswered);
    }

    #[test]
    fn the_page_shows_every_choice_of_the_question() {
        let page = std::fs::read_to_string(default_dir().join("when-to-revoke.md")).unwrap();
        let question = shipped();
        assert!(page.contains(&question.question));
        for choice in &question.choices {
            let line = format!("- **{}.** {}", choice.key, choice.text);
            assert!(page.contains(&line), "when-to-revoke.md lacks `{line}`");
        }
    }
}
