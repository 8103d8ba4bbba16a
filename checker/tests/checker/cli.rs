//! The binary: flags, outputs and exit codes (0 all passed, 1 a check failed, 2 could not run).
//! Its runs against the fixture apps are in `outputs`.

use checker::exercises::Section;

use crate::binary::{checker_bin, json_report, stdout_of};
use crate::helpers::{assert_in_order, assert_says, exercises_with_answer};
use crate::schema::{validate_junit, validate_report};

/// Nothing listens on port 1 of the loopback interface.
const NOWHERE: &str = "http://127.0.0.1:1";

#[test]
fn list_shows_every_exercise_with_its_page_under_its_section() {
    let text = stdout_of(checker_bin().arg("--list"), 0);
    assert_in_order(
        &text,
        &["\nThe course's exercises\n", "\nBeyond the course\n"],
    );
    let course = text.find("\nThe course's exercises\n").unwrap();
    let beyond = text.find("\nBeyond the course\n").unwrap();
    for id in crate::helpers::listed() {
        let at = text
            .find(&format!("\n{id} "))
            .unwrap_or_else(|| panic!("{id} listed:\n{text}"));
        let under = if at > beyond {
            Section::Beyond
        } else {
            Section::Course
        };
        assert_eq!(under, id.section(), "{id} under its heading:\n{text}");
        assert!(at > course, "{text}");
    }
    assert!(text.contains("when-to-revoke.md"));
    assert!(text.contains("beyond-the-course.md"));
    assert!(
        text.contains("after: logout"),
        "dependencies shown:\n{text}"
    );
    assert!(text.contains("after: disconnect"), "{text}");
}

#[test]
fn an_unreachable_app_is_reported_once_with_exit_code_2() {
    let assert = checker_bin().args(["--app-url", NOWHERE]).assert().code(2);
    let output = assert.get_output();
    let stderr = String::from_utf8(output.stderr.clone()).unwrap();
    assert_eq!(
        stderr.matches("cannot reach the app").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains("cargo run -p app"),
        "says what to do: {stderr}"
    );
    assert!(output.stdout.is_empty(), "no check is shown as failed");
}

#[test]
fn the_message_on_standard_error_is_plain_when_only_standard_output_is_a_terminal() {
    // `script` gives the checker a terminal on standard output; standard error goes to a file.
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no `script` command to provide a terminal");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let err = dir.path().join("stderr.txt");
    let command = format!(
        "{} --app-url {NOWHERE} 2>{}",
        env!("CARGO_BIN_EXE_checker"),
        err.display()
    );
    let status = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env_remove("NO_COLOR")
        .env_remove("CHECKER_APP_URL")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
    let stderr = std::fs::read_to_string(&err).unwrap();
    assert!(stderr.contains("cannot reach the app"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
}

#[test]
fn an_unreachable_app_gives_a_valid_json_and_junit_report() {
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("report.xml");
    let value = json_report(&["--app-url", NOWHERE], &junit, 2);
    assert_eq!(value["outcome"], "error");
    assert_eq!(value["exit_code"], 2);
    assert!(
        value["error"]
            .as_str()
            .unwrap()
            .contains("cannot reach the app")
    );
    let xml = std::fs::read_to_string(&junit).unwrap();
    validate_junit(&xml);
    assert!(
        xml.contains("<error message=\"cannot reach the app"),
        "{xml}"
    );
}

#[test]
fn an_unwritable_junit_path_stops_the_run_and_the_json_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("no-such-folder").join("report.xml");
    let value = json_report(&["--only", "when-to-revoke"], &junit, 2);
    assert_eq!(value["outcome"], "error", "{value:#}");
    assert_eq!(
        value["exit_code"], 2,
        "the document agrees with the process"
    );
    assert!(
        value["error"]
            .as_str()
            .unwrap()
            .contains("cannot write the JUnit report"),
        "{value:#}"
    );
}

#[test]
fn an_unwritable_html_path_stops_the_run_like_an_unwritable_junit_path() {
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("report.xml");
    let html = dir.path().join("no-such-folder").join("report.html");
    let args = ["--only", "when-to-revoke", "--html", html.to_str().unwrap()];
    let value = json_report(&args, &junit, 2);
    assert_eq!(value["outcome"], "error", "{value:#}");
    let error = value["error"].as_str().unwrap();
    assert!(error.contains("cannot write the HTML report"), "{error}");
    assert!(error.contains("no-such-folder"), "{error}");
    assert!(
        value["checks"].as_array().unwrap().is_empty(),
        "nothing ran"
    );
    assert!(!html.exists());
}

#[test]
fn the_question_alone_needs_no_app() {
    let text = stdout_of(
        checker_bin()
            .args(["--only", "when-to-revoke", "--app-url", NOWHERE])
            .arg("--answers")
            .arg(checker::catalog::default_dir()),
        0,
    );
    assert_eq!(text.lines().last(), Some("1 passed, 0 failed"), "{text}");
}

#[test]
fn a_wrong_answer_exits_1_without_colour_under_no_color() {
    let exercises = exercises_with_answer("answer = [\"e\"]\n");
    let text = stdout_of(
        checker_bin()
            .env("NO_COLOR", "1")
            .args(["--only", "when-to-revoke", "--exercises"])
            .arg(exercises.path()),
        1,
    );
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(
        text.contains("e: The provider's session and your app's token are independent"),
        "{text}"
    );
    assert!(text.contains("a right choice is missing"), "{text}");
    assert!(
        !text.contains("b:"),
        "a right choice is never named: {text}"
    );
    assert_eq!(text.lines().last(), Some("0 passed, 1 failed"));
}

#[test]
fn an_unknown_exercise_or_flag_exits_2() {
    let output = checker_bin()
        .args(["--only", "nope"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("no exercise `nope`"), "{stderr}");
    assert!(
        stderr.contains("logout, still-logged-in"),
        "lists the ids: {stderr}"
    );
    checker_bin().arg("--no-such-flag").assert().code(2);
}

#[test]
fn verbose_prints_each_exchange_with_a_curl_line() {
    let output = checker_bin()
        .args(["--only", "logout", "--verbose", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the transcript stays off stdout");
    validate_report(&report);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("> POST http://127.0.0.1:"), "{stderr}");
    let logout = stderr
        .lines()
        .find(|l| l.contains("$ curl -i -X POST") && l.contains("/logout"))
        .expect("a curl line for the logout");
    assert_says(logout, &["-H 'Origin: http://127.0.0.1:", "-H 'Cookie: "]);
}

#[test]
fn hint_shows_an_exercise_s_precise_hint_and_refuses_an_unknown_one() {
    let text = stdout_of(checker_bin().args(["hint", "logout"]), 0);
    assert_says(
        &text,
        &[
            "logout: POST /logout ends the app's session (Exercise 1)",
            "exercises/logout.md",
            "hint:       Exercise 1 (exercises/logout.md",
            "in app/:    Write the body of `logout` in app/src/logout.rs",
        ],
    );
    let output = checker_bin()
        .args(["hint", "nope"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("no exercise `nope`"), "{stderr}");
}
