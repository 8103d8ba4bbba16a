use mock_providers::api::{Ending, Outcome, TokenState};

use super::*;
use testkit::assert_says;

const APP: &str = "logout-lab-github";

fn token(value: &str, issued_seq: u64, ended: Option<(u64, EndCause)>) -> TokenRecord {
    TokenRecord {
        token: value.into(),
        kind: TokenKind::Access,
        client_id: APP.into(),
        user: "ada".into(),
        username: Some("ada".into()),
        scopes: vec![],
        issued_at: String::new(),
        issued_seq,
        expires_at: None,
        state: if ended.is_some() {
            TokenState::Revoked
        } else {
            TokenState::Active
        },
        ended: ended.map(|(seq, cause)| Ending {
            seq,
            at: String::new(),
            cause,
            endpoint: Some("DELETE /applications/logout-lab-github/token".into()),
            why: "revoked".into(),
        }),
        code: None,
    }
}

fn call(seq: u64, token: Option<&str>, outcome: Outcome, ended: &[&str]) -> EventRecord {
    let record = RevocationRecord {
        seq,
        time: String::new(),
        provider: Provider::GitHub,
        endpoint: "DELETE /applications/logout-lab-github/token".into(),
        client_id: Some(APP.into()),
        token: token.map(str::to_string),
        token_kind: Some(TokenKind::Access),
        user: Some("ada".into()),
        outcome,
        status: if outcome == Outcome::Accepted {
            204
        } else {
            404
        },
        reason: (outcome == Outcome::Rejected).then(|| "unknown token".to_string()),
        revoked_tokens: ended.iter().map(|t| t.to_string()).collect(),
    };
    EventRecord {
        seq,
        time: String::new(),
        provider: Provider::GitHub,
        kind: EventKind::Revocation,
        summary: String::new(),
        user: Some("ada".into()),
        client_id: Some(APP.into()),
        endpoint: Some(record.endpoint.clone()),
        issued: vec![],
        ended: record.revoked_tokens.clone(),
        revocation: Some(record),
        exchange: None,
    }
}

/// An accepted call that named `token` and ended it.
fn revoked(seq: u64, token: &str) -> EventRecord {
    call(seq, Some(token), Outcome::Accepted, &[token])
}

fn judged(kind: StepKind, events: &[EventRecord], tokens: &[TokenRecord]) -> Verdict {
    judged_from(0, kind, events, tokens)
}

/// As [`judged`], for a check that began at sequence number `began`.
fn judged_from(
    began: u64,
    kind: StepKind,
    events: &[EventRecord],
    tokens: &[TokenRecord],
) -> Verdict {
    let mut verdict = Verdict::default();
    let seen = Seen {
        provider: Provider::GitHub,
        events,
        tokens,
        began,
    };
    judge("POST /logout", kind, &seen, &mut verdict);
    verdict
}

#[test]
fn ending_the_held_token_outside_a_disconnect_is_a_violation_naming_call_and_token() {
    let tokens = [token("gho_held_token", 3, Some((9, EndCause::Revoked)))];
    let verdict = judged(StepKind::Plain, &[revoked(9, "gho_held_token")], &tokens);
    assert_eq!(verdict.violations.len(), 1, "{verdict:?}");
    let line = &verdict.violations[0];
    assert_says(
        line,
        &[
            "which is not a disconnect",
            "GitHub DELETE /applications/logout-lab-github/token (call #9) ended",
            "ended gho_held_t… of ada (issued #3), the token the app holds now",
        ],
    );
    assert_eq!(
        verdict.unnecessary,
        [(Provider::GitHub, 9)],
        "the call behind it"
    );
}

#[test]
fn ending_a_superseded_token_is_tidy_up() {
    let tokens = [
        token("gho_old_token", 3, Some((9, EndCause::Revoked))),
        token("gho_new_token", 7, None),
    ];
    let verdict = judged(StepKind::Plain, &[revoked(9, "gho_old_token")], &tokens);
    assert!(verdict.violations.is_empty(), "{verdict:?}");
    let first = &verdict.notes[0];
    assert!(
        first.starts_with("tidy-up during \"POST /logout\": "),
        "{verdict:?}"
    );
    assert_says(&verdict.notes[0], &["superseded by gho_new_to…"]);
    assert!(verdict.unnecessary.is_empty(), "{verdict:?}");
}

#[test]
fn a_token_issued_after_the_call_does_not_make_the_ended_one_superseded() {
    let tokens = [
        token("gho_old_token", 3, Some((9, EndCause::Revoked))),
        token("gho_later", 12, None),
    ];
    let verdict = judged(StepKind::Plain, &[revoked(9, "gho_old_token")], &tokens);
    assert_eq!(
        verdict.violations.len(),
        1,
        "held when it ended: {verdict:?}"
    );
}

#[test]
fn what_the_provider_ends_itself_is_a_note_never_a_violation() {
    let tokens = [token("gho_oldest", 1, Some((20, EndCause::TokenLimit)))];
    let mut limit = call(20, None, Outcome::Accepted, &["gho_oldest"]);
    limit.kind = EventKind::TokenLimit;
    limit.revocation = None;
    limit.summary = "GitHub's own limit".into();
    let verdict = judged(StepKind::Plain, &[limit], &tokens);
    assert!(verdict.violations.is_empty(), "{verdict:?}");
    let first = &verdict.notes[0];
    assert!(first.starts_with("not the app's doing"), "{verdict:?}");
}

#[test]
fn the_user_removing_the_app_at_the_provider_is_a_note_never_a_violation() {
    // The token the app holds, ended at GitHub's settings page: a page the user submitted,
    // not a call of the app, and not under `/__mock/` either: the cause alone says so.
    let mut held = token("gho_held_token", 3, Some((9, EndCause::UserRemovedAccess)));
    let ending = held.ended.as_mut().unwrap();
    ending.endpoint = Some("POST /settings/applications/revoke".into());
    ending.why = "ada removed the app's access at GitHub".into();
    let mut removed = call(9, None, Outcome::Accepted, &["gho_held_token"]);
    removed.kind = EventKind::UserRemovedAccess;
    removed.revocation = None;
    removed.endpoint = Some("POST /settings/applications/revoke".into());
    let tokens = [held];
    for kind in [StepKind::Plain, StepKind::Disconnect(Provider::Google)] {
        let verdict = judged(kind, std::slice::from_ref(&removed), &tokens);
        assert!(verdict.violations.is_empty(), "{verdict:?}");
        assert!(verdict.unnecessary.is_empty(), "{verdict:?}");
        assert_says(
            &verdict.notes[0],
            &[
                "not the app's doing",
                "ada removed the app's access at GitHub, which ended gho_held_t…",
            ],
        );
    }
}

#[test]
fn what_the_provider_ends_of_a_token_from_before_the_check_goes_unmentioned() {
    let tokens = [
        token("gho_earlier_run", 1, Some((20, EndCause::TokenLimit))),
        token("gho_this_check", 19, None),
    ];
    let mut limit = call(20, None, Outcome::Accepted, &["gho_earlier_run"]);
    limit.kind = EventKind::TokenLimit;
    limit.revocation = None;
    let verdict = judged_from(15, StepKind::Plain, &[limit], &tokens);
    assert_eq!(verdict, Verdict::default(), "an earlier run's token");
}

#[test]
fn the_app_ending_a_token_from_before_the_check_is_still_judged() {
    let tokens = [token("gho_earlier_run", 3, Some((20, EndCause::Revoked)))];
    let verdict = judged_from(
        15,
        StepKind::Plain,
        &[revoked(20, "gho_earlier_run")],
        &tokens,
    );
    assert_eq!(verdict.violations.len(), 1, "the app did it: {verdict:?}");
}

#[test]
fn refused_calls_are_judged_by_the_token_they_name() {
    let tokens = [
        token("gho_old_token", 3, None),
        token("gho_held_token", 7, None),
    ];
    let at_held = judged(
        StepKind::Plain,
        &[call(9, Some("gho_held_token"), Outcome::Rejected, &[])],
        &tokens,
    );
    assert_says(&at_held.violations[0], &["tried to end gho_held_t…"]);
    let at_old = judged(
        StepKind::Plain,
        &[call(9, Some("gho_old_token"), Outcome::Rejected, &[])],
        &tokens,
    );
    assert!(
        at_old.violations.is_empty() && at_old.notes[0].starts_with("tidy-up refused during"),
        "{at_old:?}"
    );
    let at_nothing = judged(
        StepKind::Plain,
        &[call(9, None, Outcome::Rejected, &[])],
        &tokens,
    );
    assert_says(&at_nothing.violations[0], &["naming no token it knows"]);
}

#[test]
fn a_disconnect_may_end_its_own_providers_tokens() {
    let tokens = [token("gho_held_token", 3, Some((9, EndCause::Revoked)))];
    let events = [call(
        9,
        Some("gho_held_token"),
        Outcome::Accepted,
        &["gho_held_token"],
    )];
    let own = judged(StepKind::Disconnect(Provider::GitHub), &events, &tokens);
    assert_eq!(own, Verdict::default());
    let other = judged(StepKind::Disconnect(Provider::Google), &events, &tokens);
    assert_says(&other.violations[0], &["which disconnects Google only"]);
}

#[test]
fn held_and_alive_read_the_latest_and_the_live_tokens() {
    let tokens = [
        token("a", 1, None),
        token("b", 5, Some((6, EndCause::Revoked))),
        token("c", 4, None),
    ];
    assert_eq!(held(&tokens, APP).unwrap().token, "b");
    let live: Vec<&str> = alive(&tokens, APP)
        .iter()
        .map(|t| t.token.as_str())
        .collect();
    assert_eq!(live, ["a", "c"]);
    assert!(held(&tokens, "other").is_none());
}
