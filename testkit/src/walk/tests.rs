//! The walk against a scripted provider: which form it submits, with what, and where it stops.

use super::*;

/// An answer from the script.
struct Canned {
    status: u16,
    url: Url,
    location: Option<&'static str>,
    body: &'static str,
}

impl Answer for Canned {
    fn status(&self) -> u16 {
        self.status
    }
    fn url(&self) -> &Url {
        &self.url
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.location.filter(|_| name == "location")
    }
    fn body(&self) -> &str {
        self.body
    }
}

/// One answer of the script: `(method path, status, Location, body)`.
type Scripted = (&'static str, u16, Option<&'static str>, &'static str);

fn redirect(route: &'static str, location: &'static str) -> Scripted {
    (route, 302, Some(location), "")
}

fn page(route: &'static str, status: u16, body: &'static str) -> Scripted {
    (route, status, None, body)
}

/// A provider's answers, in the order the walk must ask for them. Every request is written
/// down, a POST with its fields.
struct Script {
    answers: Vec<Scripted>,
    sent: Vec<String>,
}

impl Script {
    fn new(answers: Vec<Scripted>) -> Script {
        Script {
            answers,
            sent: vec![],
        }
    }

    fn answer(&mut self, method: &str, url: &Url, fields: &[(String, String)]) -> Canned {
        let fields: Vec<String> = fields.iter().map(|(n, v)| format!("{n}={v}")).collect();
        self.sent
            .push(format!("{method} {} {}", url.path(), fields.join("&")));
        assert!(
            !self.answers.is_empty(),
            "one request too many: {:?}",
            self.sent
        );
        let (route, status, location, body) = self.answers.remove(0);
        assert_eq!(route, format!("{method} {}", url.path()), "{:?}", self.sent);
        Canned {
            status,
            url: url.clone(),
            location,
            body,
        }
    }
}

impl Browser for Script {
    type Answer = Canned;

    async fn get(&mut self, url: &Url) -> anyhow::Result<Canned> {
        Ok(self.answer("GET", url, &[]))
    }

    async fn submit(&mut self, url: &Url, fields: &[(String, String)]) -> anyhow::Result<Canned> {
        Ok(self.answer("POST", url, fields))
    }
}

const AUTHORIZE: &str = "http://127.0.0.1:4301/login/oauth/authorize?client_id=c&state=s";

const SIGN_IN: &str = r#"<form method="post" action="/session"><input name="login">
    <input type="hidden" name="return_to" value="/login/oauth/authorize?state=s"></form>
    <form method="post" action="/session"><input type="hidden" name="login" value="ada">
    <input type="hidden" name="return_to" value="/login/oauth/authorize?state=s"></form>
    <form method="post" action="/session"><input type="hidden" name="login" value="grace">
    <input type="hidden" name="return_to" value="/login/oauth/authorize?state=s"></form>"#;

const CONSENT: &str = r#"<form method="post" action="/login/oauth/authorize">
    <input type="hidden" name="authenticity_token" value="t">
    <button type="submit" name="authorize" value="0">Cancel</button>
    <button type="submit" name="authorize" value="1">Authorize</button></form>"#;

/// The walk through the script from [`AUTHORIZE`].
async fn walk(script: &mut Script, person: Person<'_>) -> Result<Callback, WalkError<Canned>> {
    let authorize = Url::parse(AUTHORIZE).unwrap();
    through_provider(script, &authorize, Provider::GitHub, person).await
}

#[tokio::test]
async fn a_person_signs_in_with_their_account_button_and_their_cancel_comes_back() {
    let mut script = Script::new(vec![
        redirect("GET /login/oauth/authorize", "/login?return_to=x"),
        page("GET /login", 200, SIGN_IN),
        redirect("POST /session", "/login/oauth/authorize?state=s"),
        page("GET /login/oauth/authorize", 200, CONSENT),
        redirect(
            "POST /login/oauth/authorize",
            "http://localhost:4300/cb?error=x",
        ),
    ]);
    let back = walk(&mut script, Person::refusing("grace")).await.unwrap();
    assert_eq!(back.url.as_str(), "http://localhost:4300/cb?error=x");
    assert_eq!((back.state.as_str(), back.client_id.as_str()), ("s", "c"));
    assert!(back.saw_sign_in && back.saw_consent);
    let pages: Vec<&str> = back.pages.iter().map(Url::path).collect();
    assert_eq!(pages, ["/login", "/login/oauth/authorize"]);
    let posts = script.sent.iter().filter(|s| s.starts_with("POST"));
    assert_eq!(
        posts.collect::<Vec<_>>(),
        [
            "POST /session login=grace&return_to=/login/oauth/authorize?state=s",
            "POST /login/oauth/authorize authenticity_token=t&authorize=0",
        ]
    );
}

#[tokio::test]
async fn an_account_without_a_button_is_typed_in() {
    let mut script = Script::new(vec![
        redirect("GET /login/oauth/authorize", "/login"),
        page("GET /login", 200, SIGN_IN),
        redirect("POST /session", "http://localhost:4300/cb?code=c&state=s"),
    ]);
    let back = walk(&mut script, Person::new("bob")).await.unwrap();
    assert!(back.saw_sign_in && !back.saw_consent);
    let typed = "POST /session return_to=/login/oauth/authorize?state=s&login=bob";
    assert_eq!(script.sent.last().unwrap(), typed);
}

#[tokio::test]
async fn a_page_without_a_form_to_submit_stops_the_walk_there() {
    let error = "<title>Redirect URI mismatch</title>";
    let mut script = Script::new(vec![page("GET /login/oauth/authorize", 400, error)]);
    let stopped = walk(&mut script, Person::new("ada")).await.unwrap_err();
    assert!(matches!(stopped, WalkError::ProviderPage { .. }));
    let (what, _, actual) = stopped.parts();
    assert_eq!(what, format!("GitHub stopped the login at {AUTHORIZE}"));
    assert_eq!(actual, "400 Redirect URI mismatch");
}

#[tokio::test]
async fn a_provider_that_keeps_redirecting_to_itself_is_a_loop() {
    let again = redirect("GET /login/oauth/authorize", "/login/oauth/authorize");
    let mut script = Script::new(vec![again; MAX_HOPS + 1]);
    let stopped = walk(&mut script, Person::new("ada")).await.unwrap_err();
    let looped = matches!(stopped, WalkError::TooManyHops { .. });
    assert!(looped, "{stopped}");
}
