//! Just enough HTML reading to submit the providers' forms as a browser would: each `<form>`
//! with its action, method, hidden inputs, visible input names and submit buttons.

/// One form on a page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Form {
    pub action: Option<String>,
    pub method: String,
    /// `type="hidden"` inputs, in order.
    pub hidden: Vec<(String, String)>,
    /// Names of the inputs a person fills in (text, email, password...).
    pub fields: Vec<String>,
    /// Submit buttons with a name: (name, value).
    pub buttons: Vec<(String, String)>,
}

impl Form {
    pub fn has_field(&self, name: &str) -> bool {
        self.fields.iter().any(|f| f == name)
    }

    pub fn has_button(&self, name: &str, value: &str) -> bool {
        self.buttons.iter().any(|(n, v)| n == name && v == value)
    }
}

/// The attributes of the tag starting at `tag` (text after `<name`, up to `>`).
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut attrs = Vec::new();
    let mut rest = tag;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() || rest.starts_with('>') || rest.starts_with("/>") {
            return attrs;
        }
        let name_end = rest
            .find(|c: char| c == '=' || c == '>' || c.is_whitespace() || c == '/')
            .unwrap_or(rest.len());
        if name_end == 0 {
            rest = &rest[1..];
            continue;
        }
        let name = rest[..name_end].to_ascii_lowercase();
        rest = rest[name_end..].trim_start();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (value, remaining) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let end = after[1..].find(q).map_or(after.len(), |i| i + 1);
                    (&after[1..end], after.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            attrs.push((name, unescape(value)));
            rest = remaining;
        } else {
            attrs.push((name, String::new()));
        }
    }
}

/// Decodes the character references of an attribute or a text.
pub fn unescape(s: &str) -> String {
    html_escape::decode_html_entities(s).into_owned()
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Every form of a page, with the controls inside it.
pub fn forms(html: &str) -> Vec<Form> {
    let lower = html.to_ascii_lowercase();
    let mut forms = Vec::new();
    let mut from = 0;
    while let Some(start) = lower[from..].find("<form").map(|i| i + from) {
        let end = lower[start..]
            .find("</form")
            .map_or(html.len(), |i| i + start);
        let body = &html[start..end];
        let body_lower = &lower[start..end];
        let head_end = body.find('>').unwrap_or(body.len());
        let form_attrs = attributes(&body[5..head_end]);
        let mut form = Form {
            action: attr(&form_attrs, "action").map(str::to_string),
            method: attr(&form_attrs, "method")
                .unwrap_or("get")
                .to_ascii_lowercase(),
            ..Form::default()
        };
        for tag in ["<input", "<button"] {
            let mut at = 0;
            while let Some(i) = body_lower[at..].find(tag).map(|i| i + at) {
                let attrs = attributes(&body[i + tag.len()..]);
                let kind = attr(&attrs, "type")
                    .unwrap_or(if tag == "<button" { "submit" } else { "text" })
                    .to_ascii_lowercase();
                if let Some(name) = attr(&attrs, "name") {
                    let value = attr(&attrs, "value").unwrap_or("").to_string();
                    match kind.as_str() {
                        "hidden" => form.hidden.push((name.into(), value)),
                        "submit" => form.buttons.push((name.into(), value)),
                        "button" | "reset" | "checkbox" | "radio" => {}
                        _ => form.fields.push(name.into()),
                    }
                }
                at = i + tag.len();
            }
        }
        forms.push(form);
        from = end.max(start + 5);
    }
    forms
}

/// Every hidden input of the page's forms, in order.
pub fn hidden_inputs(html: &str) -> Vec<(String, String)> {
    forms(html).into_iter().flat_map(|f| f.hidden).collect()
}

/// The value of the page's first hidden input named `name`.
pub fn hidden_input(html: &str, name: &str) -> Option<String> {
    let mut inputs = hidden_inputs(html).into_iter();
    inputs.find(|(n, _)| n == name).map(|(_, v)| v)
}

/// The page's `<title>`, for messages about an unexpected page.
pub fn title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let start = lower.find("<title>")? + "<title>".len();
    let end = lower[start..].find("</title>")? + start;
    Some(unescape(html[start..end].trim()))
}

/// The text of the page's section labelled `label` (`<section aria-label="...">`), its tags
/// dropped and its spaces collapsed: what a mock's error page says to do.
pub fn section_text(html: &str, label: &str) -> Option<String> {
    let start = html.find(&format!("<section aria-label=\"{label}\""))?;
    let end = html[start..].find("</section>")? + start;
    let mut text = String::new();
    let mut in_tag = false;
    for c in html[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = unescape(&text);
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_reads_as_its_words() {
        let page = r#"<main><section aria-label="How to fix it at this mock"><h2>At this mock</h2>
            <p>Register it:</p><pre><code>curl -d '{&quot;a&quot;:1}'</code></pre></section></main>"#;
        assert_eq!(
            section_text(page, "How to fix it at this mock").as_deref(),
            Some(r#"At this mock Register it: curl -d '{"a":1}'"#)
        );
        assert_eq!(section_text(page, "another"), None);
    }

    #[test]
    fn a_consent_page_gives_its_hidden_inputs_and_buttons() {
        let page = r#"<html><head><title>Authorize Logout Lab</title></head><body>
            <form method="post" action="/login/oauth/authorize?x=1&amp;y=2">
            <input type="hidden" name="client_id" value="logout-lab-github">
            <input type="hidden" name="state" value="a&quot;b">
            <button type="submit" name="authorize" value="1">Authorize</button>
            <button type="submit" name="authorize" value="0">Cancel</button>
            </form></body></html>"#;
        let forms = forms(page);
        assert_eq!(forms.len(), 1);
        let form = &forms[0];
        assert_eq!(
            form.action.as_deref(),
            Some("/login/oauth/authorize?x=1&y=2")
        );
        assert_eq!(form.method, "post");
        assert_eq!(
            form.hidden,
            [
                ("client_id".to_string(), "logout-lab-github".to_string()),
                ("state".to_string(), "a\"b".to_string())
            ]
        );
        assert!(form.has_button("authorize", "1"));
        assert!(form.has_button("authorize", "0"));
        assert_eq!(title(page).as_deref(), Some("Authorize Logout Lab"));
    }

    #[test]
    fn a_sign_in_page_gives_the_field_to_fill() {
        let page = r#"<form method=post action="/session"><input name="login" autofocus>
            <input type="hidden" name="return_to" value="/login/oauth/authorize?client_id=x">
            <input type="submit" value="Sign in"></form>
            <form method="post" action="/logout"><button>Sign out</button></form>"#;
        let forms = forms(page);
        assert_eq!(forms.len(), 2);
        assert!(forms[0].has_field("login"));
        assert_eq!(forms[0].hidden[0].0, "return_to");
        assert!(
            forms[0].buttons.is_empty(),
            "an unnamed submit sends nothing"
        );
        assert_eq!(forms[1].action.as_deref(), Some("/logout"));
    }
}
