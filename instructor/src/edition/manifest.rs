//! The handout's Cargo files: the manifests without what the handout leaves out (the hardened
//! app, the instructor's crate, the fixture app, the browser tests, tests, benches, examples
//! and their dev-dependencies, the `reference` feature), and a `Cargo.lock` of the handout's
//! own members.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};

/// The tables of a manifest whose files the handout leaves out.
const LEFT_OUT_TABLES: [&str; 4] = ["[[test]]", "[[bench]]", "[[example]]", "[dev-dependencies]"];

/// A manifest without the tables whose files the handout leaves out.
pub fn without_left_out_tables(text: &str) -> String {
    without_tables(text, &LEFT_OUT_TABLES)
}

/// The checker's manifest for the handout: no tests, benches or dev-dependencies (they are
/// left out), no hardened app, and the `reference` feature off and empty.
pub fn checker(text: &str) -> anyhow::Result<String> {
    let without = without_tables(text, &LEFT_OUT_TABLES);
    let edits = [
        ("hardened-app =", None),
        ("default = [\"reference\"]", Some("default = []")),
        ("reference = [", Some("reference = []")),
    ];
    let mut lines: Vec<&str> = Vec::new();
    for line in without.lines() {
        match edits.iter().find(|(from, _)| line.starts_with(from)) {
            Some((_, to)) => lines.extend(to),
            None => lines.push(line),
        }
    }
    let edited = lines.len() + 1 == without.lines().count();
    let found = edits
        .iter()
        .filter(|(from, _)| without.contains(from))
        .count();
    if !edited || found != edits.len() {
        bail!(
            "checker/Cargo.toml does not name the hardened app and the reference feature as expected"
        );
    }
    Ok(lines.join("\n") + "\n")
}

/// The workspace manifest without `member` in its `members` list.
pub fn without_member(text: &str, member: &str) -> anyhow::Result<String> {
    let listed = format!(", \"{member}\"");
    if !text.contains(&listed) {
        bail!("the workspace's members do not end with {listed:?}");
    }
    Ok(text.replacen(&listed, "", 1))
}

/// A TOML text without the tables (and arrays of tables) whose header line is in `headers`,
/// and without the comment lines just before each of them.
fn without_tables(text: &str, headers: &[&str]) -> String {
    let mut out: Vec<&str> = Vec::new();
    let mut skipping = false;
    for line in text.lines() {
        if line.starts_with('[') {
            skipping = headers.contains(&line.trim());
            while skipping && out.last().is_some_and(|l| l.starts_with('#')) {
                out.pop();
            }
        }
        if !skipping {
            out.push(line);
        }
    }
    out.join("\n") + "\n"
}

/// Rewrites the handout's `Cargo.lock` for its own members: the reference's lists the hardened
/// app, the instructor's crate, the browser tests and what only they use, which the handout's
/// first build would otherwise drop, leaving a change in the student's fresh repository. The versions stay the
/// reference's (`cargo metadata` resolves from the lock as it is, offline when it can).
pub fn refresh_lockfile(out: &Path) -> anyhow::Result<()> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let metadata = |extra: &[&str]| {
        Command::new(&cargo)
            .args(["metadata", "--format-version", "1", "--quiet"])
            .args(extra)
            .current_dir(out)
            .output()
    };
    let offline = metadata(&["--offline"]);
    if offline.is_ok_and(|o| o.status.success()) {
        return Ok(());
    }
    let online = metadata(&[]).context("cannot run cargo")?;
    if !online.status.success() {
        bail!(
            "cannot write the handout's Cargo.lock (cargo metadata): {}",
            String::from_utf8_lossy(&online.stderr)
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_of_tests_and_benches_are_dropped_with_their_comments_and_the_rest_kept() {
        let toml = "[package]\nname = \"c\"\n\n[[test]]\nname = \"t\"\npath = \"x\"\n\n# benches\n[[bench]]\nname = \"b\"\n\n[lints]\nworkspace = true\n";
        assert_eq!(
            without_tables(toml, &["[[test]]", "[[bench]]"]),
            "[package]\nname = \"c\"\n\n[lints]\nworkspace = true\n"
        );
    }

    #[test]
    fn the_handouts_checker_builds_without_the_reference_feature_and_its_tests() {
        let manifest = checker(include_str!("../../../checker/Cargo.toml")).unwrap();
        for gone in [
            "hardened-app",
            "[[test]]",
            "[[bench]]",
            "[dev-dependencies]",
        ] {
            assert!(!manifest.contains(gone), "{gone} in {manifest}");
        }
        assert!(
            manifest.contains("default = []\nreference = []\n"),
            "{manifest}"
        );
        assert!(manifest.contains("app = { path = \"../app\""), "{manifest}");
    }

    #[test]
    fn the_handouts_workspace_has_only_the_students_members() {
        let root = include_str!("../../../Cargo.toml");
        let handout = without_member(root, "hardened-app").unwrap();
        let handout = without_member(&handout, "checker/fixture-app").unwrap();
        let handout = without_member(&handout, "instructor").unwrap();
        let handout = without_member(&handout, "browser-tests").unwrap();
        assert!(
            handout
                .contains(r#"members = ["common", "app", "mock-providers", "checker", "testkit"]"#),
            "{handout}"
        );
        assert!(without_member(&handout, "browser-tests").is_err());
    }
}
