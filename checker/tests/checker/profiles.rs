//! The two fixture apps without a mistake, and the three cases the judge of each step was
//! built for: an app that revokes the Google token it replaces at a re-login (a token revoked
//! unnecessarily, since Google ends the whole grant), one that tidies up superseded GitHub
//! tokens (fine, shown as notes), and one that leaves them alive (advice only).

use checker::exercises::{
    ExerciseId, disconnect, foreign_origin, no_orphans, no_revoke, state_bound,
};
use checker::judge;
use checker::mocks::{describe_token, short};
use checker::report::Status::{Fail, Pass};
use common::Provider;

use crate::helpers::{
    COURSE_APP_ADVICE, all_notes, assert_hint, assert_says, beyond, beyond_failing, check, course,
    course_app, failure, hardened_app, no_tidy_up, passes_strict,
};
use fixture_app::Mistake;

const NO_REVOKE: ExerciseId = no_revoke::SPEC.id;
const GITHUB_APP: &str = "logout-lab-github";

#[tokio::test]
async fn the_course_faithful_app_passes_the_course_and_gets_advice_beyond_it() {
    let app = course_app(Mistake::None).await;
    let report = app.check().await;
    assert_eq!(course(&report), [Pass; 5], "{report:#?}");
    assert_eq!(beyond(&report), beyond_failing(&COURSE_APP_ADVICE));
    for id in COURSE_APP_ADVICE {
        assert!(check(&report, id).is_advice(false), "{id} is advice");
    }
    assert_eq!(report.exit_code(), 0, "advice does not fail the run");
    let counts = report.counts();
    assert_eq!((counts.passed, counts.failed, counts.advice), (9, 0, 4));

    let state = failure(&report, state_bound::SPEC.id);
    assert_says(&state, &["never started the login", "(login CSRF)"]);
    assert_hint(
        &report,
        state_bound::SPEC.id,
        state_bound::OTHER_BROWSER,
        "short-lived HttpOnly cookie",
    );
    let origin = failure(&report, foreign_origin::SPEC.id);
    assert_says(
        &origin,
        &[
            "a POST from https://evil.example logged the user out",
            "hint: Refuse a state-changing request",
        ],
    );
    // Grace's tokens pile up (the course's app revokes none): past ten, GitHub ends the
    // oldest itself, during a later check. Those tokens were earlier checks': no check blames
    // it on the app, nor even mentions it.
    let tokens = app.tokens(Provider::GitHub, "grace").await;
    let limited = tokens.iter().filter(|t| {
        t.ended
            .as_ref()
            .is_some_and(|e| e.cause == mock_providers::api::EndCause::TokenLimit)
    });
    assert!(limited.count() > 0, "GitHub's limit at work: {tokens:#?}");
    let notes = all_notes(&report);
    let mentioned = notes.iter().find(|n| n.starts_with("not the app's doing"));
    assert_eq!(mentioned, None, "{notes:#?}");
}

#[tokio::test]
async fn with_strict_the_course_faithful_apps_advice_fails_the_run() {
    let app = course_app(Mistake::None).await;
    let report = app.check_strict().await;
    assert!(report.strict);
    assert_eq!(course(&report), [Pass; 5]);
    assert_eq!(beyond(&report), beyond_failing(&COURSE_APP_ADVICE));
    assert!(!check(&report, state_bound::SPEC.id).is_advice(true));
    assert_eq!(report.exit_code(), 1);
    let counts = report.counts();
    assert_eq!((counts.passed, counts.failed, counts.advice), (9, 4, 0));
}

#[tokio::test]
async fn orphaned_tokens_of_the_course_faithful_app_are_advice_naming_the_live_tokens() {
    let app = course_app(Mistake::None).await;
    // Only it (and `disconnect`, which it needs), so the mock's tokens afterwards are the ones
    // it saw: no later check logs Ada in again.
    let report = app
        .check_with(checker::Options {
            only: Some(no_orphans::SPEC.id.to_string()),
            ..checker::Options::default()
        })
        .await;
    let ran: Vec<ExerciseId> = report.checks.iter().map(|c| c.id).collect();
    assert_eq!(ran, [disconnect::SPEC.id, no_orphans::SPEC.id]);
    assert_eq!(check(&report, disconnect::SPEC.id).status, Pass);
    let orphans = check(&report, no_orphans::SPEC.id);
    assert!(orphans.is_advice(false), "{orphans:#?}");
    assert_eq!(report.exit_code(), 0, "advice only");
    let text = failure(&report, no_orphans::SPEC.id);
    let tokens = app.tokens(Provider::GitHub, "ada").await;
    let alive = judge::alive(&tokens, GITHUB_APP);
    // The token of `disconnect`'s re-login, which the check leaves out (an earlier check's),
    // and two of the three logins here.
    assert_eq!(alive.len(), 3, "{tokens:#?}");
    assert!(
        text.contains("after the disconnect, 2 tokens of ada's at GitHub still work"),
        "{text}"
    );
    assert!(!text.contains(&describe_token(alive[0])), "{text}");
    for token in &alive[1..] {
        assert!(text.contains(&describe_token(token)), "{text}");
    }
    assert!(
        text.contains("step: Some(\"POST /disconnect/github\")"),
        "{text}"
    );
    assert_hint(
        &report,
        no_orphans::SPEC.id,
        no_orphans::ORPHAN_GITHUB,
        "revoke the token you are replacing",
    );
    assert!(no_tidy_up(&report), "no revocation at a re-login");
}

#[tokio::test]
async fn the_hardened_app_passes_every_check_with_strict_and_its_tidy_up_is_noted() {
    let (_, report) = passes_strict(Mistake::None).await;
    assert_eq!(report.exit_code(), 0);
    let notes = &check(&report, NO_REVOKE).notes;
    let again = "tidy-up during \"log in with GitHub as grace again\": \
                 GitHub DELETE /applications/logout-lab-github/token (call #";
    let tidy = notes.iter().find(|n| n.starts_with(again));
    let tidy = tidy.unwrap_or_else(|| panic!("a tidy-up note: {notes:#?}"));
    assert_says(tidy, &[" of grace (issued #", ", superseded by gho_"]);
    let tidied = all_notes(&report);
    let tidied: Vec<&&str> = tidied.iter().filter(|n| n.starts_with("tidy-up")).collect();
    assert!(
        tidied.iter().all(|n| n.contains(": GitHub DELETE ")),
        "never a Google token: {tidied:#?}"
    );
}

#[tokio::test]
async fn revoking_the_google_token_replaced_at_a_relogin_ends_the_one_the_app_holds() {
    let app = hardened_app(Mistake::RevokeGoogleAtRelogin).await;
    let report = app.check().await;
    assert_eq!(
        course(&report),
        [Pass, Pass, Fail, Pass, Pass],
        "{report:#?}"
    );
    // `no-orphaned-tokens` logs in with Google three times: the same mistake, caught there.
    assert_eq!(
        beyond(&report),
        beyond_failing(&[no_orphans::SPEC.id]),
        "{report:#?}"
    );
    let text = failure(&report, NO_REVOKE);
    let step = "log in with Google as bob@example.com again";
    assert!(text.contains(&format!("step: Some(\"{step}\")")), "{text}");
    let bob = app.tokens(Provider::Google, "bob@example.com").await;
    let [first, held] = &bob[..] else {
        panic!("two logins, two tokens: {bob:#?}")
    };
    let ended = held.ended.as_ref().expect("the held token ended");
    let violation = format!(
        "token revoked unnecessarily: during \"{step}\", which is not a disconnect, \
         Google POST /revoke (call #{}) naming {} ended {}, the token the app holds now",
        ended.seq,
        short(&first.token),
        describe_token(held)
    );
    assert!(text.contains(&violation), "{violation}\nin:\n{text}");
    assert!(text.contains("Google ends the whole grant"), "{text}");
    assert!(
        text.contains("Revoke a provider's token only when"),
        "the rule: {text}"
    );
    assert!(
        text.contains("keep the token you replace until it expires instead of revoking it"),
        "the hint says what to change at Google: {text}"
    );
    let orphans = failure(&report, no_orphans::SPEC.id);
    assert_says(
        &orphans,
        &[
            "token revoked unnecessarily",
            "log in with Google as ada@example.com",
        ],
    );
}
