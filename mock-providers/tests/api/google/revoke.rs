//! `POST /revoke` accepted: the status and body, and the whole grant ending (its refusals
//! are `refusals`).

use mock_providers::api::{Outcome, TokenKind};
use serde_json::json;

use super::support::{
    ADA_SUB, CLIENT, SECRET, ada_tokens, authorize_url, events, fields, post_token, revocations,
    userinfo_status,
};
use crate::helpers::{self, Fetch};

#[tokio::test]
async fn revoking_an_access_token_in_the_query_ends_the_whole_grant() {
    let t = helpers::spawn().await;
    let (browser, tokens) = ada_tokens(&t).await;
    let [access, refresh] = fields(&tokens, ["access_token", "refresh_token"]);
    let request = helpers::api().post(format!("{}/revoke", t.google));
    let (status, body) = request.query(&[("token", access)]).fetch_json().await;
    assert_eq!(status, 200, "token in the query string, no body");
    assert_eq!(body, json!({}));
    let status = userinfo_status(&t.google, access).await;
    assert_eq!(status, 401, "access token dead");
    let refresh_grant = [
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh),
        ("client_id", CLIENT),
        ("client_secret", SECRET),
    ];
    let (status, body) = post_token(&t.google, &refresh_grant).await;
    assert_eq!(
        (status, &body["error"]),
        (400, &json!("invalid_grant")),
        "refresh token dead too"
    );
    let record = revocations(&t).pop().expect("recorded");
    assert_eq!(record.outcome, Outcome::Accepted);
    assert_eq!(record.endpoint, "POST /revoke");
    assert_eq!(record.client_id.as_deref(), Some(CLIENT));
    assert_eq!(record.user.as_deref(), Some(ADA_SUB));
    assert_eq!(record.token_kind, Some(TokenKind::Access));
    assert_eq!(record.status, 200);
    let lists_refresh = record.revoked_tokens.contains(&refresh.to_string());
    assert!(lists_refresh, "record lists the refresh token");
    let removed = events(&t, "grant_removed").len();
    assert_eq!(removed, 1, "grant_removed event");
    let again = browser
        .get(authorize_url(&t.google, &[]))
        .fetch_status()
        .await;
    assert_eq!(again, 200, "consent asked again");
}
