//! Every call of a provider endpoint kept in full on its events (`src/recording/`), as
//! `GET /__mock/events` serves it: the request and the answer, with the client secret and
//! the Basic password masked and every token, code and cookie value shortened, bodies cut
//! at 2 KiB (and said to be), a call a fault answered or dropped kept as the client met it,
//! and the timeline's row of a call opening to it.

use common::page::short_token;
use mock_providers::api::{BODY_KEPT, EventRecord, EventsDoc, ExchangeRecord};
use reqwest::Method;
use serde_json::json;

use crate::github::support::{self as gh, CLIENT, SECRET};
use crate::google::support::{self as google, ada_tokens};
use crate::helpers::{self, Fetch, document, post_json, spawn};

/// The newest event of `kind` at the mock at `base`, read through `/__mock/events`.
async fn newest(base: &str, kind: &str) -> EventRecord {
    let doc: EventsDoc = document(&format!("{base}/__mock/events?kind={kind}")).await;
    doc.events.into_iter().last().expect("the event")
}

/// The call kept on `event`, and the same as the JSON `/__mock/events` serves.
fn kept(event: &EventRecord) -> (&ExchangeRecord, String) {
    let exchange = event.exchange.as_deref().expect("the call, kept in full");
    (exchange, serde_json::to_string(exchange).unwrap())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    let found = headers.iter().find(|(n, _)| n == name);
    found.map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn a_code_exchange_is_kept_with_the_secret_masked_and_the_code_and_token_shortened() {
    let t = gh::spawn().await;
    let code = gh::code(&t.github, "ada", &[("scope", "read:user")]).await;
    let answer = gh::exchange(&t.github, &gh::client_form(&code)).await;
    let token = &answer["access_token"];
    let event = newest(&t.github, "code_exchanged").await;
    let (call, json) = kept(&event);
    let sent = &call.request;
    assert_eq!(
        (sent.method.as_str(), sent.url.as_str()),
        ("POST", "/login/oauth/access_token")
    );
    assert_eq!(header(&sent.headers, "accept"), Some("application/json"));
    let form = format!(
        "client_id={CLIENT}&client_secret=••••••••&code={}",
        short_token(&code)
    );
    assert_eq!(sent.body, form);
    let sent_form = serde_urlencoded::to_string(gh::client_form(&code)).unwrap();
    assert_eq!((sent.body_len, sent.body_cut), (sent_form.len(), false));
    let answered = call.response.as_ref().expect("an answer");
    assert_eq!(answered.status, 200);
    assert!(
        answered
            .body
            .contains(&format!("\"access_token\":\"{}\"", short_token(token))),
        "{}",
        answered.body
    );
    for whole in [SECRET, code.as_str(), token.as_str()] {
        assert!(!json.contains(whole), "{whole} whole in {json}");
    }
}

#[tokio::test]
async fn exchange_0_leaves_the_calls_out_and_another_value_is_a_400() {
    let t = gh::spawn().await;
    gh::token(&t.github, "ada", "read:user").await;
    let url = format!("{}/__mock/events?kind=code_exchanged", t.github);
    let with: EventsDoc = document(&format!("{url}&exchange=1")).await;
    let without: EventsDoc = document(&format!("{url}&exchange=0")).await;
    assert!(with.events[0].exchange.is_some(), "kept with exchange=1");
    assert_eq!(without.events[0].exchange, None, "left out with exchange=0");
    let rest = |doc: EventsDoc| -> Vec<EventRecord> {
        let strip = |e: EventRecord| EventRecord {
            exchange: None,
            ..e
        };
        doc.events.into_iter().map(strip).collect()
    };
    assert_eq!(rest(with), rest(without), "the same events otherwise");
    let (status, body) = helpers::get_json(&format!("{url}&exchange=no")).await;
    assert_eq!(status, 400);
    assert!(
        body["error"].as_str().unwrap().contains("`exchange`"),
        "{body}"
    );
}

#[tokio::test]
async fn basic_auth_shows_the_client_id_and_masks_the_password() {
    let t = gh::spawn().await;
    let token = gh::token(&t.github, "ada", "read:user").await;
    assert_eq!(gh::revoke(&t.github, "token", &token).await, 204);
    let event = newest(&t.github, "revocation").await;
    let (call, json) = kept(&event);
    assert_eq!(
        header(&call.request.headers, "authorization"),
        Some(format!("Basic {CLIENT}:••••••••").as_str())
    );
    let body = format!("{{\"access_token\":\"{}\"}}", short_token(&token));
    assert_eq!(call.request.body, body);
    assert_eq!(call.response.as_ref().map(|a| a.status), Some(204));
    for whole in [SECRET, token.as_str()] {
        assert!(!json.contains(whole), "{whole} whole in {json}");
    }
}

#[tokio::test]
async fn googles_tokens_refresh_token_id_token_and_cookies_are_shortened() {
    let t = spawn().await;
    let (_browser, answer) = ada_tokens(&t).await;
    let [access, refresh, id] =
        google::fields(&answer, ["access_token", "refresh_token", "id_token"]);
    let (exchanged, json) = kept_at(&t.google, "code_exchanged").await;
    assert!(
        exchanged.request.body.contains("client_secret=••••••••"),
        "{json}"
    );
    for whole in [google::SECRET, access, refresh, id] {
        assert!(!json.contains(whole), "{whole} whole in {json}");
    }
    assert!(json.contains(&short_token(refresh)), "{json}");
    let (signed_in, json) = kept_at(&t.google, "provider_login").await;
    let answer = signed_in.response.as_ref().unwrap();
    let cookie = header(&answer.headers, "set-cookie").unwrap();
    let (value, _) = cookie
        .strip_prefix("SID=")
        .unwrap()
        .split_once(';')
        .unwrap();
    assert!(
        value.ends_with('…') && value.chars().count() == 11,
        "{json}"
    );
}

async fn kept_at(base: &str, kind: &str) -> (ExchangeRecord, String) {
    let event = newest(base, kind).await;
    let (call, json) = kept(&event);
    (call.clone(), json)
}

#[tokio::test]
async fn bodies_are_cut_at_two_kib_and_say_so() {
    let t = spawn().await;
    let padding = "p".repeat(10_000);
    let form = [("token", "unknown"), ("pad", padding.as_str())];
    let request = helpers::api()
        .post(format!("{}/revoke", t.google))
        .form(&form);
    assert_eq!(request.fetch_status().await, 400);
    let (call, _) = kept_at(&t.google, "revocation").await;
    let sent = &call.request;
    assert_eq!(sent.body_len, "token=unknown&pad=".len() + padding.len());
    assert_eq!(sent.body.len(), BODY_KEPT);
    assert!(sent.body_cut, "{sent:?}");
    assert!(
        sent.body.starts_with("token=unknown&pad=ppp"),
        "{}",
        &sent.body[..40]
    );
    let answer = call.response.as_ref().unwrap();
    assert!(
        !answer.body_cut && answer.body.contains("invalid_token"),
        "{answer:?}"
    );
}

#[tokio::test]
async fn a_call_a_fault_answered_or_dropped_is_kept_as_the_client_met_it() {
    let t = spawn().await;
    let faults = format!("{}/__mock/faults", t.google);
    let answer = json!({"endpoint": "revoke", "count": 1, "status": 503});
    assert_eq!(post_json(&faults, answer).await.0, 201);
    assert_eq!(google::revoke(&t.google, "ya29.any").await.0, 503);
    let (answered, _) = kept_at(&t.google, "revocation").await;
    let answer = answered.response.as_ref().unwrap();
    assert_eq!(answer.status, 503);
    assert!(answer.body.contains("mock fault"), "{answer:?}");
    let dropped = json!({"endpoint": "revoke", "count": 1, "drop_connection": true});
    assert_eq!(post_json(&faults, dropped).await.0, 201);
    let request = helpers::api().post(format!("{}/revoke", t.google));
    assert!(request.form(&[("token", "ya29.any")]).send().await.is_err());
    let (dropped, _) = kept_at(&t.google, "revocation").await;
    assert_eq!(dropped.response, None, "no answer was sent");
    assert_eq!(dropped.request.body, "token=ya29.any");
}

#[tokio::test]
async fn a_page_is_kept_without_its_body_and_the_inspection_api_not_at_all() {
    let t = spawn().await;
    let faults = format!("{}/__mock/faults", t.github);
    let slow = json!({"endpoint": "home", "count": 1, "delay_ms": 1});
    assert_eq!(post_json(&faults, slow).await.0, 201);
    let page = helpers::browser()
        .get(format!("{}/", t.github))
        .fetch_text()
        .await;
    let (call, _) = kept_at(&t.github, "fault_applied").await;
    let answer = call.response.as_ref().unwrap();
    assert_eq!((answer.status, answer.body.as_str()), (200, ""));
    assert_eq!((answer.body_len, answer.body_cut), (page.len(), true));
    let admin = newest(&t.github, "fault_injected").await;
    assert_eq!(admin.exchange, None, "/__mock/ is not kept");
}

#[tokio::test]
async fn the_timeline_row_of_a_call_opens_to_it_escaped() {
    let t = spawn().await;
    let form = [
        ("client_id", CLIENT),
        ("client_secret", SECRET),
        ("code", "<b>bad</b>"),
    ];
    let request = helpers::api().post(format!("{}/login/oauth/access_token", t.github));
    let request = request
        .header("X-Note", "<script>alert(1)</script>")
        .form(&form);
    assert_eq!(request.fetch_status().await, 200);
    let page = helpers::api()
        .get(format!("{}/__mock/timeline", t.github))
        .fetch_text()
        .await;
    let (_, row) = page.split_once("<tr data-key=\"github-").expect("the row");
    let row = row.split_once("</tr>").unwrap().0;
    assert!(
        row.contains("<details class=\"exchange\"><summary>"),
        "{row}"
    );
    for shown in [
        "<pre class=\"http\"><code>POST /login/oauth/access_token\n",
        "x-note: &lt;script&gt;alert(1)&lt;/script&gt;",
        "client_secret=••••••••&amp;code=%3Cb%3Ebad…",
        "<p class=\"part\">Answer</p><pre class=\"http\"><code>HTTP 200",
        "bad_verification_code",
    ] {
        assert!(row.contains(shown), "{shown} in {row}");
    }
    assert!(!page.contains("<script>alert"), "escaped");
    assert!(!page.contains(SECRET), "masked");
}

#[tokio::test]
async fn a_call_of_another_method_is_kept_too() {
    let t = gh::spawn().await;
    let token = gh::token(&t.github, "ada", "read:user").await;
    let body = gh::token_body(&token);
    let call = gh::app_call(&t.github, Method::POST, "token", (CLIENT, SECRET), &body).await;
    assert_eq!(
        call.status(),
        404,
        "GitHub's check of a token is not served"
    );
    let (refused, json) = kept_at(&t.github, "revocation").await;
    assert_eq!(refused.request.method, "POST");
    assert_eq!(refused.response.map(|r| r.status), Some(404));
    assert!(!json.contains(&token), "the token is shortened: {json}");
}
