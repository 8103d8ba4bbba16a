//! Recording what happened: events, and revocation calls (which are events too).

use std::time::SystemTime;

use super::calls;
use super::clock::rfc3339;
use super::inner::Inner;
use crate::api::{EventKind, EventRecord, Outcome, RevocationRecord};

/// Details an event may carry besides its kind and summary.
#[derive(Debug, Clone, Default)]
pub struct EventInfo {
    pub user: Option<String>,
    pub client_id: Option<String>,
    pub endpoint: Option<String>,
    /// Tokens the event issued.
    pub issued: Vec<String>,
    /// Tokens the event ended.
    pub ended: Vec<String>,
}

/// The longest text an event or a revocation record keeps in one field (a summary, a token
/// as presented, a reason), in bytes: what a request carries is bounded by the request, up
/// to megabytes, and a record is a line, not a copy.
pub const FIELD_KEPT: usize = 1024;

/// `text` cut at [`FIELD_KEPT`] bytes, on a character's boundary, with `…` when it was.
fn clip(mut text: String) -> String {
    if text.len() > FIELD_KEPT {
        let mut end = FIELD_KEPT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
    }
    text
}

fn clip_opt(text: Option<String>) -> Option<String> {
    text.map(clip)
}

impl Inner {
    /// Pushes the event numbered `seq` (from [`Inner::take_seq`]).
    pub fn push_event(
        &mut self,
        seq: u64,
        kind: EventKind,
        summary: String,
        info: EventInfo,
        now: SystemTime,
    ) {
        self.events.push(EventRecord {
            seq,
            time: rfc3339(now),
            provider: self.provider,
            kind,
            summary: clip(summary),
            user: clip_opt(info.user),
            client_id: clip_opt(info.client_id),
            endpoint: clip_opt(info.endpoint),
            issued: info.issued,
            ended: info.ended,
            revocation: None,
            exchange: None,
        });
        calls::note(seq);
        self.notify();
    }

    /// Records an event that changes nothing else; returns its sequence number.
    pub fn record(
        &mut self,
        kind: EventKind,
        summary: String,
        info: EventInfo,
        now: SystemTime,
    ) -> u64 {
        let seq = self.take_seq();
        self.push_event(seq, kind, summary, info, now);
        seq
    }

    /// Pushes the revocation call numbered `seq` to the revocation log and, as a
    /// `revocation` event, to the event log.
    pub fn push_revocation(
        &mut self,
        seq: u64,
        mut record: RevocationRecord,
        now: SystemTime,
    ) -> RevocationRecord {
        record.seq = seq;
        record.time = rfc3339(now);
        record.provider = self.provider;
        record.endpoint = clip(record.endpoint);
        record.client_id = clip_opt(record.client_id);
        record.token = clip_opt(record.token);
        record.user = clip_opt(record.user);
        record.reason = clip_opt(record.reason);
        let summary = match record.outcome {
            Outcome::Accepted => format!("revocation accepted: {}", record.endpoint),
            Outcome::Rejected => format!(
                "revocation rejected ({}): {}",
                record.status,
                record.reason.as_deref().unwrap_or("no reason")
            ),
        };
        self.events.push(EventRecord {
            seq,
            time: record.time.clone(),
            provider: self.provider,
            kind: EventKind::Revocation,
            summary,
            user: record.user.clone(),
            client_id: record.client_id.clone(),
            endpoint: Some(record.endpoint.clone()),
            issued: Vec::new(),
            ended: record.revoked_tokens.clone(),
            revocation: Some(record.clone()),
            exchange: None,
        });
        calls::note(seq);
        self.revocations.push(record.clone());
        self.notify();
        record
    }
}
