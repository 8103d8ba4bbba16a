//! Where the student's answers are read: the answer files of the exercises that ask rather
//! than drive the app (`still-logged-in`'s observations, `when-to-revoke`'s choices).
//!
//! Checking this workspace's own app, they are the exercises folder's (the student edition's
//! `exercises/*.answer.toml`). An app at `--app-url` is someone else's, so the reference's
//! answers beside the checker are not theirs: its answers come from `--answers DIR`, and
//! without it both exercises are "not answered yet". A folder given with an answer file
//! missing gets the blank one, with its instructions, to fill in.

use std::path::{Path, PathBuf};

use crate::failure::Failure;
use crate::registry::Hint;

/// Each answer file, and the blank it starts as (the student edition's too).
/// The hint of an answer file left blank or unreadable.
pub const UNANSWERED: Hint = Hint::new("unanswered");

pub const BLANKS: &[(&str, &str)] = &[
    (
        "still-logged-in.answer.toml",
        include_str!("../edition/still-logged-in.answer.toml"),
    ),
    (
        "when-to-revoke.answer.toml",
        include_str!("../edition/when-to-revoke.answer.toml"),
    ),
];

/// Where a run reads answers.
#[derive(Debug, Clone, PartialEq)]
pub enum Answers {
    /// In this folder.
    In(PathBuf),
    /// Nowhere: an app at `--app-url` without `--answers`.
    NotGiven,
}

impl Answers {
    /// A run's: `--answers DIR` when given; else the exercises folder for our own app, and
    /// none for an app at `--app-url`.
    pub fn for_run(given: Option<&Path>, exercises: &Path, own_app: bool) -> Answers {
        match given {
            Some(dir) => Answers::In(dir.to_path_buf()),
            None if own_app => Answers::In(exercises.to_path_buf()),
            None => Answers::NotGiven,
        }
    }

    /// The answer file `file`, written blank first when the folder lacks it; or, with no
    /// folder, the failure that says how to give one.
    pub fn file(&self, file: &str) -> Result<PathBuf, Failure> {
        let Answers::In(dir) = self else {
            return Err(Failure::new(
                "not answered yet: the checker reads an app's answers from --answers DIR",
            )
            .expected(format!(
                "your answer in DIR/{file}: run with --answers DIR, and the checker writes the \
                 blank file there for you to fill in"
            ))
            .actual("no --answers folder")
            .hint(UNANSWERED));
        };
        let path = dir.join(file);
        let blank = BLANKS.iter().find(|(name, _)| *name == file);
        if let Some((_, blank)) = blank.filter(|_| !path.exists()) {
            let _ = std::fs::create_dir_all(dir);
            let _ = std::fs::write(&path, blank);
        }
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_app_at_app_url_without_answers_has_none() {
        let exercises = Path::new("exercises");
        let answers = Answers::for_run(None, exercises, false);
        let failure = answers.file("when-to-revoke.answer.toml").unwrap_err();
        assert!(
            failure.message.starts_with("not answered yet"),
            "{failure:?}"
        );
        let own = Answers::for_run(None, exercises, true);
        assert_eq!(own, Answers::In(exercises.into()));
    }

    #[test]
    fn a_missing_answer_file_is_written_blank() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("answers");
        let answers = Answers::for_run(Some(&folder), Path::new("exercises"), false);
        let path = answers.file("when-to-revoke.answer.toml").unwrap();
        assert_eq!(std::fs::read_to_string(path).unwrap(), BLANKS[1].1);
    }
}
