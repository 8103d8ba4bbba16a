//! The instructor's self-check (`instructor self-check`, run in CI): the handout builds without
//! changing its `Cargo.lock`, its tests pass, no solution text, answer or key survives in it
//! and it names no file it lacks, the checker says 0 exercises done and fails exactly the
//! exercises still to do (each with its hint) and passes or skips the rest for the right
//! reason; and with the solutions put back, the same copy passes every check of the course,
//! and beyond it all but the two the course's app leaves to the hardened app.
//!
//! It works in `target/self-check/` and builds the handout there with a target folder that
//! starts as hard links to the workspace's own `target/debug`, so only the three crates of the
//! handout are compiled again, not their dependencies.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use checker::catalog::Catalog;
use checker::registry::ExerciseId;
use serde_json::Value;

use super::{QUESTION_FILE, Summary, Workspace, answers, leaks, slashed};
use crate::workspace::Files;

/// What the self-check found: a line per thing verified, and every problem.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub verified: Vec<String>,
    pub problems: Vec<String>,
}

/// Runs the whole self-check of `workspace`, saying each step to `say`.
pub fn run(workspace: &Workspace, say: &dyn Fn(&str)) -> anyhow::Result<Outcome> {
    let work = workspace.root.join("target/self-check");
    if work.exists() {
        std::fs::remove_dir_all(&work)
            .with_context(|| format!("cannot empty {}", work.display()))?;
    }
    let edition = work.join("edition");
    let catalog = Catalog::load(&workspace.exercises())?;
    let mut outcome = Outcome::default();
    say(&format!(
        "writing the student edition into {}",
        edition.display()
    ));
    let summary = super::write(workspace, &edition)?;
    outcome.problems.extend(region_problems(&catalog, &summary));
    outcome.problems.extend(leak_problems(workspace, &edition)?);
    if outcome.problems.is_empty() {
        outcome.verified.push(format!(
            "{} files, {} regions replaced by their starters, no solution text, answer or key left, no file named that it lacks",
            summary.files,
            summary.regions.len()
        ));
    }
    let build = Build::new(workspace, &work, &edition)?;
    say("building the handout");
    let lock = std::fs::read(edition.join("Cargo.lock")).unwrap_or_default();
    let warnings = build.cargo(&["build", "-p", "checker"])?;
    let lock_kept = std::fs::read(edition.join("Cargo.lock")).unwrap_or_default() == lock;
    say("running the handout's tests (cargo test -p app)");
    build.cargo(&["test", "-p", "app"])?;
    let mut found = problem(
        !lock_kept,
        "the handout's first build changed its Cargo.lock",
    );
    found.extend(
        warnings
            .iter()
            .map(|w| format!("the handout's build warns: {w}")),
    );
    check_findings(&mut outcome, found, || {
        "the handout builds without a warning or a change to its Cargo.lock, and its tests pass"
            .into()
    });
    say("running the checker on the handout");
    let report = build.checker(&[])?;
    let todo = to_do(&catalog);
    check_findings(&mut outcome, judge_handout(&report, &todo), || {
        format!(
            "the checker says 0 done and fails exactly the exercises to do ({})",
            names(&todo)
        )
    });
    say("putting the solutions back, and running the checker with --strict");
    restore(workspace, &edition, &summary)?;
    let warnings = build.cargo(&["build", "-p", "checker"])?;
    outcome.problems.extend(
        warnings
            .iter()
            .map(|w| format!("with the solutions back, the build warns: {w}")),
    );
    let report = build.checker(&["--strict"])?;
    check_findings(&mut outcome, judge_solved(&report), || {
        "with the solutions back, --strict fails exactly the checks left to the hardened app".into()
    });
    Ok(outcome)
}

/// `what`, as the one problem, when `found`.
fn problem(found: bool, what: &str) -> Vec<String> {
    found.then(|| what.to_string()).into_iter().collect()
}

fn check_findings(outcome: &mut Outcome, problems: Vec<String>, verified: impl FnOnce() -> String) {
    if problems.is_empty() {
        outcome.verified.push(verified());
    }
    outcome.problems.extend(problems);
}

fn names(ids: &[ExerciseId]) -> String {
    ids.iter()
        .map(|id| id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The exercises a student has something to write for: a file to edit, or an answer.
pub fn to_do(catalog: &Catalog) -> Vec<ExerciseId> {
    catalog
        .exercises
        .iter()
        .filter(|e| !e.edit.is_empty())
        .map(|e| e.id)
        .collect()
}

/// Every region is in a file an exercise asks to edit, and every Rust file to edit has one.
pub fn region_problems(catalog: &Catalog, summary: &Summary) -> Vec<String> {
    let edited: Vec<&String> = catalog.exercises.iter().flat_map(|e| &e.edit).collect();
    let mut problems = Vec::new();
    for (file, region) in &summary.regions {
        if !edited.contains(&file) {
            problems.push(format!(
                "region `{region}` is in {file}, which no exercise lists under `edit`"
            ));
        }
    }
    for file in edited.iter().filter(|f| f.ends_with(".rs")) {
        if !summary.regions.iter().any(|(f, _)| f == *file) {
            problems.push(format!("{file} is listed under `edit` but has no region"));
        }
    }
    problems
}

/// Every solution line, answer or piece of the question's key left in the handout at
/// `edition`, and every reference it makes to a file it does not have.
pub fn leak_problems(workspace: &Workspace, edition: &Path) -> anyhow::Result<Vec<String>> {
    let reference = read_all(&workspace.root, &super::handed_out(workspace)?)?;
    let handout_files = Workspace {
        root: edition.to_path_buf(),
    };
    let handout = read_all(edition, &handout_files.files()?)?;
    let read = |file: &str| std::fs::read_to_string(workspace.root.join(file)).unwrap_or_default();
    let mut secrets: Vec<(String, String)> = Vec::new();
    for (file, template) in answers() {
        for line in leaks::answer_lines(&read(&file), template) {
            secrets.push((format!("the answer of {file}"), line));
        }
    }
    for line in leaks::key_lines(&read(QUESTION_FILE)) {
        secrets.push(("the question's key".into(), line));
    }
    let found = leaks::survivors(&leaks::solution_lines(&reference), &secrets, &handout);
    let mut problems: Vec<String> = found
        .into_iter()
        .map(|leak| {
            format!(
                "{} left in {}: {}",
                leak.region,
                slashed(&leak.file),
                leak.line
            )
        })
        .collect();
    for (file, target) in leaks::dangling(&handout) {
        problems.push(format!(
            "{} names {target}, which the handout does not have",
            slashed(&file)
        ));
    }
    Ok(problems)
}

/// The text files among `files`, read from `root`.
fn read_all(root: &Path, files: &[PathBuf]) -> anyhow::Result<Vec<(PathBuf, String)>> {
    let mut read = Vec::new();
    for file in files {
        let bytes = std::fs::read(root.join(file))
            .with_context(|| format!("cannot read {}", file.display()))?;
        if let Ok(text) = String::from_utf8(bytes) {
            read.push((file.clone(), text));
        }
    }
    Ok(read)
}

/// Puts the reference's version of every file with a region, and the answers, back (the
/// question stays sealed: the checker grades it the same way).
fn restore(workspace: &Workspace, edition: &Path, summary: &Summary) -> anyhow::Result<()> {
    let mut files: Vec<String> = summary.regions.iter().map(|(f, _)| f.clone()).collect();
    files.extend(answers().map(|(file, _)| file));
    files.dedup();
    for file in files {
        std::fs::copy(workspace.root.join(&file), edition.join(&file))
            .with_context(|| format!("cannot put {file} back"))?;
    }
    Ok(())
}

/// Building and running the handout, with the workspace's build cache.
struct Build {
    edition: PathBuf,
    target: PathBuf,
    cargo: String,
}

impl Build {
    fn new(workspace: &Workspace, work: &Path, edition: &Path) -> anyhow::Result<Build> {
        let target = work.join("target");
        let cache = workspace.root.join("target/debug");
        if cache.is_dir() {
            crate::workspace::link_tree(&cache, &target.join("debug"))?;
        }
        Ok(Build {
            edition: edition.to_path_buf(),
            target,
            cargo: std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()),
        })
    }

    /// Runs cargo in the handout and returns the warnings it printed (only the handout's own
    /// crates warn: cargo caps the lints of dependencies); a failure is the self-check's
    /// failure, with cargo's words.
    fn cargo(&self, args: &[&str]) -> anyhow::Result<Vec<String>> {
        let output = Command::new(&self.cargo)
            .args(args)
            .current_dir(&self.edition)
            .env("CARGO_TARGET_DIR", &self.target)
            .output()
            .with_context(|| format!("cannot run {}", self.cargo))?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let tail: Vec<&str> = stderr.lines().rev().take(40).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            bail!(
                "`cargo {}` failed in the handout:\n{}",
                args.join(" "),
                tail.join("\n")
            );
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        let warnings = stderr.lines().filter(|l| l.starts_with("warning:"));
        Ok(warnings.map(str::to_string).collect())
    }

    /// Runs the handout's checker with `--format json` and `args`; returns its report.
    fn checker(&self, args: &[&str]) -> anyhow::Result<Value> {
        let binary = self.target.join("debug/checker");
        let output = Command::new(&binary)
            .args(["--format", "json"])
            .args(args)
            .current_dir(&self.edition)
            .env_remove("CHECKER_APP_URL")
            .output()
            .with_context(|| format!("cannot run {}", binary.display()))?;
        serde_json::from_slice(&output.stdout).with_context(|| {
            format!(
                "the handout's checker printed no report: {}",
                String::from_utf8_lossy(&output.stderr)
            )
        })
    }
}

fn checks(report: &Value) -> Vec<(String, String, &Value)> {
    let list = report["checks"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    list.iter()
        .map(|c| {
            let field = |name: &str| c[name].as_str().unwrap_or_default().to_string();
            (field("id"), field("status"), c)
        })
        .collect()
}

/// The handout's first run: 0 exercises done, `logout` next; every exercise to do fails, with
/// a hint, or is skipped because one it depends on failed; every other check passes, or is
/// skipped because something it depends on did not pass.
pub fn judge_handout(report: &Value, todo: &[ExerciseId]) -> Vec<String> {
    let mut problems = Vec::new();
    if report["error"].is_string() {
        problems.push(format!("the checker could not run: {}", report["error"]));
        return problems;
    }
    let progress = &report["progress"];
    if progress["done"] != 0 || progress["next"]["id"] != "logout" {
        problems.push(format!(
            "a fresh handout should say 0 exercises done and logout next, not {} done, next {}",
            progress["done"], progress["next"]["id"]
        ));
    }
    let checks = checks(report);
    let skipped_for_a_dependency = |check: &Value| {
        check["status"] == "skip"
            && check["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("depends on `"))
    };
    for id in todo {
        match checks.iter().find(|(c, _, _)| c == id.as_str()) {
            None => problems.push(format!("`{id}` did not run")),
            Some((_, _, check)) if skipped_for_a_dependency(check) => {}
            Some((_, status, _)) if status != "fail" => problems.push(format!(
                "the starter of `{id}` does not fail its exercise ({status}): a student would have nothing to do"
            )),
            Some((_, _, check)) if check["hint"].as_str().is_none_or(str::is_empty) => {
                problems.push(format!("`{id}` fails without a hint"))
            }
            Some(_) => {}
        }
    }
    for (id, status, check) in &checks {
        let is_todo = todo.iter().any(|t| t.as_str() == id);
        if !is_todo && status != "pass" && !skipped_for_a_dependency(check) {
            problems.push(format!(
                "`{id}` should pass, or be skipped for a dependency, in the handout, but is {status}: {}",
                check["message"].as_str().unwrap_or("")
            ));
        }
    }
    problems
}

/// The handout with the solutions back, with `--strict`: every check passes but those the
/// course's app leaves to the hardened app, which fail, each with a hint that says so.
pub fn judge_solved(report: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    for (id, status, check) in checks(report) {
        let left = ExerciseId::parse(&id).is_some_and(ExerciseId::hardened_only);
        let hint = check["hint"].as_str().unwrap_or("");
        match (left, status.as_str()) {
            (false, "pass") => {}
            (true, "fail") if hint.contains("hardened app") => {}
            (true, "fail") => problems.push(format!(
                "with the solutions back, `{id}` fails without a hint that points at the hardened app: {hint}"
            )),
            (true, _) => problems.push(format!(
                "with the solutions back, `{id}` is {status}, though the course's app leaves it to the hardened app"
            )),
            (false, _) => problems.push(format!(
                "with the solutions back, `{id}` is {status}: {}",
                check["message"].as_str().unwrap_or("")
            )),
        }
    }
    problems
}
