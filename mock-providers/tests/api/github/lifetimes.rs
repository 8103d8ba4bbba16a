//! How many GitHub tokens live at once, and what ended each one, read through the typed
//! inspection API (`mock_providers::api`) as the checker reads it.

use mock_providers::api::{EndCause, EventsDoc, RevocationsDoc, StateDoc, TokenState, TokensDoc};

use super::support::{
    CLIENT, client_form, code, exchange, revocations, revoke, spawn, token, user_status,
};
use crate::helpers::{Fetch, api, document};

const SCOPE: &str = "read:user user:email";

async fn state(github: &str) -> StateDoc {
    document(&format!("{github}/__mock/state")).await
}

async fn events(github: &str, query: &str) -> EventsDoc {
    document(&format!("{github}/__mock/events?{query}")).await
}

#[tokio::test]
async fn every_authorization_issues_a_new_token_and_the_older_ones_stay_valid() {
    let t = spawn().await;
    let gh = &t.github;
    let mut tokens = Vec::new();
    for _ in 0..3 {
        tokens.push(token(gh, "ada", SCOPE).await);
    }
    tokens.dedup();
    assert_eq!(tokens.len(), 3, "three logins, three tokens");
    for token in &tokens {
        assert_eq!(user_status(gh, token).await, 200, "{token} still works");
    }
    let state = state(gh).await;
    let issued: Vec<_> = state.tokens.iter().map(|t| t.token.clone()).collect();
    assert_eq!(issued, tokens, "listed in the order they were issued");
    assert!(state.tokens.iter().all(|t| t.state == TokenState::Active));
    let mut rising = state.tokens.windows(2);
    assert!(rising.all(|w| w[0].issued_seq < w[1].issued_seq));
    // Each token's issued_seq is the code_exchanged event that issued it.
    let exchanged = events(gh, "kind=code_exchanged").await.events;
    for (token, event) in state.tokens.iter().zip(&exchanged) {
        assert_eq!(
            (event.seq, &event.issued),
            (token.issued_seq, &vec![token.token.clone()])
        );
    }
    assert_eq!(state.tokens[0].username.as_deref(), Some("ada"));
}

#[tokio::test]
async fn past_ten_live_tokens_github_itself_revokes_the_oldest_of_that_scope_set() {
    let t = spawn().await;
    let gh = &t.github;
    let other_scopes = token(gh, "ada", "read:user").await;
    let mut tokens = Vec::new();
    for _ in 0..11 {
        tokens.push(token(gh, "ada", SCOPE).await);
    }
    assert_eq!(user_status(gh, &tokens[0]).await, 401, "the oldest is dead");
    for token in tokens[1..].iter().chain([&other_scopes]) {
        assert_eq!(user_status(gh, token).await, 200);
    }
    let state = state(gh).await;
    let oldest = state.tokens.iter().find(|t| t.token == tokens[0]).unwrap();
    assert_eq!(oldest.state, TokenState::Revoked);
    let ending = oldest.ended.clone().unwrap();
    let cause = (ending.cause, ending.endpoint);
    assert_eq!(cause, (EndCause::TokenLimit, None));
    assert!(ending.why.contains("limit of 10"), "{}", ending.why);
    let limit = events(gh, "kind=token_limit").await.events;
    assert_eq!(limit.len(), 1, "one token_limit event");
    assert_eq!(
        (limit[0].seq, &limit[0].ended),
        (ending.seq, &vec![tokens[0].clone()])
    );
    let calls: RevocationsDoc = document(&format!("{gh}/__mock/revocations")).await;
    let none = calls.revocations.is_empty();
    assert!(none, "GitHub's own limit is no app's call");
}

#[tokio::test]
async fn each_ended_token_names_the_call_that_ended_it() {
    let t = spawn().await;
    let gh = &t.github;
    let (a, b, c) = (
        token(gh, "ada", SCOPE).await,
        token(gh, "ada", SCOPE).await,
        token(gh, "ada", SCOPE).await,
    );
    assert_eq!(revoke(gh, "token", &a).await, 204);
    assert_eq!(revoke(gh, "grant", &c).await, 204);
    let state = state(gh).await;
    let ending = |t: &str| {
        let record = state.tokens.iter().find(|r| r.token == t).unwrap();
        record.ended.clone().expect("ended")
    };
    let calls = revocations(&t);
    assert_eq!(calls.len(), 2);
    let (first, second) = (ending(&a), ending(&b));
    assert_eq!((first.cause, first.seq), (EndCause::Revoked, calls[0].seq));
    assert_eq!(
        first.endpoint.as_deref(),
        Some("DELETE /applications/logout-lab-github/token")
    );
    assert_eq!(
        (second.cause, second.seq),
        (EndCause::GrantRemoved, calls[1].seq)
    );
    assert_eq!(ending(&c).seq, calls[1].seq, "the grant call ended b and c");
    let mut both = vec![b.clone(), c.clone()];
    both.sort();
    assert_eq!(calls[1].revoked_tokens, both);
}

#[tokio::test]
async fn a_replayed_code_ends_what_it_produced_and_the_refusal_names_it() {
    let t = spawn().await;
    let gh = &t.github;
    let code = code(gh, "grace", &[("scope", SCOPE)]).await;
    let form = client_form(&code);
    let first = exchange(gh, &form).await["access_token"].clone();
    let again = exchange(gh, &form).await;
    assert_eq!(again["error"], "bad_verification_code");
    let state = state(gh).await;
    let ending = state.tokens[0].ended.clone().expect("the token died");
    assert_eq!(ending.cause, EndCause::CodeReplayed);
    let refused = events(gh, "kind=code_refused").await.events;
    assert_eq!(
        (refused[0].seq, &refused[0].ended),
        (ending.seq, &vec![first])
    );
}

#[tokio::test]
async fn the_user_removing_the_app_in_their_settings_ends_every_token_of_it() {
    let t = spawn().await;
    let gh = &t.github;
    let (a, b) = (token(gh, "ada", SCOPE).await, token(gh, "ada", SCOPE).await);
    let url = format!("{gh}/__mock/grants/remove");
    let body = serde_json::json!({"user": "ada", "client_id": CLIENT});
    let remove = |body: serde_json::Value| api().post(&url).json(&body).fetch_status();
    assert_eq!(remove(body.clone()).await, 200);
    for token in [&a, &b] {
        assert_eq!(user_status(gh, token).await, 401);
    }
    let state = state(gh).await;
    assert!(state.grants.is_empty(), "consent will be asked again");
    let ending = state.tokens[0].ended.clone().unwrap();
    assert_eq!(ending.cause, EndCause::UserRemovedAccess);
    let endpoint = ending.endpoint.as_deref();
    assert_eq!(endpoint, Some("POST /__mock/grants/remove"));
    assert_eq!(remove(body).await, 404, "no grant left to remove");
    let nobody = serde_json::json!({"user": "nobody", "client_id": CLIENT});
    assert_eq!(remove(nobody).await, 404);
}

#[tokio::test]
async fn the_tokens_of_one_user_and_client_are_listed_in_the_order_issued() {
    let t = spawn().await;
    let gh = &t.github;
    let ada = [token(gh, "ada", SCOPE).await, token(gh, "ada", SCOPE).await];
    token(gh, "grace", SCOPE).await;
    let list = |query: String| async move {
        let doc: TokensDoc = document(&format!("{gh}/__mock/tokens?{query}")).await;
        doc.tokens.into_iter().map(|t| t.token).collect::<Vec<_>>()
    };
    assert_eq!(list("user=ada".into()).await, ada);
    let any_case = list(format!("user=ADA&client_id={CLIENT}")).await;
    assert_eq!(any_case, ada, "a login, any case");
    assert!(list("user=ada&client_id=other".into()).await.is_empty());
    let every = list(String::new()).await.len();
    assert_eq!(every, 3, "without a user, every token");
    let typo = api().get(format!("{gh}/__mock/tokens?usr=ada"));
    let status = typo.fetch_status().await;
    assert_eq!(status, 400, "unknown parameters are refused");
}
