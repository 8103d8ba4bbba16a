//! A report with one check of each status and section, for the output tests; the failed
//! check's steps carry exchanges ([`exchanges`]), among them a revocation judged unnecessary.

pub mod exchanges;

use super::*;

fn check(id: ExerciseId, title: &str, status: Status) -> CheckResult {
    CheckResult {
        duration: Duration::from_millis(1),
        ..CheckResult::new(id, title.into(), status)
    }
}

fn step(name: &str, status: Status) -> Step {
    Step {
        name: name.into(),
        status,
        duration: Duration::from_millis(3),
        exchanges: vec![],
    }
}

/// A failure with every field a failure can show, quotes and angle brackets included.
fn failed_logout() -> CheckResult {
    CheckResult {
        message: Some("token revoked unnecessarily".into()),
        step: Some("POST /logout".into()),
        expected: Some("no revocation <none> & \"quotes\"".into()),
        actual: Some("DELETE /applications/x/token".into()),
        hint: Some("Do not revoke on logout.".into()),
        steps: vec![
            Step {
                exchanges: exchanges::login(),
                ..step("log in", Status::Pass)
            },
            Step {
                exchanges: exchanges::logout(),
                ..step("POST /logout", Status::Fail)
            },
        ],
        duration: Duration::from_millis(12),
        ..check(
            id("logout"),
            "POST /logout ends the app's session",
            Status::Fail,
        )
    }
}

pub fn report() -> Report {
    let skipped = CheckResult {
        message: Some("depends on `logout`, which failed".into()),
        duration: Duration::ZERO,
        ..check(id("still-logged-in"), "Still logged in", Status::Skip)
    };
    let question = CheckResult {
        steps: vec![step("grade the answer", Status::Pass)],
        notes: vec!["tidy-up: an older token was revoked".into()],
        ..check(id("when-to-revoke"), "When to revoke", Status::Pass)
    };
    let advice = CheckResult {
        message: Some("the state is not bound to the browser".into()),
        step: Some("a callback from another browser".into()),
        hint: Some("Bind the state to the browser.".into()),
        ..check(id("state-bound"), "The state is bound", Status::Fail)
    };
    Report {
        lesson: "Logout and token cleanup".into(),
        target: Target {
            app_url: "http://127.0.0.1:3000".into(),
            github_url: "http://127.0.0.1:3001".into(),
            google_url: "http://127.0.0.1:3002".into(),
            ours: None,
            github_mock: Some(MockOrigin::Started),
            google_mock: Some(MockOrigin::Started),
        },
        strict: false,
        verbose: false,
        progress: Some(Progress {
            done: 1,
            total: 3,
            next: Some(Next {
                id: id("logout"),
                title: "POST /logout ends the app's session".into(),
                page: "exercises/logout.md".into(),
                edit: vec!["app/src/logout.rs".into()],
                help: Some("cargo run -p checker -- hint logout".into()),
            }),
        }),
        checks: vec![failed_logout(), skipped, question, advice],
        duration: Duration::from_millis(20),
        error: None,
    }
}

/// One of the checker's exercises, by its id.
fn id(id: &str) -> ExerciseId {
    ExerciseId::parse(id).expect("an exercise the checker has a check for")
}
