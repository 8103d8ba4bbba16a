//! The sample's exchanges, built as a run builds them ([`crate::sequence`]) from what a
//! browser sent and what the mock GitHub recorded: a login whose redirect carries the client
//! secret (a mistake the checks catch), a code exchange the mock kept in full, a `/me`
//! answering the full token, a logout that clears the session cookie and revokes the held
//! token with Basic auth (judged unnecessary; kept in full), and before it a revocation the
//! app retried on its own, which GitHub refused (not kept in full). The calls kept in full
//! carry their secrets whole, as a mock that did not mask them would: the report's own
//! masking must hide them.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::Provider;
use common::defaults::GITHUB_CLIENT_SECRET;
use mock_providers::api::{
    EventKind, EventRecord, ExchangeRecord, Outcome, RequestRecord, ResponseRecord,
    RevocationRecord,
};
use url::Url;

use crate::client::{Kept, Received, Sent};
use crate::report::Exchange;
use crate::sequence::{self, Lifelines};

const APP: &str = "http://127.0.0.1:3000";
const GITHUB: &str = "http://127.0.0.1:3001";
const GOOGLE: &str = "http://127.0.0.1:3002";
/// The token the app holds: whole in the records, never whole in a report.
pub const TOKEN: &str = "gho_Xw0nPKa9Qe3Lr5Tt7Uv8Wx1Yz2Ab4Cd6Ef";
/// A token of an earlier login, which a retry names.
pub const OLD_TOKEN: &str = "gho_0ldT0kenOfAnEarlierLoginAbcdefghijk";
/// A session id: whole in the records, shortened in a report.
pub const SESSION: &str = "s3ss10n1dW1thEnoughCharactersToMatter";
const REVOKE: &str = "DELETE /applications/logout-lab-github/token";
/// `Basic` credentials: `logout-lab-github:logout-lab-github-secret`, base64-encoded.
pub const BASIC: &str = "Basic bG9nb3V0LWxhYi1naXRodWI6bG9nb3V0LWxhYi1naXRodWItc2VjcmV0";

fn lifelines() -> Lifelines {
    let url = |u: &str| Url::parse(u).unwrap();
    Lifelines::new(&url(APP), &url(GITHUB), &url(GOOGLE))
}

/// `ms` milliseconds after an instant of the mocks' clock.
fn at(ms: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_700_000_000) + Duration::from_millis(ms)
}

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

/// A browser's exchange from `ms` to `ms + 2`: the request (with a session cookie when
/// `cookie`) and its answer.
fn sent(method: &'static str, url: &str, cookie: bool, answer: Received, ms: u64) -> Sent {
    let mut sent = vec![("User-Agent", "logout-lab-checker/0.1.0")];
    let cookie_header = format!("session={SESSION}");
    if cookie {
        sent.push(("Cookie", cookie_header.as_str()));
    }
    if method == "POST" {
        sent.push(("Origin", APP));
    }
    Sent {
        method,
        url: Url::parse(url).unwrap(),
        headers: headers(&sent),
        body: (method == "POST").then(|| Kept::new("")),
        answer: Ok(answer),
        started: at(ms),
        finished: at(ms + 2),
    }
}

fn answer(status: u16, pairs: &[(&str, &str)], body: &str) -> Received {
    Received {
        status,
        headers: headers(pairs),
        body: Kept::new(body),
    }
}

fn event(seq: u64, ms: u64, kind: EventKind, endpoint: &str, summary: &str) -> EventRecord {
    EventRecord {
        seq,
        time: humantime::format_rfc3339_millis(at(ms)).to_string(),
        provider: Provider::GitHub,
        kind,
        summary: summary.into(),
        user: Some("ada".into()),
        client_id: Some("logout-lab-github".into()),
        endpoint: Some(endpoint.into()),
        issued: vec![],
        ended: vec![],
        revocation: None,
        exchange: None,
    }
}

/// A call as a mock keeps it: `method url`, its headers and body, the answer's status,
/// headers and body.
fn kept(call: &str, headers: &[(&str, &str)], body: &str, answer: Received) -> ExchangeRecord {
    let (method, url) = call.split_once(' ').unwrap();
    ExchangeRecord {
        request: RequestRecord {
            method: method.into(),
            url: url.into(),
            headers: self::headers(headers),
            body: body.into(),
            body_len: body.len(),
            body_cut: false,
        },
        response: Some(ResponseRecord {
            status: answer.status,
            headers: answer.headers,
            body: answer.body.text.clone(),
            body_len: answer.body.text.len(),
            body_cut: false,
        }),
    }
}

/// The code exchange, its client secret in the form.
fn code_exchange() -> ExchangeRecord {
    let form = format!(
        "grant_type=authorization_code&client_id=logout-lab-github&client_secret={GITHUB_CLIENT_SECRET}&code=c0de0123456789abcdef"
    );
    let token = format!("{{\"access_token\":\"{TOKEN}\",\"token_type\":\"bearer\"}}");
    let answer = answer(200, &[("content-type", "application/json")], &token);
    let sent = [
        ("accept", "application/json"),
        ("content-type", "application/x-www-form-urlencoded"),
    ];
    kept("POST /login/oauth/access_token", &sent, &form, answer)
}

/// The logout's revocation, with the client's id and secret as Basic auth.
fn revoke_call() -> ExchangeRecord {
    let sent = [("authorization", BASIC), ("user-agent", "app")];
    let body = format!("{{\"access_token\":\"{TOKEN}\"}}");
    kept(REVOKE, &sent, &body, answer(204, &[], ""))
}

fn revocation(seq: u64, ms: u64, token: &str, status: u16, reason: Option<&str>) -> EventRecord {
    let record = RevocationRecord {
        seq,
        token: Some(token.into()),
        outcome: if reason.is_none() {
            Outcome::Accepted
        } else {
            Outcome::Rejected
        },
        reason: reason.map(Into::into),
        revoked_tokens: if reason.is_none() {
            vec![token.into()]
        } else {
            vec![]
        },
        ..RevocationRecord::refused(Provider::GitHub, REVOKE.into(), status, String::new())
    };
    EventRecord {
        ended: record.revoked_tokens.clone(),
        revocation: Some(record),
        ..event(seq, ms, EventKind::Revocation, REVOKE, "revocation")
    }
}

/// A GitHub login hop by hop, the app's calls inside the callback, then `GET /me`.
pub fn login() -> Vec<Exchange> {
    let authorize = format!(
        "{GITHUB}/login/oauth/authorize?client_id=logout-lab-github&client_secret=logout-lab-github-secret&state=st4te"
    );
    let set_session = format!("session={SESSION}; Path=/; HttpOnly; SameSite=Lax");
    let me = format!("{{\"login\":\"ada\",\"githubId\":1,\"token\":\"{TOKEN}\"}}");
    let json = [("content-type", "application/json")];
    let sent = [
        sent(
            "GET",
            &format!("{APP}/auth/github"),
            false,
            answer(302, &[("location", &authorize)], ""),
            0,
        ),
        sent("GET", &authorize, false, answer(302, &[], ""), 3),
        sent(
            "GET",
            &format!("{APP}/auth/github/callback?code=c0de&state=st4te"),
            false,
            answer(302, &[("set-cookie", &set_session)], ""),
            6,
        ),
        sent(
            "GET",
            &format!("{APP}/me"),
            true,
            answer(200, &json, &me),
            10,
        ),
    ];
    let mut exchanged = event(
        4,
        7,
        EventKind::CodeExchanged,
        "POST /login/oauth/access_token",
        "code exchanged by logout-lab-github",
    );
    exchanged.issued = vec![TOKEN.into()];
    exchanged.exchange = Some(Arc::new(code_exchange()));
    let used = event(5, 7, EventKind::TokenUsed, "GET /user", "token used");
    sequence::exchanges(&lifelines(), &sent, &[exchanged, used], &[])
}

/// A revocation retried in the background (refused), then `POST /logout` revoking the held
/// token during the request: judged unnecessary.
pub fn logout() -> Vec<Exchange> {
    let cleared = [
        ("set-cookie", "session=; Path=/; Max-Age=0"),
        ("location", "/"),
    ];
    let sent = [sent(
        "POST",
        &format!("{APP}/logout"),
        true,
        answer(302, &cleared, ""),
        20,
    )];
    let mut revoked = revocation(7, 21, TOKEN, 204, None);
    revoked.exchange = Some(Arc::new(revoke_call()));
    let events = [
        revocation(6, 15, OLD_TOKEN, 404, Some("the token is not known")),
        revoked,
    ];
    sequence::exchanges(&lifelines(), &sent, &events, &[(Provider::GitHub, 7)])
}
