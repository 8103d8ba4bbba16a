//! The exercises as `exercises/exercises.toml` lists them: ids, titles, pages, hints and
//! dependencies. Texts live in that folder so that an instructor edits them without touching
//! Rust; this module only loads and validates them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Deserialize;

use crate::quiz::Question;

/// Where the exercises live in this workspace; `--exercises DIR` points elsewhere.
pub fn default_dir() -> PathBuf {
    let checker = Path::new(env!("CARGO_MANIFEST_DIR"));
    checker.parent().unwrap_or(checker).join("exercises")
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

/// The lesson's rules that checks quote.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub unnecessary_revocation: String,
}

/// One exercise, as listed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    pub id: String,
    pub title: String,
    pub file: String,
    pub lesson: String,
    #[serde(default)]
    pub depends_on: Vec<String>,
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u64,
    /// `default` plus one hint per failure kind the check reports.
    pub hints: BTreeMap<String, String>,
    #[serde(default)]
    pub question: Option<String>,
    #[serde(default)]
    pub answer: Option<String>,
}

fn default_timeout() -> u64 {
    10
}

impl Exercise {
    /// The hint for a failure kind, falling back to the exercise's default hint.
    pub fn hint(&self, key: &str) -> &str {
        self.hints
            .get(key)
            .or_else(|| self.hints.get("default"))
            .map(String::as_str)
            .unwrap_or("")
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
    /// Reads `DIR/exercises.toml` and checks it: known ids, no duplicates, dependencies that
    /// exist and come earlier, pages that exist, a default hint, question files that parse.
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
        let mut seen: Vec<&str> = Vec::new();
        for exercise in &self.exercises {
            let id = exercise.id.as_str();
            if !crate::exercises::KNOWN.contains(&id) {
                bail!(
                    "unknown exercise id `{id}`: the checker knows {}",
                    crate::exercises::KNOWN.join(", ")
                );
            }
            if seen.contains(&id) {
                bail!("exercise `{id}` is listed twice");
            }
            for dependency in &exercise.depends_on {
                if !seen.contains(&dependency.as_str()) {
                    bail!(
                        "exercise `{id}` depends on `{dependency}`, which is not listed before it"
                    );
                }
            }
            if !exercise.hints.contains_key("default") {
                bail!("exercise `{id}` has no default hint ([exercise.hints] default = ...)");
            }
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

    pub fn get(&self, id: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|e| e.id == id)
    }

    /// The exercises to run for `--only ID`: it and, first, everything it depends on.
    pub fn selection(&self, only: Option<&str>) -> anyhow::Result<Vec<&Exercise>> {
        let Some(id) = only else {
            return Ok(self.exercises.iter().collect());
        };
        if self.get(id).is_none() {
            let ids: Vec<_> = self.exercises.iter().map(|e| e.id.as_str()).collect();
            bail!("no exercise `{id}`; the exercises are: {}", ids.join(", "));
        }
        let mut wanted = vec![id.to_string()];
        let mut i = 0;
        while i < wanted.len() {
            let exercise = self.get(&wanted[i]).expect("dependencies are validated");
            for dependency in &exercise.depends_on {
                if !wanted.contains(dependency) {
                    wanted.push(dependency.clone());
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

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> Catalog {
        Catalog::load(&default_dir()).expect("the shipped catalog loads")
    }

    #[test]
    fn the_shipped_catalog_lists_every_exercise_the_checker_knows_in_order() {
        let ids: Vec<_> = shipped().exercises.into_iter().map(|e| e.id).collect();
        assert_eq!(ids, crate::exercises::KNOWN);
    }

    #[test]
    fn every_hint_a_check_can_report_is_written() {
        let catalog = shipped();
        for (id, keys) in crate::exercises::HINTS {
            let exercise = catalog.get(id).expect("listed");
            for key in *keys {
                assert!(
                    exercise.hints.contains_key(*key),
                    "exercise `{id}` lacks hint `{key}` in exercises.toml"
                );
            }
        }
    }

    #[test]
    fn only_selects_an_exercise_and_its_dependencies() {
        let catalog = shipped();
        let ids = |only| -> Vec<String> {
            catalog
                .selection(Some(only))
                .unwrap()
                .into_iter()
                .map(|e| e.id.clone())
                .collect()
        };
        assert_eq!(ids("still-logged-in"), ["logout", "still-logged-in"]);
        assert_eq!(ids("disconnect"), ["disconnect"]);
        let error = catalog.selection(Some("nope")).unwrap_err().to_string();
        assert!(error.contains("logout, still-logged-in"), "{error}");
    }

    #[test]
    fn a_hint_falls_back_to_the_default() {
        let catalog = shipped();
        let logout = catalog.get("logout").unwrap();
        assert_eq!(logout.hint("no-such-kind"), logout.hints["default"]);
        assert_ne!(logout.hint("clear-cookie"), logout.hints["default"]);
    }

    fn write_catalog(dir: &Path, body: &str) {
        std::fs::write(dir.join("page.md"), "# page").unwrap();
        std::fs::write(
            dir.join("exercises.toml"),
            format!("lesson = \"L\"\n[rules]\nunnecessary_revocation = \"r\"\n{body}"),
        )
        .unwrap();
    }

    #[test]
    fn bad_catalogs_are_refused_with_the_reason() {
        let cases = [
            (
                "[[exercise]]\nid = \"nope\"\ntitle = \"t\"\nfile = \"page.md\"\nlesson = \"l\"\nhints = { default = \"h\" }\n",
                "unknown exercise id `nope`",
            ),
            (
                "[[exercise]]\nid = \"still-logged-in\"\ntitle = \"t\"\nfile = \"page.md\"\nlesson = \"l\"\ndepends_on = [\"logout\"]\nhints = { default = \"h\" }\n",
                "not listed before it",
            ),
            (
                "[[exercise]]\nid = \"logout\"\ntitle = \"t\"\nfile = \"missing.md\"\nlesson = \"l\"\nhints = { default = \"h\" }\n",
                "does not exist",
            ),
            (
                "[[exercise]]\nid = \"logout\"\ntitle = \"t\"\nfile = \"page.md\"\nlesson = \"l\"\nhints = { other = \"h\" }\n",
                "no default hint",
            ),
            (
                "[[exercise]]\nid = \"logout\"\ntitle = \"t\"\nfile = \"page.md\"\nlesson = \"l\"\nhint = \"h\"\n",
                "unknown field",
            ),
        ];
        for (body, expected) in cases {
            let dir = tempfile::tempdir().unwrap();
            write_catalog(dir.path(), body);
            let error = format!("{:#}", Catalog::load(dir.path()).unwrap_err());
            assert!(
                error.contains(expected),
                "expected `{expected}` in: {error}"
            );
        }
    }
}
