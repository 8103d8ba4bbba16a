//! The fixture app's server-to-server calls: code exchange and profile (`identity`) and
//! revocation (one token, or GitHub's whole grant), where several of the mistakes live.

use serde_json::{Value, json};

use super::{Fixture, GITHUB_ID, GITHUB_SECRET, GOOGLE_ID, GOOGLE_SECRET, Mistake};

impl Fixture {
    /// Whether the provider answered, other than with a 5xx: the revocation is over (done, or
    /// refused for good); `false` when it may pass later (the provider down, or a 5xx).
    pub(super) async fn revoke(&self, provider: &str, token: &str) -> bool {
        let request = if provider == "github" {
            self.github_call("token", token)
        } else if self.mistake == Mistake::GoogleRevokeAsJson {
            self.http
                .post(format!("{}/revoke", self.google))
                .header("content-type", "application/json")
                .body(json!({ "token": token }).to_string())
        } else {
            self.http
                .post(format!("{}/revoke", self.google))
                .form(&[("token", token)])
        };
        // A refused revocation is the mistake under test; the app carries on regardless.
        match request.send().await {
            Ok(answer) => !answer.status().is_server_error(),
            Err(_) => false,
        }
    }

    /// `DELETE /applications/{client_id}/grant`: GitHub ends every token of the user.
    pub(super) async fn remove_github_grant(&self, token: &str) {
        let _ = self.github_call("grant", token).send().await;
    }

    /// GitHub's `DELETE /applications/{client_id}/{what}` with the stored token, as the
    /// course writes it (unless a header is the mistake).
    fn github_call(&self, what: &str, token: &str) -> reqwest::RequestBuilder {
        let url = format!("{}/applications/{GITHUB_ID}/{what}", self.github);
        let mut request = self
            .http
            .delete(url)
            .header("content-type", "application/json")
            .body(json!({ "access_token": token }).to_string());
        if self.mistake != Mistake::GitHubRevokeWithoutBasicAuth {
            request = request.basic_auth(GITHUB_ID, Some(GITHUB_SECRET));
        }
        if self.mistake != Mistake::GitHubRevokeWithoutUserAgent {
            request = request.header("user-agent", "oauth-course");
        }
        request
    }
}

/// The identity a provider vouches for, and the token the login brought.
pub(super) struct Identity {
    pub provider_id: String,
    pub email: String,
    pub verified: bool,
    pub name: String,
    pub token: String,
}

pub(super) async fn identity(app: &Fixture, provider: &str, code: &str) -> Option<Identity> {
    let redirect_uri = format!("{}/auth/{provider}/callback", app.base);
    if provider == "github" {
        github_identity(app, code, &redirect_uri).await
    } else {
        google_identity(app, code, &redirect_uri).await
    }
}

async fn github_identity(app: &Fixture, code: &str, redirect_uri: &str) -> Option<Identity> {
    let form = [
        ("client_id", GITHUB_ID),
        ("client_secret", GITHUB_SECRET),
        ("code", code),
        ("redirect_uri", redirect_uri),
    ];
    let exchange = app
        .http
        .post(format!("{}/login/oauth/access_token", app.github))
        .header("accept", "application/json")
        .form(&form);
    let token = access_token(exchange).await?;
    let get = |path: &str| {
        app.http
            .get(format!("{}{path}", app.github))
            .bearer_auth(&token)
            .header("user-agent", "fixture-app")
            .header("accept", "application/vnd.github+json")
    };
    let user = read_json(get("/user")).await?;
    let emails = read_json(get("/user/emails")).await?;
    let primary = emails
        .as_array()?
        .iter()
        .find(|e| e["primary"] == true && e["verified"] == true)?;
    Some(Identity {
        provider_id: user["id"].to_string(),
        email: primary["email"].as_str()?.into(),
        verified: true,
        name: user["login"].as_str()?.into(),
        token,
    })
}

async fn google_identity(app: &Fixture, code: &str, redirect_uri: &str) -> Option<Identity> {
    let form = [
        ("grant_type", "authorization_code"),
        ("client_id", GOOGLE_ID),
        ("client_secret", GOOGLE_SECRET),
        ("code", code),
        ("redirect_uri", redirect_uri),
    ];
    let exchange = app.http.post(format!("{}/token", app.google)).form(&form);
    let token = access_token(exchange).await?;
    let userinfo = app
        .http
        .get(format!("{}/v1/userinfo", app.google))
        .bearer_auth(&token);
    let user = read_json(userinfo).await?;
    Some(Identity {
        provider_id: user["sub"].as_str()?.into(),
        email: user["email"].as_str()?.into(),
        verified: user["email_verified"] == true,
        name: user["name"].as_str()?.into(),
        token,
    })
}

/// The `access_token` of a code exchange's answer.
async fn access_token(exchange: reqwest::RequestBuilder) -> Option<String> {
    let answer = read_json(exchange).await?;
    Some(answer["access_token"].as_str()?.to_string())
}

async fn read_json(request: reqwest::RequestBuilder) -> Option<Value> {
    request.send().await.ok()?.json().await.ok()
}
