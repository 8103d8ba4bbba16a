//! The judge of each step: after every step, what the step ended at each provider, and
//! which revocation calls it tried, judged by the rules of [`crate::rules`].
//!
//! The judgement is about what is alive, not about calls: a step's events (from
//! `GET /__mock/events?since=`) say which tokens ended and which calls were refused; each
//! ended token's record (`GET /__mock/tokens?user=`) says what ended it and lets the judge
//! tell whether it was the token the app holds (the latest one issued to that user and
//! client when it ended) or a superseded one. Pure functions over the mocks' documents, so
//! every case is unit-tested here.

use common::Provider;
use mock_providers::api::{
    EndCause, EventKind, EventRecord, RevocationRecord, TokenKind, TokenRecord,
};

use crate::mocks::{describe_call, describe_token, short};

/// What a step may end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// Any step but a disconnect: it must leave the tokens the app holds alive.
    Plain,
    /// A disconnect of this provider: its tokens may end (the disconnect check judges them);
    /// the other provider's are kept as in a plain step.
    Disconnect(Provider),
}

impl StepKind {
    fn may_end(self, provider: Provider) -> bool {
        self == StepKind::Disconnect(provider)
    }

    /// How a message names the step's kind.
    fn which(self) -> String {
        match self {
            StepKind::Plain => "which is not a disconnect".into(),
            StepKind::Disconnect(p) => format!("which disconnects {} only", p.name()),
        }
    }
}

/// A step's events at one provider, and the tokens of every user they ended or named.
#[derive(Debug, Clone)]
pub struct Seen<'a> {
    pub provider: Provider,
    pub events: &'a [EventRecord],
    pub tokens: &'a [TokenRecord],
    /// The first sequence number of the check: what the provider ends by itself of a token
    /// issued before (the oldest of ten at GitHub, say) is no concern of this check's.
    pub began: u64,
}

/// What the judge found in a step.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Verdict {
    /// Tokens revoked unnecessarily, one line each: the call (or event), the token, why.
    pub violations: Vec<String>,
    /// Everything else worth showing: tidy-up, the provider's own doing.
    pub notes: Vec<String>,
    /// The calls (or events) behind the violations, by provider and sequence number.
    pub unnecessary: Vec<(Provider, u64)>,
}

/// The users whose tokens a step's events ended or named: the only ones the judge must read.
pub fn users_to_read(events: &[EventRecord]) -> Vec<String> {
    let mut users: Vec<String> = events
        .iter()
        .filter(|e| !e.ended.is_empty() || refused_call(e).is_some())
        .filter_map(|e| e.user.clone())
        .collect();
    users.sort();
    users.dedup();
    users
}

/// Whether the step's events need a judgement at all (the common case: nothing ended).
pub fn anything_to_judge(events: &[EventRecord]) -> bool {
    events
        .iter()
        .any(|e| !e.ended.is_empty() || refused_call(e).is_some())
}

fn refused_call(event: &EventRecord) -> Option<&RevocationRecord> {
    event.revocation.as_ref().filter(|r| !r.accepted())
}

/// Judges one provider's events of a step named `step`.
pub fn judge(step: &str, kind: StepKind, seen: &Seen<'_>, verdict: &mut Verdict) {
    let mut judged: Vec<&str> = Vec::new();
    for event in seen.events {
        for token in &event.ended {
            if judged.contains(&token.as_str()) {
                continue;
            }
            judged.push(token);
            if let Some(record) = seen.tokens.iter().find(|t| &t.token == token) {
                judge_ending(step, kind, seen, record, verdict);
            }
        }
        if let Some(call) = refused_call(event) {
            judge_refusal(step, kind, seen, call, verdict);
        }
    }
}

/// The token that `record` was superseded by when `seq` happened, if any: a later token of
/// the same user, client and kind, issued before `seq`.
pub fn superseded_by<'a>(
    record: &TokenRecord,
    seq: u64,
    tokens: &'a [TokenRecord],
) -> Option<&'a TokenRecord> {
    tokens.iter().rev().find(|t| {
        t.user == record.user
            && t.client_id == record.client_id
            && t.kind == record.kind
            && t.issued_seq > record.issued_seq
            && t.issued_seq < seq
    })
}

/// What ended `token`, as a message names it: the call (its number, and what it named when
/// that was another token), or the event.
fn ended_by(seen: &Seen<'_>, seq: u64, token: &str) -> String {
    let event = seen.events.iter().find(|e| e.seq == seq);
    match event {
        Some(EventRecord {
            revocation: Some(call),
            ..
        }) => {
            let mut line = format!(
                "{} {} (call #{})",
                call.provider.name(),
                call.endpoint,
                call.seq
            );
            if let Some(named) = call.token.as_deref().filter(|named| *named != token) {
                line.push_str(&format!(" naming {}", short(named)));
            }
            line
        }
        Some(event) => format!("{} ({} #{})", event.summary, event.kind, event.seq),
        None => format!("event #{seq}"),
    }
}

fn judge_ending(
    step: &str,
    kind: StepKind,
    seen: &Seen<'_>,
    record: &TokenRecord,
    verdict: &mut Verdict,
) {
    let Some(ending) = &record.ended else {
        return;
    };
    let by = ended_by(seen, ending.seq, &record.token);
    let token = describe_token(record);
    // The provider's own doing, never the app's: its limits, a reset, and the user removing
    // the app's access at the provider (its settings page, or the same from `/__mock/`).
    let by_the_provider = matches!(
        ending.cause,
        EndCause::TokenLimit | EndCause::UserRemovedAccess
    ) || ending
        .endpoint
        .as_deref()
        .is_some_and(|e| e.starts_with("POST /__mock/"));
    if by_the_provider && record.issued_seq < seen.began {
        return;
    }
    if by_the_provider {
        let (provider, why) = (seen.provider.name(), &ending.why);
        let what = match ending.cause {
            EndCause::UserRemovedAccess => format!("{why}, which ended {token}"),
            _ => format!("{provider} ended {token} itself ({why})"),
        };
        verdict
            .notes
            .push(format!("not the app's doing, during \"{step}\": {what}"));
        return;
    }
    if kind.may_end(seen.provider) {
        return;
    }
    match superseded_by(record, ending.seq, seen.tokens) {
        Some(newer) => verdict.notes.push(format!(
            "tidy-up during \"{step}\": {by} ended {token}, superseded by {}",
            short(&newer.token)
        )),
        None => {
            verdict.violations.push(format!(
                "during \"{step}\", {}, {by} ended {token}, the token the app holds now: {}{}",
                kind.which(),
                ending.cause.describe(),
                google_grant_note(seen.provider, ending.cause)
            ));
            verdict.unnecessary.push((seen.provider, ending.seq));
        }
    }
}

/// Why revoking another token ended the one held, at Google, as violations say it.
pub const GOOGLE_GRANT: &str = "Google ends the whole grant when any of its tokens is revoked";

fn google_grant_note(provider: Provider, cause: EndCause) -> String {
    if provider == Provider::Google && cause == EndCause::GrantRemoved {
        format!(" ({GOOGLE_GRANT})")
    } else {
        String::new()
    }
}

fn judge_refusal(
    step: &str,
    kind: StepKind,
    seen: &Seen<'_>,
    call: &RevocationRecord,
    verdict: &mut Verdict,
) {
    if kind.may_end(seen.provider) {
        return;
    }
    let named = call
        .token
        .as_deref()
        .and_then(|t| seen.tokens.iter().find(|r| r.token == t));
    let described = describe_call(call);
    match named {
        Some(record) if superseded_by(record, call.seq, seen.tokens).is_some() => {
            verdict.notes.push(format!(
                "tidy-up refused during \"{step}\": {described}, a superseded token"
            ));
        }
        Some(record) if record.kind == TokenKind::Access || record.kind == TokenKind::Refresh => {
            verdict.violations.push(format!(
                "during \"{step}\", {}, {described} tried to end {}, the token the app holds now",
                kind.which(),
                describe_token(record)
            ));
            verdict.unnecessary.push((seen.provider, call.seq));
        }
        _ => {
            verdict.violations.push(format!(
                "during \"{step}\", {}, {described} tried to revoke a token: the provider \
                 refused it, naming no token it knows, so whatever it aimed at, a step that is \
                 not a disconnect should not make it",
                kind.which()
            ));
            verdict.unnecessary.push((seen.provider, call.seq));
        }
    }
}

/// The live tokens a disconnect left behind: every active token of `user`'s at `client_id`,
/// oldest first.
pub fn alive<'a>(tokens: &'a [TokenRecord], client_id: &str) -> Vec<&'a TokenRecord> {
    tokens
        .iter()
        .filter(|t| t.client_id == client_id && t.is_active())
        .collect()
}

/// The token the app holds now for that user and client: the latest access token issued.
pub fn held<'a>(tokens: &'a [TokenRecord], client_id: &str) -> Option<&'a TokenRecord> {
    tokens
        .iter()
        .filter(|t| t.client_id == client_id && t.kind == TokenKind::Access)
        .max_by_key(|t| t.issued_seq)
}

/// The events of kind `revocation` in `events`, as calls.
pub fn calls(events: &[EventRecord]) -> Vec<&RevocationRecord> {
    events
        .iter()
        .filter(|e| e.kind == EventKind::Revocation)
        .filter_map(|e| e.revocation.as_ref())
        .collect()
}

#[cfg(test)]
mod tests;
