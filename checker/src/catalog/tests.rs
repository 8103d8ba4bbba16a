use super::*;

fn id(id: &str) -> ExerciseId {
    ExerciseId::parse(id).unwrap()
}

fn shipped() -> Catalog {
    Catalog::load(&default_dir()).expect("the shipped catalog loads")
}

/// An exercise is its check's file and its entry in `exercises.toml`: every spec is listed,
/// every listed exercise has a spec (or the catalog would not load) and a page.
#[test]
fn every_check_has_an_entry_with_a_page_and_every_entry_a_check() {
    let catalog = shipped();
    let mut listed: Vec<ExerciseId> = catalog.exercises.iter().map(|e| e.id).collect();
    for exercise in &catalog.exercises {
        let page = catalog.dir.join(&exercise.file);
        assert!(
            page.is_file(),
            "{}: no page {}",
            exercise.id,
            page.display()
        );
    }
    listed.sort();
    let mut specs: Vec<ExerciseId> = ExerciseId::all().collect();
    specs.sort();
    assert_eq!(listed, specs);
}

#[test]
fn only_selects_an_exercise_and_its_dependencies() {
    let catalog = shipped();
    let ids = |only| -> Vec<&str> {
        catalog
            .selection(Some(only))
            .unwrap()
            .into_iter()
            .map(|e| e.id.as_str())
            .collect()
    };
    assert_eq!(ids("still-logged-in"), ["logout", "still-logged-in"]);
    assert_eq!(ids("disconnect"), ["disconnect"]);
    let error = catalog.selection(Some("nope")).unwrap_err().to_string();
    assert!(error.contains("logout, still-logged-in"), "{error}");
}

#[test]
fn a_hint_the_check_does_not_raise_falls_back_to_the_default() {
    let catalog = shipped();
    let logout = catalog.get(id("logout")).unwrap();
    assert_eq!(
        logout.hint(crate::answers::UNANSWERED),
        logout.hints[&Hint::DEFAULT]
    );
    assert_ne!(
        logout.hint(crate::exercises::flow::CLEAR_COOKIE),
        logout.hints[&Hint::DEFAULT]
    );
}

#[test]
fn a_failure_s_hint_says_where_and_the_idea_the_precise_one_names_the_rust_code() {
    let catalog = shipped();
    let logout = catalog.get(id("logout")).unwrap();
    let hint = logout.hint(crate::exercises::logout::SERVER_SESSION);
    let precise = logout
        .precise_hint(crate::exercises::logout::SERVER_SESSION)
        .unwrap();
    assert!(precise.contains("app/src/logout.rs"), "{precise}");
    assert!(precise.contains("delete_session"), "{precise}");
    assert!(hint.contains("exercises/logout.md"), "{hint}");
    assert!(!hint.contains("app/src/") && !hint.contains('`'), "{hint}");
    let question = catalog.get(id("when-to-revoke")).unwrap();
    assert_eq!(question.precise_hint(crate::answers::UNANSWERED), None);
}

#[test]
fn no_hint_names_a_function_of_the_course_s_typescript_app() {
    const TYPESCRIPT: &[&str] = &[
        "deleteSession",
        "clearSessionCookie",
        "getSessionId",
        "route.post",
        "Response.json",
        "btoa",
        "fetch(",
    ];
    for exercise in shipped().exercises {
        for text in exercise.hints.values().chain(exercise.rust.values()) {
            for name in TYPESCRIPT {
                assert!(
                    !text.contains(name),
                    "`{}` names {name}: {text}",
                    exercise.id
                );
            }
        }
    }
}

fn write_catalog(dir: &Path, body: &str) {
    std::fs::write(dir.join("page.md"), "# page").unwrap();
    std::fs::write(
        dir.join("exercises.toml"),
        format!(
            "lesson = \"L\"\n[rules]\nunnecessary_revocation = \"r\"\ngoogle_grant = \"g\"\n{body}"
        ),
    )
    .unwrap();
}

#[test]
fn bad_catalogs_are_refused_with_the_reason() {
    let cases = [
        (
            "[[exercise]]\nid = \"nope\"\ntitle = \"t\"\nfile = \"page.md\"\nlesson = \"l\"\nhints = { default = \"h\" }\n",
            "no exercise `nope` has a check",
        ),
        (
            "[[exercise]]\nid = \"when-to-revoke\"\ntitle = \"t\"\nfile = \"page.md\"\nlesson = \"l\"\ndepends_on = [\"logout\"]\nhints = { default = \"h\", unanswered = \"u\" }\n",
            "not listed before it",
        ),
        (
            "[[exercise]]\nid = \"when-to-revoke\"\ntitle = \"t\"\nfile = \"missing.md\"\nlesson = \"l\"\nhints = { default = \"h\", unanswered = \"u\" }\n",
            "does not exist",
        ),
        (
            "[[exercise]]\nid = \"when-to-revoke\"\ntitle = \"t\"\nfile = \"page.md\"\nlesson = \"l\"\nhints = { default = \"h\" }\n",
            "lacks hint `unanswered`",
        ),
        (
            "[[exercise]]\nid = \"when-to-revoke\"\ntitle = \"t\"\nfile = \"page.md\"\nlesson = \"l\"\nhints = { default = \"h\", unanswered = \"u\", login = \"l\" }\n",
            "has hint `login`, which its check never raises",
        ),
        (
            "[[exercise]]\nid = \"when-to-revoke\"\ntitle = \"t\"\nfile = \"page.md\"\nlesson = \"l\"\nhints = { default = \"h\", typo = \"u\" }\n",
            "no check raises a hint `typo`",
        ),
        (
            "[[exercise]]\nid = \"get-logout\"\ntitle = \"t\"\nfile = \"page.md\"\nlesson = \"l\"\nhints = { default = \"h\", login = \"l\", me = \"m\" }\n\n[[exercise]]\nid = \"when-to-revoke\"\ntitle = \"t\"\nfile = \"page.md\"\nlesson = \"l\"\nhints = { default = \"h\", unanswered = \"u\" }\n",
            "`when-to-revoke` is the course's: list it before `get-logout`",
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

/// The README's "Adding an exercise" shows `get-logout`'s check and entry as they are.
#[test]
fn the_readme_s_example_exercise_is_the_real_one() {
    let readme = include_str!("../../README.md");
    let section = readme
        .split("\n## Adding an exercise\n")
        .nth(1)
        .expect("the README has the section");
    let block = |fence: &str| {
        let start = section.find(fence).expect("the block") + fence.len();
        &section[start..start + section[start..].find("```\n").expect("its end")]
    };
    let check = include_str!("../exercises/get_logout.rs");
    assert_eq!(block("```rust\n"), check);
    let list = include_str!("../../../exercises/exercises.toml");
    let entry = block("```toml\n");
    assert!(
        entry.starts_with("[[exercise]]\nid = \"get-logout\"\n"),
        "{entry}"
    );
    assert!(list.contains(&format!("{entry}\n")), "{entry}");
}
