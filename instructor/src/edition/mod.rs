//! The student edition: the workspace with the lesson's code left to write.
//!
//! `instructor student-edition OUT_DIR` copies the workspace's files (the ones git tracks) into
//! an empty folder, and on the way:
//! - replaces every solution region of the course's app by its starter ([`regions`]);
//! - blanks the answers (templates that explain the format) and seals the question's key
//!   ([`checker::quiz`]);
//! - leaves out what only the reference passes or needs: the hardened app, the browser tests,
//!   this crate (the instructor's tools, benches and examples), the app's, the mocks' and the
//!   checker's tests and the checker's fixture app, the docs and their screenshots, the CI
//!   script; the app gets a test file of the student's own instead, with one example;
//! - builds the checker without the `reference` feature (no hardened app, no pointer to the
//!   instructor's commands in `--help`), and writes a `Cargo.lock` of the edition's own
//!   members ([`manifest`]);
//! - writes a README for students, and a note at the top of the app's README; the other pages
//!   lose their blocks about the reference's own tools ([`pages`]);
//! - gives the folder a fresh git repository with one commit (none of the reference's
//!   history), when git is there.
//!
//! [`leaks`] proves that no solution text, answer or reference to a file left out survives;
//! [`self_check`] builds the handout, runs the checker on it, puts the solutions back and runs
//! it again.

pub mod leaks;
pub mod manifest;
pub mod pages;
pub mod regions;
pub mod self_check;

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use checker::quiz::Question;

use crate::workspace::Files;
pub use crate::workspace::Workspace;

/// Where solution regions are: the course's app, the code students write.
const REGIONS_IN: &str = "app/";

/// The answer files the handout blanks, as workspace paths, each with the blank it has
/// instead.
pub fn answers() -> impl Iterator<Item = (String, &'static str)> {
    checker::answers::BLANKS
        .iter()
        .map(|(file, blank)| (format!("exercises/{file}"), *blank))
}

/// The question the handout ships sealed.
pub const QUESTION_FILE: &str = "exercises/when-to-revoke.question.toml";

/// What the handout leaves out (folders end with `/`): what only the reference passes or
/// needs. The app's test helpers stay, for the student's own tests.
const LEAVE_OUT: &[&str] = &[
    ".ci/",
    "docs/",
    // The figures and the scripts that measure them: instructors' and maintainers'.
    "bench/",
    "checker/tests/",
    FIXTURE_APP,
    "mock-providers/tests/",
    "mock-providers/benches/",
    "app/tests/",
    // The course's app in TypeScript: the lesson solved, in another language.
    "examples/",
    HARDENED_APP,
    INSTRUCTOR,
    BROWSER_TESTS,
];

/// The hardened app: the reference for the checks beyond the course, not the student's.
const HARDENED_APP: &str = "hardened-app/";
/// The browser tests walk the finished lesson: the reference's, not the handout's.
const BROWSER_TESTS: &str = "browser-tests/";
/// The app the checker's tests run it against, with one mistake or none: tests only.
const FIXTURE_APP: &str = "checker/fixture-app/";
/// This crate: the instructor's tools (this edition, the load mode), benches and examples.
const INSTRUCTOR: &str = "instructor/";
/// The workspace members the handout leaves out.
const MEMBERS_LEFT_OUT: [&str; 4] = [HARDENED_APP, FIXTURE_APP, INSTRUCTOR, BROWSER_TESTS];

/// The files the handout writes that the reference does not have (or has otherwise).
const ADDED: &[(&str, &str)] = &[
    (
        "app/tests/api/main.rs",
        include_str!("../../edition/app-tests-main.rs"),
    ),
    (
        "app/tests/api/yours.rs",
        include_str!("../../edition/app-tests-yours.rs"),
    ),
];

/// The reference's files kept in a folder the handout otherwise leaves out (folders end
/// with `/`).
const KEPT: &[&str] = &["app/tests/api/helpers/"];

/// What writing an edition did.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub files: usize,
    /// `(file, region name)` of every region replaced by its starter.
    pub regions: Vec<(String, String)>,
    pub git: bool,
}

/// Writes the student edition of `workspace` into `out`, which must be empty or absent.
pub fn write(workspace: &Workspace, out: &Path) -> anyhow::Result<Summary> {
    refuse_non_empty(out)?;
    let mut summary = Summary::default();
    for (path, text) in handout(workspace, &mut summary)? {
        let target = out.join(&path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&target, text)
            .with_context(|| format!("cannot write {}", target.display()))?;
        summary.files += 1;
    }
    manifest::refresh_lockfile(out)?;
    summary.git = crate::workspace::init_repository(out);
    Ok(summary)
}

/// The reference's files that go into the handout (edited or not): a solution line counts as
/// given away only if the rest of these do not have it.
pub fn handed_out(workspace: &Workspace) -> anyhow::Result<Vec<PathBuf>> {
    Ok(workspace
        .files()?
        .into_iter()
        .filter(|path| !left_out(&slashed(path)))
        .collect())
}

/// Every file of the handout, as (path relative to the root, contents).
pub fn handout(
    workspace: &Workspace,
    summary: &mut Summary,
) -> anyhow::Result<Vec<(PathBuf, Vec<u8>)>> {
    let mut files = Vec::new();
    for path in handed_out(workspace)? {
        let name = slashed(&path);
        let bytes = std::fs::read(workspace.root.join(&path))
            .with_context(|| format!("cannot read {name}"))?;
        files.push((path, edited(&name, bytes, summary)?));
    }
    for (name, text) in ADDED {
        files.push((PathBuf::from(name), text.as_bytes().to_vec()));
    }
    Ok(files)
}

/// A path with `/` between its parts, as the lists above write them.
pub fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn left_out(name: &str) -> bool {
    !KEPT.iter().any(|prefix| name.starts_with(prefix))
        && LEAVE_OUT.iter().any(|prefix| name.starts_with(prefix))
}

/// The handout's version of one reference file.
fn edited(name: &str, bytes: Vec<u8>, summary: &mut Summary) -> anyhow::Result<Vec<u8>> {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(not_text) => return Ok(not_text.into_bytes()),
    };
    if let Some((_, template)) = answers().find(|(file, _)| file == name) {
        return Ok(template.as_bytes().to_vec());
    }
    let text = match name {
        "README.md" => include_str!("../../edition/README.md").to_string(),
        QUESTION_FILE => Question::parse(&text, name)?.sealed_toml(),
        "app/README.md" => format!(
            "{}\n{text}",
            include_str!("../../edition/app-readme-note.md")
        ),
        "checker/Cargo.toml" => manifest::checker(&text)?,
        "mock-providers/Cargo.toml" => manifest::without_left_out_tables(&text),
        _ if name.ends_with(".md") => pages::without_reference_blocks(&text),
        "Cargo.toml" => MEMBERS_LEFT_OUT.iter().try_fold(text, |text, member| {
            manifest::without_member(&text, member.trim_end_matches('/'))
        })?,
        _ if name.starts_with(REGIONS_IN) && name.ends_with(".rs") => {
            let cut = regions::cut(&text).with_context(|| format!("in {name}"))?;
            for region in &cut.regions {
                summary
                    .regions
                    .push((name.to_string(), region.name.clone()));
            }
            cut.handout
        }
        _ => text,
    };
    Ok(text.into_bytes())
}

fn refuse_non_empty(out: &Path) -> anyhow::Result<()> {
    match std::fs::read_dir(out) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                bail!(
                    "{} is not empty: the student edition is written into an empty (or new) folder",
                    out.display()
                );
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", out.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_only_the_reference_needs_is_left_out_but_the_test_helpers_stay() {
        assert!(left_out(".ci/run"));
        assert!(left_out("checker/tests/checker/main.rs"));
        assert!(left_out("app/tests/api/lesson.rs"));
        assert!(left_out("hardened-app/src/lib.rs"));
        assert!(left_out("mock-providers/tests/api/main.rs"));
        assert!(!left_out("app/tests/api/helpers/mod.rs"));
        assert!(!left_out("app/src/logout.rs"));
        assert!(left_out("browser-tests/tests/lesson.rs"));
        assert!(left_out("checker/fixture-app/src/lib.rs"));
        assert!(left_out("instructor/src/edition/mod.rs"));
    }
}
