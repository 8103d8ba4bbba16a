//! The exercises as `exercises/exercises.toml` lists them: ids, titles, pages, hints and
//! dependencies. Texts live in that folder so that an instructor edits them without touching
//! Rust; this module only loads and validates them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Deserialize;

pub mod embedded;

use crate::quiz::Question;
use crate::registry::{ExerciseId, Hint, Section};

/// Where the exercises are: those of the workspace around the current folder (an
/// instructor's edits win), else the copy built into the checker ([`embedded`]); `--exercises
/// DIR` points elsewhere.
pub fn default_dir() -> PathBuf {
    let here = std::env::current_dir().ok();
    match here.and_then(|dir| crate::workspace::Workspace::find(&dir)) {
        Some(workspace) => workspace.exercises(),
        None => embedded::unpacked().unwrap_or_else(|error| {
            eprintln!("error: cannot write the built-in exercises out: {error}");
            PathBuf::from("exercises")
        }),
    }
}

/// The whole catalog.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// The folder the catalog was read from: pages and answer files are relative to it.
    pub dir: PathBuf,
    pub lesson: String,
    pub rules: Rules,
    pub exercises: Vec<Exercise>,
}

/// The lesson's rules that checks quote as hints.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// The hint of "token revoked unnecessarily".
    pub unnecessary_revocation: String,
    /// Added to it when the token ended because another token of its Google grant was
    /// revoked.
    pub google_grant: String,
}

/// One exercise, as listed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    pub id: ExerciseId,
    pub title: String,
    pub file: String,
    pub lesson: String,
    #[serde(default)]
    pub depends_on: Vec<ExerciseId>,
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u64,
    /// One text per hint the check can raise ([`ExerciseId::hints`]), `default` included,
    /// in words for an app in any language: what a failure shows.
    pub hints: BTreeMap<Hint, String>,
    /// Precise hints for this workspace's Rust app, kept back ([`Exercise::precise_hint`]).
    #[serde(default)]
    pub rust: BTreeMap<Hint, String>,
    /// The files of the workspace a student edits for this exercise (relative to the
    /// workspace's root): the ones with its solution regions, or its answer file.
    #[serde(default)]
    pub edit: Vec<String>,
    #[serde(default)]
    pub question: Option<String>,
    #[serde(default)]
    pub answer: Option<String>,
}

fn default_timeout() -> u64 {
    10
}

impl Exercise {
    /// The hint a failure shows: where the page says it, and the idea, in words for an app in
    /// any language. The catalog was checked to have every hint the check can raise; the
    /// default one stands in for any other.
    pub fn hint(&self, key: Hint) -> &str {
        self.hints
            .get(&key)
            .or_else(|| self.hints.get(&Hint::DEFAULT))
            .map(String::as_str)
            .unwrap_or("")
    }

    /// The precise hint for this workspace's Rust app (the functions to call), kept back
    /// until asked for ([`crate::hints`]); the exercise's default precise hint stands in for
    /// a key without one. `None` when the exercise has no precise hints.
    pub fn precise_hint(&self, key: Hint) -> Option<&str> {
        let text = self
            .rust
            .get(&key)
            .or_else(|| self.rust.get(&Hint::DEFAULT));
        text.map(String::as_str)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    lesson: String,
    rules: Rules,
    #[serde(rename = "exercise")]
    exercises: Vec<Exercise>,
}

impl Catalog {
    /// Reads `DIR/exercises.toml` and checks it: ids the checker has a check for, no
    /// duplicates, the course's exercises first, dependencies that exist and come earlier,
    /// pages that exist, the hints each check raises, question files that parse.
    pub fn load(dir: &Path) -> anyhow::Result<Catalog> {
        let path = dir.join("exercises.toml");
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read the exercise list {}", path.display()))?;
        let file: File = toml::from_str(&text)
            .with_context(|| format!("invalid exercise list {}", path.display()))?;
        let catalog = Catalog {
            dir: dir.to_path_buf(),
            lesson: file.lesson,
            rules: file.rules,
            exercises: file.exercises,
        };
        catalog
            .validate()
            .with_context(|| format!("invalid exercise list {}", path.display()))?;
        Ok(catalog)
    }

    fn validate(&self) -> anyhow::Result<()> {
        let mut seen: Vec<ExerciseId> = Vec::new();
        for exercise in &self.exercises {
            let id = exercise.id;
            if seen.contains(&id) {
                bail!("exercise `{id}` is listed twice");
            }
            if let Some(last) = seen.last()
                && (last.section(), id.section()) == (Section::Beyond, Section::Course)
            {
                bail!(
                    "exercise `{id}` is the course's: list it before `{last}`, beyond the course"
                );
            }
            for dependency in &exercise.depends_on {
                if !seen.contains(dependency) {
                    bail!(
                        "exercise `{id}` depends on `{dependency}`, which is not listed before it"
                    );
                }
            }
            validate_hints(exercise)?;
            if !self.dir.join(&exercise.file).is_file() {
                bail!("exercise `{id}`: its page {} does not exist", exercise.file);
            }
            if let Some(question) = &exercise.question {
                Question::load(&self.dir.join(question))?;
            }
            seen.push(id);
        }
        Ok(())
    }

    /// `--list`: id, title, dependencies and page of each exercise, under its section.
    pub fn listing(&self) -> String {
        let mut out = format!("{}\n", self.lesson);
        let mut section = None;
        for exercise in &self.exercises {
            if section != Some(exercise.id.section()) {
                section = Some(exercise.id.section());
                out.push_str(&format!("\n{}\n", exercise.id.section().title()));
            }
            out.push_str(&format!("{:<24}{}\n", exercise.id.as_str(), exercise.title));
            let page = self.dir.join(&exercise.file);
            out.push_str(&format!("{:<24}page: {}\n", "", page.display()));
            out.push_str(&format!("{:<24}lesson: {}\n", "", exercise.lesson));
            if !exercise.depends_on.is_empty() {
                let after: Vec<&str> = exercise.depends_on.iter().map(|d| d.as_str()).collect();
                out.push_str(&format!("{:<24}after: {}\n", "", after.join(", ")));
            }
        }
        out
    }

    pub fn get(&self, id: ExerciseId) -> Option<&Exercise> {
        self.exercises.iter().find(|e| e.id == id)
    }

    /// The exercises to run for `--only ID`: it and, first, everything it depends on.
    pub fn selection(&self, only: Option<&str>) -> anyhow::Result<Vec<&Exercise>> {
        let Some(only) = only else {
            return Ok(self.exercises.iter().collect());
        };
        let listed = || -> Vec<&str> { self.exercises.iter().map(|e| e.id.as_str()).collect() };
        let Some(id) = ExerciseId::parse(only).filter(|id| self.get(*id).is_some()) else {
            bail!(
                "no exercise `{only}`; the exercises are: {}",
                listed().join(", ")
            );
        };
        let mut wanted = vec![id];
        let mut i = 0;
        while i < wanted.len() {
            let exercise = self.get(wanted[i]).expect("dependencies are validated");
            for dependency in &exercise.depends_on {
                if !wanted.contains(dependency) {
                    wanted.push(*dependency);
                }
            }
            i += 1;
        }
        Ok(self
            .exercises
            .iter()
            .filter(|e| wanted.contains(&e.id))
            .collect())
    }
}

/// The exercise gives a text for every hint its check can raise, and for no other.
fn validate_hints(exercise: &Exercise) -> anyhow::Result<()> {
    let id = exercise.id;
    let raised = id.hints();
    for hint in &raised {
        if !exercise.hints.contains_key(hint) {
            bail!(
                "exercise `{id}` lacks hint `{}` ([exercise.hints] {} = ...)",
                hint,
                hint
            );
        }
    }
    for hint in exercise.hints.keys() {
        if !raised.contains(hint) {
            bail!(
                "exercise `{id}` has hint `{}`, which its check never raises",
                hint
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
