//! Multiple-choice questions (`*.question.toml`) and the student's answers (`*.answer.toml`),
//! graded without the answer key in sight, as check50 keeps its key on a server.
//!
//! Instructors write a question plainly: each choice with `correct` and an `explanation`. The
//! student edition ships it sealed ([`Question::sealed_toml`]): the right set only as a salted
//! SHA-256 digest, and each explanation sealed under a key that only the right answer yields
//! (a right choice's), or only picking that very choice (a wrong choice's). So the checker
//! opens every explanation once the answer is right, and a wrong choice's when it is picked,
//! and can never name a right choice that was missed. The checker seals a plain file when it
//! reads it, so both forms are graded the same way.
//!
//! This keeps the key out of sight, not out of reach: six choices make 64 answers, and anyone
//! reading this module can try them all. It is the lesson that is graded, not a secret.

use std::path::Path;

use anyhow::{Context, bail};
use serde::Deserialize;

mod seal;

/// A question with its choices, the right set sealed.
#[derive(Debug, Clone)]
pub struct Question {
    pub question: String,
    pub choices: Vec<Choice>,
    salt: String,
    /// The digest of the right set ([`digest`] of `right`, the salt and the sorted keys).
    right: String,
}

/// A choice: its letter, its text, and its explanation, sealed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub key: String,
    pub text: String,
    sealed: String,
}

/// The question as instructors write it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Plain {
    question: String,
    #[serde(rename = "choice")]
    choices: Vec<PlainChoice>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlainChoice {
    key: String,
    text: String,
    correct: bool,
    /// Shown when the choice is picked although wrong, and for every choice once the answer
    /// is right.
    explanation: String,
}

/// The question as the student edition ships it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Sealed {
    question: String,
    salt: String,
    right: String,
    #[serde(rename = "choice")]
    choices: Vec<Choice>,
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
    /// Every right choice and no other: every choice's explanation, `(key, explanation)`.
    Right(Vec<(String, String)>),
    /// Nothing picked yet.
    Unanswered,
    /// Keys that are not choices of the question.
    UnknownKeys(Vec<String>),
    Wrong {
        /// Picked but wrong: `(key, explanation)`.
        wrongly_picked: Vec<(String, String)>,
        /// Whether some right choice was not picked (never which).
        missing: bool,
    },
}

impl Question {
    /// Reads a question file, plain or sealed.
    pub fn load(path: &Path) -> anyhow::Result<Question> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the question {}", path.display()))?;
        Question::parse(&text, &path.display().to_string())
    }

    /// A question from the text of its file (`name` for errors), plain or sealed.
    pub fn parse(text: &str, name: &str) -> anyhow::Result<Question> {
        let question = match toml::from_str::<Sealed>(text) {
            Ok(sealed) => Question {
                question: sealed.question,
                choices: sealed.choices,
                salt: sealed.salt,
                right: sealed.right,
            },
            Err(_) => {
                let plain: Plain = toml::from_str(text)
                    .with_context(|| format!("invalid question file {name}"))?;
                Question::seal(plain, name)?
            }
        };
        for (i, choice) in question.choices.iter().enumerate() {
            if question.choices[..i].iter().any(|c| c.key == choice.key) {
                bail!("question {name}: choice `{}` twice", choice.key);
            }
        }
        Ok(question)
    }

    /// Seals a plain question with a new random salt.
    fn seal(plain: Plain, name: &str) -> anyhow::Result<Question> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).expect("the operating system's random numbers");
        let salt = seal::hex(&bytes);
        let mut right: Vec<&str> = plain
            .choices
            .iter()
            .filter(|c| c.correct)
            .map(|c| c.key.as_str())
            .collect();
        if right.is_empty() {
            bail!("question {name} has no correct choice");
        }
        right.sort_unstable();
        let right = right.join(",");
        let set_key = seal::set_key(&salt, &right);
        let choices = plain
            .choices
            .iter()
            .map(|c| {
                let key = match c.correct {
                    true => set_key,
                    false => seal::wrong_key(&salt, &c.key),
                };
                Choice {
                    key: c.key.clone(),
                    text: c.text.clone(),
                    sealed: seal::seal(&key, &c.explanation),
                }
            })
            .collect();
        Ok(Question {
            question: plain.question,
            choices,
            right: seal::right_set(&salt, &right),
            salt,
        })
    }

    /// The question sealed, as the student edition's file.
    pub fn sealed_toml(&self) -> String {
        // A JSON string is a TOML basic string: the same escapes.
        let string = |text: &str| serde_json::to_string(text).expect("a string serializes");
        let mut out = format!(
            "# The lesson's closing question, as the checker grades it. The right choices and the\n\
             # explanations are sealed: the checker opens a wrong choice's explanation when you\n\
             # pick it, and every explanation once your answer is right.\n\n\
             question = {}\nsalt = {}\nright = {}\n",
            string(&self.question),
            string(&self.salt),
            string(&self.right)
        );
        for choice in &self.choices {
            out.push_str(&format!(
                "\n[[choice]]\nkey = {}\ntext = {}\nsealed = {}\n",
                string(&choice.key),
                string(&choice.text),
                string(&choice.sealed)
            ));
        }
        out
    }

    pub fn grade(&self, answer: &Answer) -> Grade {
        let mut picked: Vec<String> = answer
            .answer
            .iter()
            .map(|k| k.trim().trim_end_matches('.').to_lowercase())
            .collect();
        picked.sort_unstable();
        picked.dedup();
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
        let set = picked.join(",");
        if seal::right_set(&self.salt, &set) == self.right {
            let key = seal::set_key(&self.salt, &set);
            let wrong = |c: &Choice| seal::wrong_key(&self.salt, &c.key);
            let explanations = self.choices.iter().filter_map(|c| {
                let text =
                    seal::open(&key, &c.sealed).or_else(|| seal::open(&wrong(c), &c.sealed))?;
                Some((c.key.clone(), text))
            });
            return Grade::Right(explanations.collect());
        }
        let wrongly_picked: Vec<(String, String)> = self
            .choices
            .iter()
            .filter(|c| picked.contains(&c.key))
            .filter_map(|c| {
                let text = seal::open(&seal::wrong_key(&self.salt, &c.key), &c.sealed)?;
                Some((c.key.clone(), text))
            })
            .collect();
        // Every choice not wrong is right: the right ones picked are the set to try.
        let kept: Vec<&str> = picked
            .iter()
            .filter(|k| !wrongly_picked.iter().any(|(w, _)| w == *k))
            .map(String::as_str)
            .collect();
        let missing = seal::right_set(&self.salt, &kept.join(",")) != self.right;
        Grade::Wrong {
            wrongly_picked,
            missing,
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
mod tests;
