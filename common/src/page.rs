//! The frame of every HTML page the lab serves or writes (the app's, the mocks', the
//! checker's report): the doctype, English, UTF-8, a phone's viewport, the title, what the
//! page adds to its head (a stylesheet), and its body.

use maud::{DOCTYPE, Markup, html};

/// A whole HTML document.
pub fn document(title: &str, head: Markup, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                (head)
            }
            body { (body) }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_document_has_the_frame_and_escapes_the_title() {
        let page = super::document(
            "a < b",
            maud::html! { style { "p{}" } },
            maud::html! { p { "hi" } },
        );
        let page = page.into_string();
        assert!(
            page.starts_with("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        );
        assert!(
            page.contains("content=\"width=device-width, initial-scale=1\""),
            "{page}"
        );
        assert!(
            page.contains("<title>a &lt; b</title><style>p{}</style></head>"),
            "{page}"
        );
        assert!(page.ends_with("<body><p>hi</p></body></html>"), "{page}");
    }
}
