//! `GET /__mock/events/stream`: the event log, live, as server-sent events; where it starts
//! (`since`, `Last-Event-ID`, now), and that it ends when the mock stops.

use std::time::Duration;

use reqwest::Response;
use serde_json::Value;

use crate::github::support::{self as gh, CLIENT as GITHUB_CLIENT};
use crate::google::support::{ada_tokens, revoke};
use crate::helpers::{self, Fetch, assert_error, content_type, get_json, spawn};

/// How long a test waits for a message before failing.
const PATIENCE: Duration = Duration::from_secs(10);

/// An open event stream, read message by message.
pub(super) struct Events {
    pub(super) response: Response,
    buffer: String,
}

/// One SSE message: its `id` and its `data` as JSON.
#[derive(Debug)]
pub(super) struct Message {
    pub(super) id: Option<u64>,
    pub(super) data: Value,
}

impl Events {
    async fn open(base: &str, query: &str, last_event_id: Option<u64>) -> Events {
        let mut request = helpers::api().get(format!("{base}/__mock/events/stream{query}"));
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id.to_string());
        }
        Events::from(request).await
    }

    /// The stream at `url` (the timeline's, say), open.
    pub(super) async fn at(url: &str) -> Events {
        Events::from(helpers::api().get(url)).await
    }

    async fn from(request: reqwest::RequestBuilder) -> Events {
        let response = request.fetch().await;
        assert_eq!(response.status(), 200, "the stream opens");
        let kind = content_type(&response);
        assert!(kind.starts_with("text/event-stream"), "content type {kind}");
        Events {
            response,
            buffer: String::new(),
        }
    }

    /// The next message with data (keep-alive comments skipped), within [`PATIENCE`].
    pub(super) async fn next(&mut self) -> Message {
        tokio::time::timeout(PATIENCE, self.read())
            .await
            .expect("a message arrives in time")
    }

    async fn read(&mut self) -> Message {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                if let Some(message) = parse(&block) {
                    return message;
                }
                continue;
            }
            let chunk = self.response.chunk().await.expect("the stream reads");
            let chunk = chunk.expect("the stream stays open");
            self.buffer.push_str(std::str::from_utf8(&chunk).unwrap());
        }
    }

    /// Messages up to the first of `kind` that names `token` (issued or ended).
    async fn until(&mut self, kind: &str, token: &str) -> Message {
        loop {
            let message = self.next().await;
            let data = &message.data;
            let names = ["issued", "ended"].iter().any(|list| {
                data[list]
                    .as_array()
                    .is_some_and(|l| l.contains(&token.into()))
            });
            if data["kind"] == kind && names {
                return message;
            }
        }
    }
}

fn parse(block: &str) -> Option<Message> {
    let mut id = None;
    let mut data = String::new();
    for line in block.lines() {
        if let Some(value) = line.strip_prefix("id:") {
            id = value.trim().parse().ok();
        } else if let Some(value) = line.strip_prefix("data:") {
            data.push_str(value.trim_start());
        }
    }
    let data = serde_json::from_str(&data).ok()?;
    Some(Message { id, data })
}

#[tokio::test]
async fn the_stream_tells_of_a_token_issued_then_revoked_as_it_happens() {
    let t = spawn().await;
    let base = &t.github;
    let mut events = Events::open(base, "", None).await;
    let token = gh::token(base, "ada", "read:user").await;
    let issued = events.until("code_exchanged", &token).await;
    assert_eq!(issued.data["client_id"], GITHUB_CLIENT);
    assert_eq!(issued.id, issued.data["seq"].as_u64(), "the id is the seq");
    assert_eq!(gh::revoke(base, "token", &token).await, 204);
    let revoked = events.until("revocation", &token).await;
    assert_eq!(revoked.data["revocation"]["outcome"], "accepted");
    assert!(revoked.id > issued.id, "later events have larger ids");
}

#[tokio::test]
async fn since_replays_the_log_and_last_event_id_resumes_after_it() {
    let t = spawn().await;
    let base = &t.google;
    let (_browser, tokens) = ada_tokens(&t).await;
    let access = tokens["access_token"].as_str().unwrap().to_string();
    let mut replay = Events::open(base, "?since=0", None).await;
    let first = replay.next().await;
    assert_eq!(first.id, Some(1), "since=0 starts at the first event");
    let exchanged = replay.until("code_exchanged", &access).await;
    assert_eq!(revoke(base, &access).await.0, 200);
    let revoked = replay.until("revocation", &access).await;
    let mut resumed = Events::open(base, "", exchanged.id).await;
    let next = resumed.next().await;
    assert_eq!(
        next.id,
        exchanged.id.map(|id| id + 1),
        "a reconnect resumes after its Last-Event-ID"
    );
    assert!(next.id <= revoked.id);
}

#[tokio::test]
async fn a_bad_since_is_a_400_and_stopping_the_mock_ends_the_stream() {
    let t = spawn().await;
    let url = format!("{}/__mock/events/stream?since=soon", t.github);
    assert_error("since=soon", get_json(&url).await, 400, "since");
    let url = format!("{}/__mock/events/stream?verbose=1", t.github);
    assert_error("unknown parameter", get_json(&url).await, 400, "verbose");
    let mut events = Events::open(&t.github, "", None).await;
    let stopped = tokio::time::timeout(PATIENCE, t.mocks.shutdown()).await;
    assert!(stopped.is_ok(), "an open stream does not hold the shutdown");
    let end = tokio::time::timeout(PATIENCE, events.response.chunk()).await;
    let ended = end.expect("the stream ends in time");
    assert!(!matches!(ended, Ok(Some(_))), "no more data: {ended:?}");
}
