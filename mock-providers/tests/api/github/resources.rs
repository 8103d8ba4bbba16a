//! `GET /user` and `GET /user/emails`: User-Agent, the two 401s, scopes and headers.

use serde_json::{Value, json};

use super::support::{bad_credentials, get_user, has_event, spawn, token};
use crate::helpers::{Fetch, content_type, json_of};

const UA_BODY: &str = "Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). Check https://developer.github.com for other possible causes.";

#[tokio::test]
async fn user_agent_is_required_then_a_token() {
    let t = spawn().await;
    let gh = &t.github;
    let token = token(gh, "ada", "read:user").await;
    let client = reqwest::Client::new();
    for path in ["/user", "/user/emails"] {
        let url = format!("{gh}{path}");
        let no_ua = client.get(&url).bearer_auth(&token).fetch().await;
        assert_eq!(no_ua.status(), 403, "{path} without User-Agent");
        assert!(content_type(&no_ua).starts_with("text/plain"));
        assert_eq!(no_ua.text().await.unwrap(), UA_BODY);

        let none = client.get(&url).header("User-Agent", "t").fetch().await;
        assert_eq!(none.status(), 401, "{path} without a token");
        let body: Value = none.json().await.unwrap();
        assert_eq!(body["message"], "Requires authentication");
        assert_eq!(body["status"], "401");
        let docs = body["documentation_url"].as_str().unwrap();
        assert!(docs.starts_with("https://docs.github.com/"));

        for header in [
            "Bearer gho_nope",
            "token gho_nope",
            "Bearer ",
            "Basic YTpi",
            "garbage",
        ] {
            let bad = client
                .get(&url)
                .header("User-Agent", "t")
                .header("Authorization", header);
            let (status, body) = bad.fetch_json().await;
            assert_eq!(status, 401, "{path} with {header}");
            assert_eq!(body, bad_credentials(), "{path} with {header}");
        }
    }
    assert!(has_event(&t, "token_refused"));
}

#[tokio::test]
async fn user_has_the_usual_fields_and_the_scope_headers() {
    let t = spawn().await;
    let gh = &t.github;
    let token = token(gh, "ada", "read:user").await;
    let response = reqwest::Client::new()
        .get(format!("{gh}/user"))
        .header("User-Agent", "t")
        .header("Authorization", format!("token {token}"))
        .fetch()
        .await;
    assert_eq!(response.status(), 200, "the `token` scheme works");
    assert_eq!(response.headers()["x-oauth-scopes"], "read:user");
    assert!(response.headers().contains_key("x-accepted-oauth-scopes"));
    let user: Value = response.json().await.unwrap();
    assert_eq!(user["login"], "ada");
    assert_eq!(user["id"], 1_000_001);
    assert_eq!(user["name"], "Ada Lovelace");
    assert_eq!(user["email"], "ada@example.com");
    assert_eq!(user["type"], "User");
    assert_eq!(user["site_admin"], false);
    for field in [
        "node_id",
        "avatar_url",
        "html_url",
        "url",
        "repos_url",
        "created_at",
    ] {
        assert!(user[field].is_string(), "/user has {field}");
    }
    assert!(has_event(&t, "token_used"));
}

#[tokio::test]
async fn emails_need_user_email_or_user_scope_else_404() {
    let t = spawn().await;
    let gh = &t.github;
    let emails = |token: String| {
        let request = reqwest::Client::new()
            .get(format!("{gh}/user/emails"))
            .header("User-Agent", "t")
            .bearer_auth(token);
        request.fetch()
    };
    let narrow = emails(token(gh, "ada", "read:user").await).await;
    assert_eq!(narrow.status(), 404, "read:user alone cannot list emails");
    let accepted = &narrow.headers()["x-accepted-oauth-scopes"];
    assert_eq!(accepted, "user, user:email");
    let (_, body) = json_of(narrow).await;
    assert_eq!(body["message"], "Not Found");
    assert_eq!(body["status"], "404");
    let (status, wide) = json_of(emails(token(gh, "linus", "user").await).await).await;
    assert_eq!(status, 200, "the user scope includes emails");
    assert_eq!(
        wide,
        json!([{"email": "linus@example.com", "primary": true, "verified": false, "visibility": "private"}])
    );
    let (status, list) = json_of(emails(token(gh, "grace", "user:email").await).await).await;
    assert_eq!(status, 200);
    let count = list.as_array().unwrap().len();
    assert_eq!(count, 2, "all of grace's addresses");
    let user = get_user(gh, &token(gh, "grace", "").await).await;
    let status = user.status();
    assert_eq!(status, 200, "an empty scope still reads the public profile");
    assert_eq!(user.headers()["x-oauth-scopes"], "");
}
