use super::*;
use crate::db::Db;

fn identity(provider: Provider, id: &str, email: &str) -> Identity {
    Identity {
        provider,
        provider_user_id: id.into(),
        email: Some(email.into()),
        email_verified: true,
        name: None,
        avatar_url: None,
    }
}

/// One person's GitHub and Google identities, with the same verified email.
fn both_identities() -> (Identity, Identity) {
    let email = "a@example.com";
    let github = identity(Provider::GitHub, "1", email);
    (github, identity(Provider::Google, "g", email))
}

fn grant(token: &str, expires_in: Option<i64>) -> Grant {
    Grant {
        access_token: token.into(),
        scopes: String::new(),
        expires_in,
    }
}

fn sign_in_now(conn: &mut Connection, identity: &Identity, grant: &Grant) -> SignIn {
    let tx = conn.transaction().unwrap();
    let signed_in = sign_in(&tx, identity, grant, 1000).unwrap();
    tx.commit().unwrap();
    signed_in
}

fn open() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let key = crate::config::KeySource::Key(crate::sealing::Key::random());
    let db = Db::open(&dir.path().join("t.db"), &key).unwrap();
    (dir, db)
}

#[test]
fn a_relogin_retires_the_previous_token_with_its_expiry() {
    let (_dir, db) = open();
    db.blocking(move |conn| {
        let (github, google) = both_identities();
        assert!(
            sign_in_now(conn, &github, &grant("gho_1", None))
                .superseded
                .is_none()
        );
        sign_in_now(conn, &google, &grant("ya29.1", Some(3599)));
        let gh = sign_in_now(conn, &github, &grant("gho_2", None));
        let old = gh.superseded.expect("gho_1 is retired");
        assert_eq!((old.access_token.as_str(), old.expires_at), ("gho_1", None));
        let go = sign_in_now(conn, &google, &grant("ya29.2", Some(3599)));
        let old = go.superseded.expect("ya29.1 is retired");
        assert_eq!(
            (old.access_token.as_str(), old.expires_at),
            ("ya29.1", Some(1000 + 3599)),
            "the expiry announced at its own exchange"
        );
        assert_eq!(old.user_id.as_deref(), Some(gh.user_id.as_str()));
    });
}

#[test]
fn a_relogin_rolled_back_retires_nothing() {
    let (_dir, db) = open();
    db.blocking(move |conn| {
        let github = identity(Provider::GitHub, "1", "a@example.com");
        let user = sign_in_now(conn, &github, &grant("gho_1", None)).user_id;
        let tx = conn.transaction().unwrap();
        sign_in(&tx, &github, &grant("gho_2", None), 1000).unwrap();
        drop(tx);
        let linked = linked(conn, &user).unwrap();
        assert_eq!(linked[0].access_token.as_deref(), Some("gho_1"));
        assert!(
            retired::of_user(conn, &user, Provider::GitHub)
                .unwrap()
                .is_empty()
        );
    });
}

#[test]
fn unlink_only_removes_the_link_that_still_holds_the_revoked_token() {
    let (_dir, db) = open();
    db.blocking(move |conn| {
        let (github, google) = both_identities();
        let user = sign_in_now(conn, &github, &grant("gho_1", None)).user_id;
        let unlink = |conn: &Connection, p, t| unlink_holding(conn, &user, p, t).unwrap();
        assert_eq!(
            unlink(conn, Provider::GitHub, Some("gho_1")),
            Unlink::OnlyProvider
        );
        sign_in_now(conn, &google, &grant("ya29.1", None));
        sign_in_now(conn, &github, &grant("gho_2", None));
        assert_eq!(
            unlink(conn, Provider::GitHub, Some("gho_1")),
            Unlink::Relinked
        );
        assert_eq!(unlink(conn, Provider::GitHub, Some("gho_2")), Unlink::Done);
        assert_eq!(
            unlink(conn, Provider::GitHub, Some("gho_2")),
            Unlink::NotLinked
        );
    });
}
