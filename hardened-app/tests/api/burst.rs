//! A burst of students at once: 48 browsers, each with its own cookie jar and its own
//! provider account (half GitHub, half Google, seeded through the mocks' options), log in
//! through the mocks' pages, `GET /me`, log out, see `/me` answer 401, log in again and
//! `GET /me` again, all concurrently. No session may be lost (every `/me` after a login is
//! 200), none crossed (every `/me` is that student's own user), and logging out revokes
//! nothing: the only tokens ended are the GitHub ones each second login replaced (the app's
//! tidy-up), after that login, and every token the app holds now is alive.

use std::sync::Arc;

use mock_providers::Options;
use mock_providers::config::{GitHubEmail, GitHubUser, GoogleUser, SeedFile, Seeds};
use reqwest::StatusCode;
use serde_json::Value;
use tokio::sync::Barrier;

use crate::helpers::{Provider, TestApp, browser, cookie_value, json, spawn_app_with_mocks};

/// Students per provider.
const PER_PROVIDER: usize = 24;

/// One student: the account they sign in with, and what `/me` must say.
#[derive(Debug, Clone)]
struct Student {
    via: Provider,
    /// The GitHub login or the Google email typed at the mock.
    username: String,
    /// `githubId` or `googleId` in `/me`.
    provider_id: String,
    email: String,
}

fn students() -> Vec<Student> {
    (1..=PER_PROVIDER)
        .flat_map(|n| {
            [
                Student {
                    via: Provider::GitHub,
                    username: format!("student{n:02}"),
                    provider_id: (2_000_000 + n).to_string(),
                    email: format!("student{n:02}@github.example"),
                },
                Student {
                    via: Provider::Google,
                    username: format!("student{n:02}@google.example"),
                    provider_id: format!("2{n:020}"),
                    email: format!("student{n:02}@google.example"),
                },
            ]
        })
        .collect()
}

/// The students' accounts as the mocks' seeds (they replace the default users), each with a
/// verified address of its own, so that no two are linked into one user.
fn seeds(students: &[Student]) -> Options {
    let github = students.iter().filter(|s| s.via == Provider::GitHub);
    let google = students.iter().filter(|s| s.via == Provider::Google);
    let github_users = github
        .map(|s| GitHubUser {
            login: s.username.clone(),
            id: s.provider_id.parse().unwrap(),
            name: Some(format!("Student {}", s.username)),
            email: Some(s.email.clone()),
            avatar_url: None,
            emails: vec![GitHubEmail {
                email: s.email.clone(),
                primary: true,
                verified: true,
                visibility: Some("public".into()),
            }],
        })
        .collect();
    let google_users = google
        .map(|s| GoogleUser {
            sub: s.provider_id.clone(),
            email: s.email.clone(),
            email_verified: true,
            name: format!("Student {}", s.username),
            given_name: None,
            family_name: None,
            picture: None,
        })
        .collect();
    let seeds = SeedFile {
        github: Some(Seeds {
            users: github_users,
            clients: vec![],
        }),
        google: Some(Seeds {
            users: google_users,
            clients: vec![],
        }),
    };
    Options {
        seeds,
        ..Options::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_students_logging_in_and_out_at_once_loses_no_session_crosses_none_and_revokes_nothing()
 {
    let students = students();
    let app = Arc::new(spawn_app_with_mocks(&seeds(&students), |_| {}).await);
    // Every task waits here, so the first logins all start together.
    let start = Arc::new(Barrier::new(students.len()));
    let tasks: Vec<_> = students
        .iter()
        .cloned()
        .map(|student| {
            let (app, start) = (app.clone(), start.clone());
            tokio::spawn(async move {
                start.wait().await;
                one_student(&app, &student).await
            })
        })
        .collect();
    let mut problems = Vec::new();
    for (student, task) in students.iter().zip(tasks) {
        match task.await {
            Ok(Ok(())) => {}
            Ok(Err(problem)) => problems.push(format!("{}: {problem}", student.username)),
            Err(panic) => problems.push(format!("{}: {panic}", student.username)),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    logout_revoked_nothing(&app, &students).await;
}

/// Log in, `/me`, log out, `/me` is 401, log in again, `/me`: what went wrong, if anything.
async fn one_student(app: &TestApp, student: &Student) -> Result<(), String> {
    let browser = browser();
    let first = app
        .login_ok_in(&browser, student.via, &student.username)
        .await;
    let me = own_me(app, &browser, student, "after the first login").await?;
    let logout = browser.post(app.at("/logout")).send().await.unwrap();
    if logout.status() != StatusCode::OK {
        return Err(format!("POST /logout answered {}", logout.status()));
    }
    let (status, body) = json(browser.get(app.at("/me")).send().await.unwrap()).await;
    if status != StatusCode::UNAUTHORIZED {
        return Err(format!("/me after logout answered {status}: {body}"));
    }
    let second = app
        .login_ok_in(&browser, student.via, &student.username)
        .await;
    if cookie_value(&second) == cookie_value(&first) {
        return Err("the second login kept the first session id".into());
    }
    let again = own_me(app, &browser, student, "after the second login").await?;
    if again["id"] != me["id"] {
        return Err(format!("a different user came back: {me} then {again}"));
    }
    Ok(())
}

/// `/me` in `browser`: 200, and the student's own account.
async fn own_me(
    app: &TestApp,
    browser: &reqwest::Client,
    student: &Student,
    when: &str,
) -> Result<Value, String> {
    let (status, me) = json(browser.get(app.at("/me")).send().await.unwrap()).await;
    if status != StatusCode::OK {
        return Err(format!("session lost {when}: /me answered {status}: {me}"));
    }
    let (field, other) = match student.via {
        Provider::GitHub => ("githubId", "googleId"),
        Provider::Google => ("googleId", "githubId"),
    };
    let own = me[field] == student.provider_id.as_str() && me[other].is_null();
    if !own || me["email"] != student.email.as_str() {
        return Err(format!("session crossed {when}: /me is {me}"));
    }
    Ok(me)
}

/// Nothing a logout did ended a token: Google saw no revocation at all; every GitHub one is
/// the tidy-up of a student's first token, made once their second login had replaced it,
/// exactly once; and every student's newest token, the one the app holds, is alive.
async fn logout_revoked_nothing(app: &TestApp, students: &[Student]) {
    let google = app
        .mock(Provider::Google)
        .store()
        .lock()
        .revocations
        .clone();
    assert!(google.is_empty(), "Google revocations: {google:?}");
    for student in students {
        let issued = app.issued_tokens(student.via, &student.username);
        assert_eq!(issued.len(), 2, "{}: a token per login", student.username);
        let newest = &issued[1];
        assert!(
            app.token_alive(student.via, newest).await,
            "{}: the token the app holds was ended",
            student.username
        );
    }
    let github = app.mock(Provider::GitHub).store().lock();
    // One call per superseded token, each accepted: one attempt at a time per token, and
    // none sent again once confirmed, however many logins run at once.
    let calls = &github.revocations;
    let refused: Vec<_> = (calls.iter())
        .filter(|r| r.outcome != mock_providers::api::Outcome::Accepted)
        .collect();
    assert!(refused.is_empty(), "revocations refused: {refused:?}");
    assert_eq!(
        calls.len(),
        PER_PROVIDER,
        "one revocation per superseded token"
    );
    let ended = calls.iter();
    for revocation in ended {
        let token = revocation.token.as_deref().unwrap_or_default();
        let revoked = github.tokens.values().find(|t| &*t.token == token);
        let issued_seq = revoked.map_or(u64::MAX, |t| t.issued_seq);
        let replaced_by = github.tokens.values().find(|t| {
            Some(&*t.user) == revocation.user.as_deref()
                && t.kind == mock_providers::api::TokenKind::Access
                && t.issued_seq > issued_seq
        });
        let tidy_up = replaced_by.is_some_and(|newer| newer.issued_seq < revocation.seq);
        assert!(
            tidy_up,
            "ended before the student's next login replaced it (by a logout?): {revocation:?}"
        );
    }
}
