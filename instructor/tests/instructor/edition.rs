//! The student edition, written in-process from this workspace: what it holds, what it
//! leaves out, that no solution text survives (and that a leak would be caught). The build,
//! the checker's verdicts on the handout and on the solved handout are the self-check's
//! (`cargo run -p instructor -- self-check`, run by CI).

use std::path::{Path, PathBuf};

use instructor::edition::{self, Workspace, leaks, self_check};
use instructor::workspace::Files;
use testkit::assert_says;

fn workspace() -> Workspace {
    Workspace::current().expect("the tests run in the workspace")
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Every text file of a handout, `(path, contents)`.
fn texts(dir: &Path) -> Vec<(PathBuf, String)> {
    let files = Workspace {
        root: dir.to_path_buf(),
    }
    .files()
    .unwrap();
    files
        .into_iter()
        .filter_map(|f| std::fs::read_to_string(dir.join(&f)).ok().map(|t| (f, t)))
        .collect()
}

#[test]
fn the_handout_has_the_starters_the_blank_answers_and_the_students_readme() {
    let out = tempfile::tempdir().unwrap();
    let summary = edition::write(&workspace(), out.path()).unwrap();
    let regions: Vec<&str> = summary.regions.iter().map(|(_, r)| r.as_str()).collect();
    assert_eq!(regions, ["revoke-github", "revoke-google", "logout"]);
    let logout = read(out.path(), "app/src/logout.rs");
    assert!(logout.contains("// Exercise 1 (exercises/logout.md): end this app's session."));
    assert!(
        !logout.contains("ANCHOR") && !logout.contains("STARTER"),
        "{logout}"
    );
    assert!(!logout.contains("delete_session(&"), "{logout}");
    for (file, _) in edition::answers() {
        let answer = read(out.path(), &file);
        assert!(
            answer.contains(" = \"\"") || answer.contains("= []"),
            "{file}: {answer}"
        );
    }
    assert!(read(out.path(), "README.md").starts_with("# The logout lab: your edition"));
    assert!(read(out.path(), "app/README.md").starts_with("> **Student edition.**"));
    let manifest = read(out.path(), "checker/Cargo.toml");
    for gone in [
        "[[test]]",
        "[[bench]]",
        "hardened-app",
        "fixture-app",
        "dep:",
    ] {
        assert!(!manifest.contains(gone), "{gone}: {manifest}");
    }
    let root = read(out.path(), "Cargo.toml");
    assert!(
        root.contains(r#"members = ["common", "app", "mock-providers", "checker", "testkit"]"#),
        "{root}"
    );
    for gone in [
        ".ci/run",
        "checker/tests/checker/main.rs",
        "app/tests/api/lesson.rs",
        "hardened-app/Cargo.toml",
        "browser-tests/Cargo.toml",
        "checker/fixture-app/Cargo.toml",
        "instructor/Cargo.toml",
        "mock-providers/tests/api/main.rs",
        "docs/scaling.svg",
    ] {
        assert!(!out.path().join(gone).exists(), "{gone} is left out");
    }
    for kept in [
        "app/tests/api/helpers/mod.rs",
        "app/tests/api/yours.rs",
        "app/src/lib.rs",
        "exercises/still-logged-in.md",
    ] {
        assert!(out.path().join(kept).is_file(), "{kept} is there");
    }
}

#[test]
fn the_handout_holds_no_answer_key_neither_the_right_set_nor_any_explanation() {
    let out = tempfile::tempdir().unwrap();
    edition::write(&workspace(), out.path()).unwrap();
    let reference = read(&workspace().root, edition::QUESTION_FILE);
    let explanations = leaks::key_lines(&reference);
    assert_eq!(explanations.len(), 6);
    let right_sets = [
        "[\"b\", \"c\", \"d\"]",
        "[\"b\",\"c\",\"d\"]",
        "b, c and d",
        "b, c, d",
    ];
    for (file, text) in texts(out.path()) {
        for line in explanations.iter().chain(&right_sets.map(String::from)) {
            assert!(
                !text.contains(line.as_str()),
                "{} holds {line}",
                file.display()
            );
        }
    }
    let question = read(out.path(), edition::QUESTION_FILE);
    assert!(question.contains("right = \""), "sealed: {question}");
    assert!(!question.contains("correct ="), "{question}");
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
fn nothing_is_given_away_or_dangling_and_a_leak_would_be_caught() {
    let workspace = workspace();
    let out = tempfile::tempdir().unwrap();
    edition::write(&workspace, out.path()).unwrap();
    assert_eq!(
        self_check::leak_problems(&workspace, out.path()).unwrap(),
        Vec::<String>::new()
    );
    // A solution line of `logout` copied into a page of the handout is found.
    let reference = vec![(
        PathBuf::from("app/src/logout.rs"),
        read(&workspace.root, "app/src/logout.rs"),
    )];
    let lines = leaks::solution_lines(&reference);
    let (_, line) = lines
        .iter()
        .find(|(r, _)| r == "logout")
        .expect("a line of its own");
    let page = out.path().join("exercises/logout.md");
    let mut text = read(out.path(), "exercises/logout.md");
    text.push_str(&format!(
        "\nHint: `{line}`, and see hardened-app/README.md\n"
    ));
    std::fs::write(&page, text).unwrap();
    let answer = "exercises/when-to-revoke.answer.toml";
    std::fs::copy(workspace.root.join(answer), out.path().join(answer)).unwrap();
    let problems = self_check::leak_problems(&workspace, out.path()).unwrap();
    assert_says(
        &problems.join("\n"),
        &[
            "logout left in exercises/logout.md",
            "the answer of exercises/when-to-revoke.answer.toml",
            "exercises/logout.md names hardened-app/README.md, which the handout does not have",
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
