//! Which events a call recorded: the recording layer ([`crate::recording`]) runs each call of
//! a provider endpoint [`within`] a scope of its own, every event pushed meanwhile is
//! [`noted`](note) there, and once the call is answered the layer keeps the call in full on
//! those events ([`Inner::keep_exchange`]). A task-local scope rather than an argument: every
//! handler records events through the store, and none of them needs to know.

use std::cell::RefCell;
use std::sync::Arc;

use super::inner::Inner;
use crate::api::ExchangeRecord;

tokio::task_local! {
    static CALL: RefCell<Vec<u64>>;
}

/// Runs `call`, and returns its output with the sequence numbers of the events it recorded.
pub async fn within<F: Future>(call: F) -> (F::Output, Vec<u64>) {
    CALL.scope(RefCell::new(Vec::new()), async {
        let output = call.await;
        (output, CALL.with(RefCell::take))
    })
    .await
}

/// Notes the event `seq` on the call being answered, if any.
pub(super) fn note(seq: u64) {
    let _ = CALL.try_with(|seqs| seqs.borrow_mut().push(seq));
}

impl Inner {
    /// Keeps `exchange` on the events `seqs` that the log still holds, and wakes the live
    /// views, which show it.
    pub fn keep_exchange(&mut self, seqs: &[u64], exchange: Arc<ExchangeRecord>) {
        let Some(&oldest) = seqs.iter().min() else {
            return;
        };
        self.events.change_newest(|event| {
            if event.seq < oldest {
                return false;
            }
            if seqs.contains(&event.seq) {
                event.exchange = Some(exchange.clone());
            }
            true
        });
        self.notify();
    }
}
