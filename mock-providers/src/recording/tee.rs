//! A request body that keeps its start as the handler reads it: the handler reads the body
//! it always did (with its own limits), and the record gets the first bytes and the length.

use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, ready};

use axum::body::{Body, Bytes, HttpBody};
use http_body::{Frame, SizeHint};

use crate::api::BODY_KEPT;

/// How much of a body is kept before masking: masking shortens tokens, so twice what an
/// exchange shows, which is cut after masking.
pub const CAPTURED: usize = 2 * BODY_KEPT;

/// The start of a body, and its length so far.
#[derive(Debug, Default)]
pub struct Kept {
    pub start: Vec<u8>,
    pub len: usize,
}

impl Kept {
    fn keep(&mut self, data: &[u8]) {
        let room = CAPTURED.saturating_sub(self.start.len());
        self.start.extend_from_slice(&data[..data.len().min(room)]);
        self.len += data.len();
    }
}

/// Where the body's start is written while the handler reads it.
#[derive(Debug, Clone, Default)]
pub struct Shared(Arc<Mutex<Kept>>);

impl Shared {
    /// What was kept (and read): call once the handler is done.
    pub fn take(&self) -> Kept {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// The request body, passing through.
pub struct Tee {
    inner: Body,
    kept: Shared,
}

impl Tee {
    /// `body` as a body that keeps its start, and where that start can be read.
    pub fn wrap(body: Body) -> (Body, Shared) {
        let kept = Shared::default();
        let tee = Tee {
            inner: body,
            kept: kept.clone(),
        };
        (Body::new(tee), kept)
    }
}

impl HttpBody for Tee {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let frame = ready!(Pin::new(&mut self.inner).poll_frame(cx));
        if let Some(data) = frame.as_ref().and_then(|f| f.as_ref().ok()?.data_ref()) {
            let mut kept = self.kept.0.lock().unwrap_or_else(|e| e.into_inner());
            kept.keep(data);
        }
        Poll::Ready(frame)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_is_kept_and_the_whole_length_counted() {
        let mut kept = Kept::default();
        kept.keep(&[b'a'; 10]);
        kept.keep(&vec![b'b'; CAPTURED]);
        assert_eq!(kept.len, CAPTURED + 10);
        assert_eq!(kept.start.len(), CAPTURED);
        assert_eq!(&kept.start[..11], b"aaaaaaaaaab");
    }
}
