//! Authorization codes: issued at authorize, redeemed once at the token endpoint.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::inner::Inner;
use super::records::Code;
use super::tokens::End;
use crate::api::{CodeRecord, EndCause};
use crate::{pkce, random};

/// How long codes live (RFC 6749 recommends at most 10 minutes; both providers use 10).
pub const CODE_TTL: Duration = Duration::from_secs(600);

/// A code as a token request presents it.
#[derive(Debug, Clone, Copy)]
pub struct Presented<'a> {
    pub code: &'a str,
    pub client_id: &'a str,
    /// The `redirect_uri` of the token request, if it has one.
    pub redirect_uri: Option<&'a str>,
    /// The PKCE `code_verifier` of the token request, if it has one.
    pub verifier: Option<&'a str>,
}

/// Why a code could not be exchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeProblem {
    Unknown,
    Expired,
    /// Replayed: the tokens it produced have been revoked.
    Reused,
    WrongClient,
    RedirectUriMismatch,
    /// PKCE was used at authorize but no verifier was sent, or the verifier does not match.
    PkceMismatch,
    /// A verifier was sent for a code issued without a challenge: a PKCE downgrade (RFC 9700
    /// §2.1.1), as when an attacker injects a code of their own into the victim's flow.
    PkceDowngrade,
}

impl CodeProblem {
    pub fn describe(&self) -> &'static str {
        match self {
            CodeProblem::Unknown => "unknown code",
            CodeProblem::Expired => "code expired",
            CodeProblem::Reused => "code already used; the tokens it produced were revoked",
            CodeProblem::WrongClient => "code issued to another client",
            CodeProblem::RedirectUriMismatch => {
                "redirect_uri does not match the one used at authorize"
            }
            CodeProblem::PkceMismatch => "PKCE code_verifier missing or wrong",
            CodeProblem::PkceDowngrade => {
                "code_verifier sent for a code issued without a code_challenge (PKCE downgrade)"
            }
        }
    }
}

impl Inner {
    /// Issues an authorization code: `code.code` as the provider formatted it, or a random
    /// one when empty. Its time, use and tokens start afresh.
    pub fn issue_code(&mut self, code: CodeRecord, now: SystemTime) -> String {
        let value = if code.code.is_empty() {
            random::token(20)
        } else {
            code.code
        };
        self.prune_codes(now);
        let names = &mut self.names;
        let stored = Code {
            code: value.as_str().into(),
            client_id: names.name(&code.client_id),
            user: names.name(&code.user),
            // Not shared: an app may send a new one at every authorize (below its callback).
            redirect_uri: code.redirect_uri.as_deref().map(Arc::from),
            scopes: names.scopes(&code.scopes),
            pkce: code.pkce,
            nonce: code.nonce,
            offline: code.offline,
            consented: code.consented,
            issued: now,
            used: false,
            tokens: Vec::new(),
        };
        self.code_order.push_back((now, stored.code.clone()));
        self.codes.insert(stored.code.clone(), stored);
        value
    }

    /// Removes the codes spent longer than the retention ago (a code is spent once its 10
    /// minutes are over, redeemed or not: until then a replay must still find it), and the
    /// oldest beyond the retention's cap. Amortized: each code goes once.
    fn prune_codes(&mut self, now: SystemTime) {
        let kept = CODE_TTL + self.retention.ended;
        while let Some((issued, code)) = self.code_order.front() {
            let old = now.duration_since(*issued).is_ok_and(|d| d >= kept);
            if !old && self.code_order.len() < self.retention.max_ended {
                break;
            }
            self.codes.remove(code);
            self.code_order.pop_front();
        }
    }

    /// Checks a code for an exchange and marks it used. A replayed code ends the tokens it
    /// produced (RFC 6749 §4.1.2), marked with the event `seq` the caller records next. A
    /// code issued with a PKCE challenge needs the verifier that answers it; one issued
    /// without needs none, and refuses one (RFC 9700 §2.1.1).
    pub fn redeem_code(
        &mut self,
        presented: Presented<'_>,
        seq: u64,
        now: SystemTime,
    ) -> Result<CodeRecord, CodeProblem> {
        let entry = self
            .codes
            .get(presented.code)
            .ok_or(CodeProblem::Unknown)?
            .clone();
        if entry.used {
            let end = End {
                cause: EndCause::CodeReplayed,
                endpoint: None,
                why: "its authorization code was exchanged a second time",
            };
            let grant = (&*entry.user, &*entry.client_id);
            self.end_tokens(grant, |t| entry.tokens.contains(&t.token), end, seq, now);
            return Err(CodeProblem::Reused);
        }
        if &*entry.client_id != presented.client_id {
            return Err(CodeProblem::WrongClient);
        }
        if now.duration_since(entry.issued).unwrap_or_default() > CODE_TTL {
            return Err(CodeProblem::Expired);
        }
        if let Some(expected) = &entry.redirect_uri
            && presented
                .redirect_uri
                .is_some_and(|given| given != &**expected)
        {
            return Err(CodeProblem::RedirectUriMismatch);
        }
        match (&entry.pkce, presented.verifier) {
            (Some(pkce), verifier) if !pkce::verify(&pkce.challenge, &pkce.method, verifier) => {
                return Err(CodeProblem::PkceMismatch);
            }
            (None, Some(_)) => return Err(CodeProblem::PkceDowngrade),
            _ => {}
        }
        if let Some(stored) = self.codes.get_mut(presented.code) {
            stored.used = true;
        }
        Ok(entry.record())
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokens::{NewToken, TokenProblem};
    use super::*;
    use crate::api::TokenKind;

    fn code(client: &str) -> CodeRecord {
        CodeRecord {
            code: String::new(),
            client_id: client.into(),
            user: "ada".into(),
            redirect_uri: Some("http://localhost:3000/cb".into()),
            scopes: vec!["read:user".into()],
            pkce: None,
            nonce: None,
            offline: false,
            consented: true,
            issued_at: String::new(),
            used: false,
            tokens: vec![],
        }
    }

    fn presented<'a>(code: &'a str, client_id: &'a str) -> Presented<'a> {
        Presented {
            code,
            client_id,
            redirect_uri: None,
            verifier: None,
        }
    }

    #[test]
    fn a_replayed_code_is_refused_and_ends_its_tokens() {
        let mut inner = Inner::for_tests();
        let now = SystemTime::now();
        let c = inner.issue_code(code("logout-lab-github"), now);
        let seq = inner.take_seq();
        let redeemed = inner
            .redeem_code(presented(&c, "logout-lab-github"), seq, now)
            .unwrap();
        let new = NewToken {
            value: "gho_x".into(),
            kind: TokenKind::Access,
            client_id: "logout-lab-github",
            user: "ada",
            scopes: &redeemed.scopes,
            ttl: None,
            code: Some(&c),
        };
        let token = inner.issue_token(new, seq, now);
        assert!(inner.live_token(&token, now).is_ok());
        // The code and its token share their values rather than copying them.
        let (stored, issued) = (&inner.codes[c.as_str()], &inner.tokens[token.as_str()]);
        assert!(Arc::ptr_eq(&stored.tokens[0], &issued.token));
        assert!(Arc::ptr_eq(&stored.code, issued.code.as_ref().unwrap()));
        let replay = inner.take_seq();
        let again = inner.redeem_code(presented(&c, "logout-lab-github"), replay, now);
        assert_eq!(again.unwrap_err(), CodeProblem::Reused);
        assert_eq!(
            inner.live_token(&token, now).unwrap_err(),
            TokenProblem::Revoked
        );
        let ending = inner.tokens[token.as_str()].ended.clone().unwrap();
        assert_eq!((ending.cause, ending.seq), (EndCause::CodeReplayed, replay));
    }

    #[test]
    fn codes_expire_after_ten_minutes_and_are_bound() {
        let mut inner = Inner::for_tests();
        let now = SystemTime::now();
        let c = inner.issue_code(code("logout-lab-github"), now);
        let redeem = |inner: &mut Inner, p: Presented<'_>, at| inner.redeem_code(p, 0, at);
        assert_eq!(
            redeem(&mut inner, presented(&c, "other"), now).unwrap_err(),
            CodeProblem::WrongClient
        );
        let elsewhere = Presented {
            redirect_uri: Some("http://evil/cb"),
            ..presented(&c, "logout-lab-github")
        };
        assert_eq!(
            redeem(&mut inner, elsewhere, now).unwrap_err(),
            CodeProblem::RedirectUriMismatch
        );
        let later = now + CODE_TTL + Duration::from_secs(1);
        assert_eq!(
            redeem(&mut inner, presented(&c, "logout-lab-github"), later).unwrap_err(),
            CodeProblem::Expired
        );
    }
}
