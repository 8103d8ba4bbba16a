//! The fixture app's server-to-server calls: code exchange and profile (`identity`) and
//! revocation (one token, or GitHub's whole grant), where several of the mistakes live.

use serde_json::{Value, json};

use super::{Fixture, GITHUB_ID, GITHUB_SECRET, GOOGLE_ID, GOOGLE_SECRET, Mistake};

impl Fixture {
    pub(super) async fn revoke(&self, provider: &str, token: &str) {
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
        let _ = request.send().await;
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

/// The identity a provider vouches for: (provider id, email, verified, name, token).
pub(super) async fn identity(
    app: &Fixture,
    provider: &str,
    code: &str,
) -> Option<(String, String, bool, String, String)> {
    let redirect_uri = format!("{}/auth/{provider}/callback", app.base);
    if provider == "github" {
        let token: Value = app
            .http
            .post(format!("{}/login/oauth/access_token", app.github))
            .header("accept", "application/json")
            .form(&[
                ("client_id", GITHUB_ID),
                ("client_secret", GITHUB_SECRET),
                ("code", code),
                ("redirect_uri", &redirect_uri),
            ])
            .send()
            .await
            .ok()?
            .json()
            .await
            .ok()?;
        let token = token["access_token"].as_str()?.to_string();
        let get = |path: &str| {
            app.http
                .get(format!("{}{path}", app.github))
                .bearer_auth(&token)
                .header("user-agent", "fixture-app")
                .header("accept", "application/vnd.github+json")
        };
        let user: Value = get("/user").send().await.ok()?.json().await.ok()?;
        let emails: Value = get("/user/emails").send().await.ok()?.json().await.ok()?;
        let primary = emails
            .as_array()?
            .iter()
            .find(|e| e["primary"] == true && e["verified"] == true)?;
        Some((
            user["id"].to_string(),
            primary["email"].as_str()?.into(),
            true,
            user["login"].as_str()?.into(),
            token,
        ))
    } else {
        let token: Value = app
            .http
            .post(format!("{}/token", app.google))
            .form(&[
                ("grant_type", "authorization_code"),
                ("client_id", GOOGLE_ID),
                ("client_secret", GOOGLE_SECRET),
                ("code", code),
                ("redirect_uri", &redirect_uri),
            ])
            .send()
            .await
            .ok()?
            .json()
            .await
            .ok()?;
        let token = token["access_token"].as_str()?.to_string();
        let user: Value = app
            .http
            .get(format!("{}/v1/userinfo", app.google))
            .bearer_auth(&token)
            .send()
            .await
            .ok()?
            .json()
            .await
            .ok()?;
        Some((
            user["sub"].as_str()?.into(),
            user["email"].as_str()?.into(),
            user["email_verified"] == true,
            user["name"].as_str()?.into(),
            token,
        ))
    }
}
