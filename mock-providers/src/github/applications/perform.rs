//! What a validated call does, and the record of every call: a revocation, accepted or
//! refused. Each runs under one lock, so the tokens a call ends carry the sequence number of
//! its record.

use std::time::SystemTime;

use axum::http::StatusCode;

use super::calls::{Call, Kind};
use crate::api::{Client, EndCause, EventKind, Outcome, RevocationRecord};
use crate::store::{End, EventInfo, Inner, Token};

/// Fills in the token a revocation call presented, and what the mock knows of it.
pub fn describe_token(record: &mut RevocationRecord, inner: &Inner, token: Option<String>) {
    let stored = token.as_deref().and_then(|t| inner.tokens.get(t));
    record.token_kind = stored.map(|t| t.kind);
    record.user = stored.map(|t| t.user.to_string());
    record.token = token;
}

/// Records a refused revocation call.
pub fn record_refusal(
    inner: &mut Inner,
    call: &Call<'_>,
    reason: &str,
    status: StatusCode,
    now: SystemTime,
) {
    let seq = inner.take_seq();
    let mut record = RevocationRecord::refused(
        inner.provider,
        call.endpoint.to_string(),
        status.as_u16(),
        reason.to_string(),
    );
    record.client_id = call.caller.clone();
    describe_token(&mut record, inner, call.token.clone());
    inner.push_revocation(seq, record, now);
}

/// Once every validation passed: ends the token (or the whole grant) and records the
/// accepted call.
pub fn revoke(inner: &mut Inner, call: &Call<'_>, client: &Client, token: &Token, now: SystemTime) {
    let seq = inner.take_seq();
    let grant = call.kind == Kind::RevokeGrant;
    let (cause, why) = if grant {
        (
            EndCause::GrantRemoved,
            format!("grant removed by {}", call.endpoint),
        )
    } else {
        (EndCause::Revoked, format!("revoked by {}", call.endpoint))
    };
    let end = End {
        cause,
        endpoint: Some(call.endpoint),
        why: &why,
    };
    let revoked = if grant {
        let removed = inner.remove_grant(&token.user, &client.client_id, end, seq, now);
        removed.unwrap_or_default()
    } else {
        inner.end_token(&token.token, end, seq, now)
    };
    let record = RevocationRecord {
        client_id: call.caller.clone(),
        token: Some(token.token.to_string()),
        token_kind: Some(token.kind),
        user: Some(token.user.to_string()),
        outcome: Outcome::Accepted,
        status: StatusCode::NO_CONTENT.as_u16(),
        reason: None,
        revoked_tokens: revoked.clone(),
        ..RevocationRecord::refused(inner.provider, call.endpoint.to_string(), 0, String::new())
    };
    inner.push_revocation(seq, record, now);
    if grant {
        grant_removed(
            inner,
            call.endpoint,
            &token.user,
            &client.client_id,
            revoked,
            now,
        );
    }
}

/// The `grant_removed` event that follows an accepted `DELETE .../grant`.
fn grant_removed(
    inner: &mut Inner,
    endpoint: &str,
    user: &str,
    client_id: &str,
    revoked: Vec<String>,
    now: SystemTime,
) {
    let summary = format!(
        "{user} no longer authorizes {client_id} ({} tokens revoked)",
        revoked.len()
    );
    let info = EventInfo {
        user: Some(user.to_string()),
        client_id: Some(client_id.to_string()),
        endpoint: Some(endpoint.to_string()),
        ended: revoked,
        ..EventInfo::default()
    };
    inner.record(EventKind::GrantRemoved, summary, info, now);
}
