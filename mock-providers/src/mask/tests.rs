use super::*;

const GITHUB_TOKEN: &str = "gho_AbCdEf0123456789AbCdEf0123456789AbCd";
const SECRETS: [&str; 1] = ["logout-lab-google-secret"];

fn masked(t: &str) -> String {
    text(t, &SECRETS)
}

#[test]
fn a_client_secret_is_masked_in_a_query_a_form_json_and_as_a_known_value() {
    assert_eq!(
        masked("/authorize?client_id=a&client_secret=s3cr3t&state=x"),
        format!("/authorize?client_id=a&client_secret={MASK}&state=x")
    );
    assert_eq!(
        masked(r#"{"client_secret": "s3cr3t", "x": 1}"#),
        format!(r#"{{"client_secret": "{MASK}", "x": 1}}"#)
    );
    assert_eq!(
        masked("the secret is logout-lab-google-secret"),
        format!("the secret is {MASK}")
    );
    assert_eq!(masked("not_client_secret=kept"), "not_client_secret=kept");
    assert_eq!(text("a b", &["a"]), "a b", "too short to mask everywhere");
}

#[test]
fn every_token_and_code_is_shortened_by_its_prefix_or_its_field() {
    let google = format!("ya29.{}", "a1-_".repeat(30));
    let body = format!(r#"{{"access_token":"{google}","token":"{GITHUB_TOKEN}"}}"#);
    assert_eq!(
        masked(&body),
        r#"{"access_token":"ya29.a1-_a…","token":"gho_AbCdEf…"}"#
    );
    assert_eq!(
        masked(&format!("Bearer {GITHUB_TOKEN}.")),
        "Bearer gho_AbCdEf…."
    );
    assert_eq!(
        masked("refresh_token=opaque-value-of-any-form&x=1"),
        "refresh_token=opaque-val…&x=1"
    );
    assert_eq!(
        masked("/callback?code=0123456789abcdef0123&state=xyz"),
        "/callback?code=0123456789…&state=xyz"
    );
    assert_eq!(
        masked("code_verifier=v3rifierOfFortyThreeCharacters&code_challenge=kept"),
        "code_verifier=v3rifierOf…&code_challenge=kept"
    );
    assert_eq!(
        masked("login=ada&authenticity_token=noPuyD8mGb2oxu2rytbKe5rN0uhjNr6c"),
        "login=ada&authenticity_token=noPuyD8mGb…"
    );
    assert_eq!(
        masked("redirect to ?code=4/0AbCdEfGhIjKlMnOpQrStUv"),
        "redirect to ?code=4/0AbCdEfG…"
    );
    let short_words = "gho_x and mygho_AbCdEf0123456789AbCdEf";
    assert_eq!(
        masked(short_words),
        short_words,
        "too short, or inside a word"
    );
}

#[test]
fn credentials_and_cookie_values_are_masked_in_headers() {
    // base64 of `logout:secret`
    assert_eq!(
        header("Authorization", "Basic bG9nb3V0OnNlY3JldA==", &[]),
        format!("Basic logout:{MASK}")
    );
    assert_eq!(
        header("Authorization", "Basic not-base64", &[]),
        format!("Basic {MASK}")
    );
    assert_eq!(
        header("authorization", &format!("Bearer {GITHUB_TOKEN}"), &[]),
        "Bearer gho_AbCdEf…"
    );
    assert_eq!(header("Authorization", "s3cr3t", &[]), MASK);
    assert_eq!(
        header("Cookie", "session=0123456789abcdef; theme=dark", &[]),
        "session=0123456789…; theme=dark"
    );
    assert_eq!(
        header(
            "set-cookie",
            "session=0123456789abcdef; Path=/; HttpOnly",
            &[]
        ),
        "session=0123456789…; Path=/; HttpOnly"
    );
    assert_eq!(
        header("set-cookie", "session=; Max-Age=0", &[]),
        "session=; Max-Age=0"
    );
    assert_eq!(
        header("Origin", "http://127.0.0.1:3000", &[]),
        "http://127.0.0.1:3000"
    );
}

#[test]
fn headers_are_masked_alike_one_by_one_or_together() {
    let basic = "Basic bG9nb3V0OnNlY3JldA==";
    let token = format!("t={GITHUB_TOKEN}");
    let pairs = [
        ("host", "127.0.0.1:3001"),
        ("authorization", basic),
        ("x-token", token.as_str()),
        ("set-cookie", "SID=0123456789abcdef; Path=/"),
        ("x-empty", ""),
        ("x-secret", "logout-lab-google-secret"),
    ];
    let one_by_one: Vec<String> = pairs.iter().map(|(n, v)| header(n, v, &SECRETS)).collect();
    assert_eq!(headers(&pairs, &SECRETS), one_by_one);
    assert_eq!(one_by_one[2], "t=gho_AbCdEf…");
    assert_eq!(one_by_one[5], MASK);
}

#[test]
fn masking_twice_is_masking_once() {
    let once = [
        header("Authorization", "Basic bG9nb3V0OnNlY3JldA==", &[]),
        header("Cookie", "session=0123456789abcdef", &[]),
        masked(&format!(
            "client_secret=s3cr3t&code=0123456789abcdef0123&t={GITHUB_TOKEN}"
        )),
    ];
    let names = ["Authorization", "Cookie", "X-Body"];
    for (name, value) in names.into_iter().zip(&once) {
        assert_eq!(&header(name, value, &SECRETS), value);
    }
}
