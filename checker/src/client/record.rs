//! What a browser sent and got back, and when: the exchanges a step's sequence diagram draws,
//! each of which opens in the HTML report to its request and response in full. Bodies are
//! kept up to [`BODY_KEPT`] characters, which is all the report shows of one.

use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use url::Url;

use super::Response;

/// The most of a body a record keeps, in characters: a page of the course is read in full,
/// a long document is cut (the report says so, with its length).
pub const BODY_KEPT: usize = 2000;

/// The start of a body, and how long it was.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Kept {
    /// The first [`BODY_KEPT`] characters at most.
    pub text: String,
    /// The whole body's length, in characters.
    pub chars: usize,
}

impl Kept {
    pub fn new(body: &str) -> Kept {
        let chars = body.chars().count();
        let text = match body.char_indices().nth(BODY_KEPT) {
            Some((end, _)) => body[..end].to_string(),
            None => body.to_string(),
        };
        Kept { text, chars }
    }

    /// Whether part of the body was left out.
    pub fn is_cut(&self) -> bool {
        self.chars > self.text.chars().count()
    }
}

/// An answer as a browser received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Kept,
}

impl Received {
    pub fn new(response: &Response) -> Received {
        Received {
            status: response.status,
            headers: response.headers.clone(),
            body: Kept::new(&response.body),
        }
    }
}

/// One exchange a browser made: the request as sent (its headers, the cookies among them,
/// and its body), the answer or why none came, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Sent {
    pub method: &'static str,
    pub url: Url,
    pub headers: Vec<(String, String)>,
    pub body: Option<Kept>,
    /// The answer, or what went wrong (the connection failed, the answer could not be read).
    pub answer: Result<Received, String>,
    pub started: SystemTime,
    pub finished: SystemTime,
}

impl Sent {
    /// The answer's status, if one came.
    pub fn status(&self) -> Option<u16> {
        self.answer.as_ref().ok().map(|r| r.status)
    }
}

/// Where browsers write what they sent; clones share it, so the browsers of one check write
/// to one record.
#[derive(Debug, Clone, Default)]
pub struct Record(Arc<Mutex<Vec<Sent>>>);

impl Record {
    pub fn push(&self, sent: Sent) {
        if let Ok(mut all) = self.0.lock() {
            all.push(sent);
        }
    }

    /// Everything recorded so far, which leaves the record empty.
    pub fn take(&self) -> Vec<Sent> {
        self.0
            .lock()
            .map(|mut all| std::mem::take(&mut *all))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_body_is_kept_in_part_with_its_length() {
        let short = Kept::new("héllo");
        assert_eq!((short.text.as_str(), short.chars), ("héllo", 5));
        assert!(!short.is_cut());
        let long = "é".repeat(BODY_KEPT + 5);
        let kept = Kept::new(&long);
        assert_eq!(kept.text.chars().count(), BODY_KEPT);
        assert_eq!(kept.chars, BODY_KEPT + 5);
        assert!(kept.is_cut());
    }
}
