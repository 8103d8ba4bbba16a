//! What a test presses on the mocks' sign-in and consent pages (`mock_providers::github::views`
//! and `google::views` draw them): the button of one seeded account, and consent's approve.

/// GitHub's sign-in page: the button that signs in `login`.
pub fn github_account(login: &str) -> String {
    format!("form[action='/session']:has(input[name='login'][value='{login}']) button")
}

/// Google's account chooser: the button that signs in `email`.
pub fn google_account(email: &str) -> String {
    format!("form[action='/ServiceLogin']:has(input[name='email'][value='{email}']) button")
}

/// Either provider's consent page: the button that authorizes the app.
pub const APPROVE: &str = "button[name='authorize'][value='1']";
