//! The names every part of the checker shares for exercises: an exercise's id, its section,
//! and the hints a check raises. What each exercise is (its [`Spec`](crate::exercises::Spec))
//! is written in its own check file; the list of them, and everything read from it
//! (`ExerciseId::parse`, `section`, `hints`...), is in [`crate::exercises`].
//!
//! A leaf: it imports nothing of the checker, so the catalog, the checks and the reports can
//! all name exercises without importing the exercises.

use serde::{Serialize, Serializer};

/// An exercise, as `exercises.toml` and `--only` name it: only the checker's own specs make
/// one ([`ExerciseId::parse`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExerciseId(&'static str);

impl ExerciseId {
    /// For an exercise's `SPEC`; anything else finds one with [`ExerciseId::parse`].
    pub const fn new(id: &'static str) -> ExerciseId {
        ExerciseId(id)
    }

    /// The id as written in `exercises.toml`.
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl std::fmt::Display for ExerciseId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl Serialize for ExerciseId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

/// Where an exercise belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    /// The lesson's exercises: a course-faithful app passes them.
    Course,
    /// Advice beyond the course: counted only with `--strict`.
    Beyond,
}

impl Section {
    pub fn title(self) -> &'static str {
        match self {
            Section::Course => "The course's exercises",
            Section::Beyond => "Beyond the course",
        }
    }
}

/// A hint a check can raise, by its key in the exercise's `[exercise.hints]`. Each check file
/// names its own; the three below are every exercise's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Hint(&'static str);

impl Hint {
    /// Any failure without a hint of its own.
    pub const DEFAULT: Hint = Hint("default");
    /// The login did not complete ([`flow::login`](crate::exercises::flow::login)).
    pub const LOGIN: Hint = Hint("login");
    /// `GET /me` did not answer as it should.
    pub const ME: Hint = Hint("me");

    pub const fn new(key: &'static str) -> Hint {
        Hint(key)
    }

    /// The key as written in `exercises.toml`.
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl std::fmt::Display for Hint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl Serialize for Hint {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}
