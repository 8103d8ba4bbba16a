//! Redeeming a code, or a refresh token, for new tokens under one lock: the tokens'
//! `issued_seq` is the number of the event that records the exchange.

use std::time::{Duration, SystemTime};

use crate::api::{Account, CodeRecord, EventKind, TokenKind};
use crate::config::GoogleUser;
use crate::http::call;
use crate::random;
use crate::store::{CodeProblem, EventInfo, Inner, NewToken, Presented, TokenProblem};

/// Access tokens live an hour; Google announces 3599 seconds.
pub const ACCESS_TTL: Duration = Duration::from_secs(3599);

/// What a code exchange issued.
pub struct Issued {
    pub code: CodeRecord,
    pub user: GoogleUser,
    pub access: String,
    pub refresh: Option<String>,
}

/// What a refresh issued: for whom, with which scopes, and the new access token.
pub struct Refreshed {
    pub user: GoogleUser,
    pub scopes: Vec<String>,
    pub access: String,
}

fn info(user: Option<String>, client_id: &str) -> EventInfo {
    EventInfo {
        user,
        client_id: Some(client_id.to_string()),
        endpoint: call("POST", "/token"),
        ..EventInfo::default()
    }
}

/// An access token (`ya29.` and 150 URL-safe characters), linked to the code it comes from
/// so a replayed code revokes it and tokeninfo can tell its `access_type`.
fn access_token<'a>(
    client_id: &'a str,
    user: &'a str,
    scopes: &'a [String],
    code: Option<&'a str>,
) -> NewToken<'a> {
    let value = format!("ya29.{}", random::url_safe(150));
    NewToken {
        ttl: Some(ACCESS_TTL),
        code,
        ..NewToken::new(value, TokenKind::Access, client_id, user, scopes)
    }
}

/// Redeems the code and issues its tokens (a refresh token too on an offline consent), then
/// records the `code_exchanged` event, or the `code_refused` one.
pub fn exchange(
    inner: &mut Inner,
    presented: Presented<'_>,
    now: SystemTime,
) -> Result<Issued, CodeProblem> {
    let seq = inner.take_seq();
    let (user, code) = match redeem(inner, presented, seq, now) {
        Ok(redeemed) => redeemed,
        Err(problem) => {
            let user = inner.codes.get(presented.code).map(|c| c.user.to_string());
            let info = EventInfo {
                ended: inner.ended_by(seq),
                ..info(user, presented.client_id)
            };
            let summary = format!("code refused: {}", problem.describe());
            inner.push_event(seq, EventKind::CodeRefused, summary, info, now);
            return Err(problem);
        }
    };
    let client_id = presented.client_id;
    let new = access_token(client_id, &code.user, &code.scopes, Some(&code.code));
    let access = inner.issue_token(new, seq, now);
    let refresh = (code.offline && code.consented).then(|| {
        let value = format!("1//0{}", random::url_safe(99));
        let new = NewToken {
            code: Some(&code.code),
            ..NewToken::new(
                value,
                TokenKind::Refresh,
                client_id,
                &code.user,
                &code.scopes,
            )
        };
        inner.issue_token(new, seq, now)
    });
    let issued = std::iter::once(access.clone()).chain(refresh.clone());
    let info = EventInfo {
        issued: issued.collect(),
        ..info(Some(code.user.clone()), client_id)
    };
    let summary = format!("code exchanged by {client_id}");
    inner.push_event(seq, EventKind::CodeExchanged, summary, info, now);
    if let Some(refresh) = &refresh {
        // At most 100 refresh tokens per account and client: the oldest goes.
        inner.enforce_token_limit(refresh, now);
    }
    Ok(Issued {
        code,
        user,
        access,
        refresh,
    })
}

/// The code, bound to this client and redirect URI, with its PKCE verifier, and its account.
fn redeem(
    inner: &mut Inner,
    presented: Presented<'_>,
    seq: u64,
    now: SystemTime,
) -> Result<(GoogleUser, CodeRecord), CodeProblem> {
    let code = inner.redeem_code(presented, seq, now)?;
    let user = inner.account(&code.user).and_then(Account::google).cloned();
    Ok((user.ok_or(CodeProblem::Unknown)?, code))
}

/// The refresh token grant: checks the refresh token, issues a new access token for the
/// same scopes (no new refresh token) and records `token_refreshed`, or `token_refused`.
pub fn refresh(
    inner: &mut Inner,
    client_id: &str,
    refresh: &str,
    now: SystemTime,
) -> Result<Refreshed, TokenProblem> {
    let found = live_refresh(inner, client_id, refresh, now);
    let seq = inner.take_seq();
    let (user, scopes, code) = match found {
        Ok(found) => found,
        Err(problem) => {
            let summary = format!("refresh token refused: {}", problem.describe());
            let info = info(None, client_id);
            inner.push_event(seq, EventKind::TokenRefused, summary, info, now);
            return Err(problem);
        }
    };
    let new = access_token(client_id, &user.sub, &scopes, code.as_deref());
    let access = inner.issue_token(new, seq, now);
    let info = EventInfo {
        issued: vec![access.clone()],
        ..info(Some(user.sub.clone()), client_id)
    };
    let summary = format!("access token refreshed for {client_id}");
    inner.push_event(seq, EventKind::TokenRefreshed, summary, info, now);
    Ok(Refreshed {
        user,
        scopes,
        access,
    })
}

/// A live refresh token of this client: its account, its scopes, and the code it came from
/// (if that code is still known).
fn live_refresh(
    inner: &Inner,
    client_id: &str,
    refresh: &str,
    now: SystemTime,
) -> Result<(GoogleUser, Vec<String>, Option<String>), TokenProblem> {
    let token = inner.live_token(refresh, now)?;
    if token.kind != TokenKind::Refresh || &*token.client_id != client_id {
        return Err(TokenProblem::Unknown);
    }
    let code = token
        .code
        .as_ref()
        .filter(|c| inner.codes.contains_key(&**c));
    let account = inner
        .account(&token.user)
        .and_then(Account::google)
        .cloned();
    Ok((
        account.ok_or(TokenProblem::Unknown)?,
        token.scopes.to_vec(),
        code.map(|c| c.to_string()),
    ))
}
