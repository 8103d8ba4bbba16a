use std::sync::Arc;
use std::time::Duration;

use mock_providers::api::{
    ExchangeRecord, Outcome, RequestRecord, ResponseRecord, RevocationRecord,
};

use super::*;
use crate::client::{Kept, Received};
use crate::report::{Full, Message, Unit};

const APP: &str = "http://127.0.0.1:3000";
const GITHUB: &str = "http://127.0.0.1:3001";
const GOOGLE: &str = "http://127.0.0.1:3002";

fn lifelines() -> Lifelines {
    let url = |u: &str| Url::parse(u).unwrap();
    Lifelines::new(&url(APP), &url(GITHUB), &url(GOOGLE))
}

/// `ms` milliseconds after an instant of the mocks' clock.
fn at(ms: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_700_000_000) + Duration::from_millis(ms)
}

fn sent(method: &'static str, url: &str, status: u16, from_ms: u64, to_ms: u64) -> Sent {
    Sent {
        method,
        url: Url::parse(url).unwrap(),
        headers: vec![],
        body: None,
        answer: Ok(Received {
            status,
            headers: vec![],
            body: Kept::default(),
        }),
        started: at(from_ms),
        finished: at(to_ms),
    }
}

fn event(seq: u64, ms: u64, kind: EventKind, endpoint: &str) -> EventRecord {
    EventRecord {
        seq,
        time: humantime::format_rfc3339_millis(at(ms)).to_string(),
        provider: Provider::GitHub,
        kind,
        summary: String::new(),
        user: Some("grace".into()),
        client_id: None,
        endpoint: Some(endpoint.into()),
        issued: vec![],
        ended: vec![],
        revocation: None,
        exchange: None,
    }
}

fn revocation(seq: u64, ms: u64) -> EventRecord {
    let endpoint = "DELETE /applications/logout-lab-github/token";
    EventRecord {
        revocation: Some(RevocationRecord {
            seq,
            token: Some("gho_0123456789abcdef".into()),
            outcome: Outcome::Accepted,
            status: 204,
            reason: None,
            ..RevocationRecord::refused(Provider::GitHub, endpoint.into(), 204, String::new())
        }),
        ..event(seq, ms, EventKind::Revocation, endpoint)
    }
}

fn lines(exchanges: &[Exchange]) -> Vec<String> {
    exchanges
        .iter()
        .map(|e| {
            let inside = match e.timing {
                Timing::Request => "",
                Timing::During => "  ",
                Timing::After => "after: ",
                Timing::Between => "between: ",
            };
            let answer = match &e.answer {
                Answer::Status(status) => status.to_string(),
                Answer::Recorded(what) => what.clone(),
                Answer::Nothing => "nothing".into(),
            };
            let (from, to) = (e.from.name(), e.to.name());
            format!("{inside}{from}>{to} {} {} {answer}", e.method, e.path)
        })
        .collect()
}

#[test]
fn calls_during_an_exchange_go_inside_it_and_a_late_one_after_it() {
    let sent = [
        sent(
            "GET",
            &format!("{GITHUB}/login/oauth/authorize?x=1"),
            302,
            0,
            2,
        ),
        sent(
            "GET",
            &format!("{APP}/auth/github/callback?code=c"),
            302,
            3,
            9,
        ),
        sent("POST", &format!("{APP}/logout"), 302, 20, 22),
    ];
    let events = [
        event(4, 1, EventKind::CodeIssued, "GET /login/oauth/authorize"),
        event(
            5,
            5,
            EventKind::CodeExchanged,
            "POST /login/oauth/access_token",
        ),
        event(6, 7, EventKind::TokenUsed, "GET /user?per_page=1"),
        revocation(7, 30),
    ];
    let exchanges = exchanges(&lifelines(), &sent, &events, &[(Provider::GitHub, 7)]);
    assert_eq!(
        lines(&exchanges),
        [
            "Browser>GitHub GET /login/oauth/authorize 302",
            "Browser>App GET /auth/github/callback 302",
            "  App>GitHub POST /login/oauth/access_token code exchanged",
            "  App>GitHub GET /user token used",
            "Browser>App POST /logout 302",
            "after: App>GitHub DELETE /applications/logout-lab-github/token 204",
        ],
        "the browser's own visit to the provider is drawn once, from the browser"
    );
    let revoked = exchanges[5].revocation.as_ref().expect("a revocation");
    assert_eq!(revoked.token.as_deref(), Some("gho_012345…"));
    assert!(revoked.accepted && revoked.unnecessary, "{revoked:?}");
}

#[test]
fn only_the_calls_the_judge_named_are_unnecessary() {
    let sent = [sent("POST", &format!("{APP}/logout"), 302, 0, 10)];
    let events = [revocation(3, 4)];
    let exchanges = exchanges(&lifelines(), &sent, &events, &[(Provider::Google, 3)]);
    let revoked = exchanges[1].revocation.as_ref().unwrap();
    assert!(!revoked.unnecessary, "another provider's call #3");
    assert_eq!(exchanges[1].timing, Timing::During);
}

#[test]
fn unknown_hosts_are_left_out_and_calls_without_a_readable_time_come_last() {
    let mut failed = sent("GET", &format!("{APP}/me"), 0, 5, 6);
    failed.answer = Err("connection refused".into());
    let sent = [sent("GET", "http://elsewhere.test/x", 200, 0, 1), failed];
    let mut untimed = event(9, 0, EventKind::TokenRefused, "GET /user");
    untimed.time = "not a time".into();
    let early = event(8, 0, EventKind::TokenUsed, "GET /user/emails");
    let exchanges = exchanges(&lifelines(), &sent, &[untimed, early], &[]);
    assert_eq!(
        lines(&exchanges),
        [
            "between: App>GitHub GET /user/emails token used",
            "Browser>App GET /me nothing",
            "after: App>GitHub GET /user token refused",
        ]
    );
}

#[test]
fn calls_before_the_steps_first_request_or_in_a_step_without_one_are_between_steps() {
    let sent = [sent("GET", &format!("{APP}/me"), 200, 10, 12)];
    let retries = [revocation(3, 2), revocation(4, 11)];
    let drawn = exchanges(&lifelines(), &sent, &retries, &[]);
    assert_eq!(
        lines(&drawn),
        [
            "between: App>GitHub DELETE /applications/logout-lab-github/token 204",
            "Browser>App GET /me 200",
            "  App>GitHub DELETE /applications/logout-lab-github/token 204",
        ],
        "a call made while /me was answered is drawn inside it: the mocks cannot tell more"
    );
    let alone = exchanges(&lifelines(), &[], &retries, &[]);
    assert!(
        alone.iter().all(|e| e.timing == Timing::Between),
        "{alone:?}"
    );
}

#[test]
fn a_browsers_exchange_keeps_its_request_and_answer_in_full() {
    let mut logout = sent("POST", &format!("{APP}/logout"), 302, 0, 2);
    logout.headers = vec![("Cookie".into(), "session=abc".into())];
    logout.body = Some(Kept::new("a=b"));
    logout.answer = Ok(Received {
        status: 302,
        headers: vec![("set-cookie".into(), "session=; Max-Age=0".into())],
        body: Kept::new(""),
    });
    let exchanges = exchanges(&lifelines(), &[logout], &[], &[]);
    let Full::Http {
        request,
        response,
        facts,
    } = &exchanges[0].full
    else {
        panic!("{:?}", exchanges[0].full)
    };
    assert_eq!(request.line, format!("POST {APP}/logout"));
    assert_eq!(request.headers, [("Cookie".into(), "session=abc".into())]);
    assert_eq!(request.body.as_ref().map(|b| b.text.as_str()), Some("a=b"));
    let expected = Message {
        line: "HTTP 302".into(),
        headers: vec![("set-cookie".into(), "session=; Max-Age=0".into())],
        body: None,
    };
    assert_eq!(response.as_ref(), Ok(&expected), "an empty body is no body");
    assert!(facts.is_empty(), "a browser's exchange is all there is");

    let mut failed = sent("GET", &format!("{APP}/me"), 0, 5, 6);
    failed.answer = Err("connection refused".into());
    let exchanges = exchanges_of(failed);
    let Full::Http { response, .. } = &exchanges[0].full else {
        panic!()
    };
    assert_eq!(response.as_ref().unwrap_err(), "connection refused");
}

fn exchanges_of(sent: Sent) -> Vec<Exchange> {
    exchanges(&lifelines(), &[sent], &[], &[])
}

/// A code exchange as the mock GitHub keeps it, and its answer (`None`: dropped).
fn kept(answer: Option<ResponseRecord>) -> Arc<ExchangeRecord> {
    Arc::new(ExchangeRecord {
        request: RequestRecord {
            method: "POST".into(),
            url: "/login/oauth/access_token?x=1".into(),
            headers: vec![("accept".into(), "application/json".into())],
            body: "client_id=a&client_secret=••••••••&code=0123456789…".into(),
            body_len: 70,
            body_cut: false,
        },
        response: answer,
    })
}

#[test]
fn an_app_call_the_mock_kept_opens_to_its_request_and_answer() {
    let mut exchanged = event(
        5,
        1,
        EventKind::CodeExchanged,
        "POST /login/oauth/access_token",
    );
    exchanged.summary = "code exchanged by logout-lab-github".into();
    exchanged.exchange = Some(kept(Some(ResponseRecord {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: String::new(),
        body_len: 5000,
        body_cut: true,
    })));
    let mut dropped = event(6, 2, EventKind::TokenUsed, "GET /user");
    dropped.exchange = Some(kept(None));
    let exchanges = exchanges(&lifelines(), &[], &[exchanged, dropped], &[]);
    assert_eq!(
        lines(&exchanges),
        [
            "between: App>GitHub POST /login/oauth/access_token 200 code exchanged",
            "between: App>GitHub GET /user nothing",
        ]
    );
    let Full::Http {
        request,
        response,
        facts,
    } = &exchanges[0].full
    else {
        panic!("{:?}", exchanges[0].full)
    };
    assert_eq!(
        request.line,
        format!("POST {GITHUB}/login/oauth/access_token?x=1")
    );
    assert_eq!(
        request.headers,
        [("accept".into(), "application/json".into())]
    );
    let body = request.body.as_ref().unwrap();
    assert_eq!((body.len, body.unit, body.cut), (70, Unit::Bytes, false));
    let answer = response.as_ref().unwrap();
    assert_eq!(answer.line, "HTTP 200");
    let kept_none = answer.body.as_ref().unwrap();
    assert!(kept_none.text.is_empty() && kept_none.cut, "{kept_none:?}");
    assert!(facts.contains(&(
        "recorded",
        format!("event #5 (code_exchanged) at {}", at_text(1))
    )));
    assert!(facts.contains(&(
        "the mock's words",
        "code exchanged by logout-lab-github".into()
    )));
    assert!(
        !facts.iter().any(|(label, _)| *label == "request"),
        "shown in full"
    );
    let Full::Http { response, .. } = &exchanges[1].full else {
        panic!()
    };
    assert!(response.as_ref().unwrap_err().contains("dropped"));
}

fn at_text(ms: u64) -> String {
    humantime::format_rfc3339_millis(at(ms)).to_string()
}

#[test]
fn an_app_call_the_mock_did_not_keep_shows_what_it_recorded_and_says_what_it_does_not() {
    let mut exchanged = event(
        5,
        1,
        EventKind::CodeExchanged,
        "POST /login/oauth/access_token",
    );
    exchanged.issued = vec!["gho_new".into()];
    exchanged.summary = "code exchanged by logout-lab-github".into();
    let mut refused = revocation(6, 2);
    if let Some(call) = &mut refused.revocation {
        call.outcome = Outcome::Rejected;
        call.status = 404;
        call.reason = Some("the token is not known".into());
    }
    let exchanges = exchanges(&lifelines(), &[], &[exchanged, refused], &[]);
    let facts = |i: usize| match &exchanges[i].full {
        Full::Recorded { facts, unrecorded } => (facts.clone(), *unrecorded),
        other => panic!("{other:?}"),
    };
    let (code, unrecorded) = facts(0);
    assert!(code.contains(&("request", format!("POST {GITHUB}/login/oauth/access_token"))));
    assert!(code.contains(&(
        "the mock's words",
        "code exchanged by logout-lab-github".into()
    )));
    assert!(code.contains(&("tokens issued", "gho_new".into())));
    assert!(code.contains(&("user", "grace".into())), "{code:?}");
    assert!(unrecorded.contains("headers and body"), "{unrecorded}");
    assert!(unrecorded.contains("status"), "{unrecorded}");
    let (revocation, unrecorded) = facts(1);
    assert!(
        revocation.contains(&("answer", "HTTP 404, refused: the token is not known".into())),
        "{revocation:?}"
    );
    assert!(revocation.contains(&("token named", "gho_0123456789abcdef".into())));
    assert!(
        !unrecorded.contains("status"),
        "a revocation's status is recorded"
    );
    assert!(
        unrecorded.contains("did not keep this call in full"),
        "{unrecorded}"
    );
    let call = exchanges[1].revocation.as_ref().unwrap();
    assert_eq!(call.reason.as_deref(), Some("the token is not known"));
}
