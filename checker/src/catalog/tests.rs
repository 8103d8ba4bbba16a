use super::*;

fn shipped() -> Catalog {
    Catalog::load(&default_dir()).expect("the shipped catalog loads")
}

#[test]
fn the_shipped_catalog_lists_every_exercise_the_checker_knows_in_order() {
    let ids: Vec<_> = shipped().exercises.into_iter().map(|e| e.id).collect();
    assert_eq!(ids, ExerciseId::ALL);
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
    let logout = catalog.get(ExerciseId::Logout).unwrap();
    assert_eq!(logout.hint(Hint::Unanswered), logout.hints[&Hint::Default]);
    assert_ne!(logout.hint(Hint::ClearCookie), logout.hints[&Hint::Default]);
}

#[test]
fn a_failure_s_hint_says_where_and_the_idea_the_precise_one_names_the_rust_code() {
    let catalog = shipped();
    let logout = catalog.get(ExerciseId::Logout).unwrap();
    let hint = logout.hint(Hint::ServerSession);
    let precise = logout.precise_hint(Hint::ServerSession).unwrap();
    assert!(precise.contains("app/src/logout.rs"), "{precise}");
    assert!(precise.contains("delete_session"), "{precise}");
    assert!(hint.contains("exercises/logout.md"), "{hint}");
    assert!(!hint.contains("app/src/") && !hint.contains('`'), "{hint}");
    let question = catalog.get(ExerciseId::WhenToRevoke).unwrap();
    assert_eq!(question.precise_hint(Hint::Unanswered), None);
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
            "unknown variant `nope`",
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
            "unknown variant `typo`",
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
