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
            summary,
            user: info.user,
            client_id: info.client_id,
            endpoint: info.endpoint,
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
