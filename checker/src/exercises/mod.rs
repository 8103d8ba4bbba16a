//! The exercises' checks, one file each, all of the same shape: a `SPEC` (what the exercise
//! is: id, section, hints, the function that runs it) and that function, `run(&mut Ctx) ->
//! Result<(), Failure>`. `build.rs` declares a module per file and lists their specs in
//! [`SPECS`], so a new file is a new exercise; the browser journeys they share are in
//! [`flow`].
//!
//! The course's section holds the lesson's exercises, which a course-faithful app passes; the
//! beyond section holds advice that goes further than the course and fails a run only with
//! `--strict`.

use std::future::Future;
use std::pin::Pin;

use serde::{Deserialize, Deserializer, de};

pub mod flow;

pub use crate::registry::{ExerciseId, Hint, Section};

use crate::context::{Ctx, Failure};

include!(concat!(env!("OUT_DIR"), "/checks.rs"));

/// What an exercise is: everything the checker knows of it but its texts, which are in
/// `exercises/exercises.toml` under the same id.
pub struct Spec {
    pub id: ExerciseId,
    pub section: Section,
    /// The hints its check raises beyond every exercise's: [`Hint::DEFAULT`], and for a check
    /// that drives the app [`Hint::LOGIN`] and [`Hint::ME`]. The TOML gives a text for each,
    /// and for no other.
    pub hints: &'static [Hint],
    /// Whether it drives the app (a question needs neither app nor mocks).
    pub drives_app: bool,
    /// Whether the course's app (`app/`) leaves it to the hardened app by design: how long
    /// tokens live is past the lesson, and the course's app shows what happens without care
    /// for it.
    pub hardened_only: bool,
    pub run: Run,
}

/// An exercise's check: `|ctx| Box::pin(run(ctx))` over its `async fn run`.
pub type Run = for<'a, 'b> fn(
    &'a mut Ctx<'b>,
) -> Pin<Box<dyn Future<Output = Result<(), Failure>> + Send + 'a>>;

impl ExerciseId {
    /// Every exercise the checker has a check for, by file name; the lesson's order is the
    /// catalog's.
    pub fn all() -> impl Iterator<Item = ExerciseId> {
        SPECS.iter().map(|spec| spec.id)
    }

    pub fn parse(id: &str) -> Option<ExerciseId> {
        ExerciseId::all().find(|e| e.as_str() == id)
    }

    pub fn spec(self) -> &'static Spec {
        SPECS
            .iter()
            .find(|spec| spec.id == self)
            .expect("an ExerciseId is made only from a spec")
    }

    pub fn section(self) -> Section {
        self.spec().section
    }

    pub fn drives_app(self) -> bool {
        self.spec().drives_app
    }

    pub fn hardened_only(self) -> bool {
        self.spec().hardened_only
    }

    /// Every hint the exercise's check can raise: the TOML must give each one, and no other.
    pub fn hints(self) -> Vec<Hint> {
        let spec = self.spec();
        let shared: &[Hint] = if spec.drives_app {
            &[Hint::DEFAULT, Hint::LOGIN, Hint::ME]
        } else {
            &[Hint::DEFAULT]
        };
        let mut all: Vec<Hint> = shared.iter().chain(spec.hints).copied().collect();
        all.sort();
        all.dedup();
        all
    }

    /// Runs the exercise's check.
    pub async fn run(self, ctx: &mut Ctx<'_>) -> Result<(), Failure> {
        (self.spec().run)(ctx).await
    }
}

impl Hint {
    /// The hint of that key some check raises.
    pub fn parse(key: &str) -> Option<Hint> {
        let shared = [Hint::DEFAULT, Hint::LOGIN, Hint::ME];
        let own = SPECS.iter().flat_map(|spec| spec.hints.iter().copied());
        shared.into_iter().chain(own).find(|h| h.as_str() == key)
    }
}

impl<'de> Deserialize<'de> for ExerciseId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = String::deserialize(deserializer)?;
        ExerciseId::parse(&id).ok_or_else(|| {
            let known: Vec<&str> = ExerciseId::all().map(ExerciseId::as_str).collect();
            de::Error::custom(format!(
                "no exercise `{id}` has a check; the checks are: {}",
                known.join(", ")
            ))
        })
    }
}

impl<'de> Deserialize<'de> for Hint {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let key = String::deserialize(deserializer)?;
        Hint::parse(&key)
            .ok_or_else(|| de::Error::custom(format!("no check raises a hint `{key}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spec_is_named_after_its_file_and_ids_read_back() {
        let mut ids: Vec<&str> = ExerciseId::all().map(ExerciseId::as_str).collect();
        for id in ExerciseId::all() {
            let json = serde_json::to_value(id).unwrap();
            assert_eq!(json, id.as_str());
            assert_eq!(serde_json::from_value::<ExerciseId>(json).unwrap(), id);
        }
        let count = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), count, "two specs with one id");
        assert!(serde_json::from_value::<ExerciseId>("nope".into()).is_err());
    }
}
