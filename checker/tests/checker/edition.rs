//! The student edition, written in-process from this workspace: what it holds, what it
//! leaves out, that no solution text survives (and that a leak would be caught). The build,
//! the checker's verdicts on the handout and on the solved handout are the self-check's
//! (`cargo run -p checker -- self-check`, run by CI).

use std::path::{Path, PathBuf};

use checker::edition::{self, Workspace, leaks, self_check};

use crate::helpers::assert_says;

fn workspace() -> Workspace {
    Workspace::current().expect("the tests run in the workspace")
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn the_handout_has_the_starters_the_blank_answer_and_the_students_readme() {
    let out = tempfile::tempdir().unwrap();
    let summary = edition::write(&workspace(), out.path()).unwrap();
    let regions: Vec<&str> = summary.regions.iter().map(|(_, r)| r.as_str()).collect();
    assert_eq!(
        regions,
        [
            "revoke-github-imports",
            "revoke-github",
            "revoke-github-helpers",
            "revoke-google",
            "logout-imports",
            "logout"
        ]
    );
    let logout = read(out.path(), "app/src/routes/logout.rs");
    assert!(logout.contains("// Exercise 1 (exercises/logout.md): delete the server-side"));
    assert!(!logout.contains("ANCHOR"), "{logout}");
    assert!(!logout.contains("sessions::delete"), "{logout}");
    let answer = read(out.path(), edition::ANSWER_FILE);
    assert!(answer.trim_end().ends_with("answer = []"), "{answer}");
    assert!(read(out.path(), "README.md").starts_with("# The logout lab: your edition"));
    assert!(read(out.path(), "app/README.md").starts_with("> **Student edition.**"));
    let manifest = read(out.path(), "checker/Cargo.toml");
    assert!(
        !manifest.contains("[[test]]") && !manifest.contains("[[bench]]"),
        "{manifest}"
    );
    for gone in [
        ".ci/run",
        "checker/tests/checker/main.rs",
        "app/tests/api/lesson.rs",
    ] {
        assert!(!out.path().join(gone).exists(), "{gone} is left out");
    }
    for kept in [
        "app/tests/api/helpers/mod.rs",
        "app/tests/api/helpers/login.rs",
        "app/tests/api/yours.rs",
        "mock-providers/tests/api/main.rs",
    ] {
        assert!(out.path().join(kept).is_file(), "{kept} is there");
    }
}

#[test]
fn the_handout_gets_a_repository_of_its_own_without_the_references_history() {
    let out = tempfile::tempdir().unwrap();
    let summary = edition::write(&workspace(), out.path()).unwrap();
    if !summary.git {
        eprintln!("git is not installed here: the handout has no repository (as documented)");
        return;
    }
    let log = std::process::Command::new("git")
        .args(["log", "--oneline"])
        .current_dir(out.path())
        .output()
        .unwrap();
    let log = String::from_utf8(log.stdout).unwrap();
    assert_eq!(log.lines().count(), 1, "one commit: {log}");
    assert!(log.contains("student edition"), "{log}");
}

#[test]
fn no_solution_text_survives_and_a_leak_would_be_caught() {
    let workspace = workspace();
    let out = tempfile::tempdir().unwrap();
    edition::write(&workspace, out.path()).unwrap();
    assert_eq!(
        self_check::leak_problems(&workspace, out.path()).unwrap(),
        Vec::<String>::new()
    );
    // A solution line of `logout` copied into a page of the handout is found.
    let reference = vec![(
        PathBuf::from("app/src/routes/logout.rs"),
        read(&workspace.root, "app/src/routes/logout.rs"),
    )];
    let lines = leaks::solution_lines(&reference);
    let (_, line) = lines
        .iter()
        .find(|(r, _)| r == "logout")
        .expect("a line of its own");
    let docs = out.path().join("exercises/logout.md");
    let mut page = read(out.path(), "exercises/logout.md");
    page.push_str(&format!("\nHint: `{line}`\n"));
    std::fs::write(&docs, page).unwrap();
    let answer = out.path().join(edition::ANSWER_FILE);
    std::fs::copy(workspace.root.join(edition::ANSWER_FILE), &answer).unwrap();
    let problems = self_check::leak_problems(&workspace, out.path()).unwrap();
    assert_says(
        &problems.join("\n"),
        &[
            "`logout` left in exercises/logout.md",
            "the answer to the question",
        ],
    );
}

#[test]
fn the_handout_is_written_only_into_an_empty_folder() {
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("notes.txt"), "mine").unwrap();
    let error = format!(
        "{:#}",
        edition::write(&workspace(), out.path()).unwrap_err()
    );
    assert!(error.contains("is not empty"), "{error}");
    assert_eq!(read(out.path(), "notes.txt"), "mine", "nothing was touched");
}
