//! The app's own events ([`AppEvents`]): one bounded log shared by both mocks of a process,
//! with its own `watch` signal, apart from each provider's event log.

use std::sync::Mutex;

use tokio::sync::watch;

use super::record::AppEventRecord;
use crate::store::Ring;

/// What the app reported, oldest first, and the signal that wakes the timeline streams.
#[derive(Debug)]
pub struct AppEvents {
    log: Mutex<Log>,
    /// The sequence number the next app event will get.
    changes: watch::Sender<u64>,
}

#[derive(Debug)]
struct Log {
    events: Ring<AppEventRecord>,
    next_seq: u64,
}

impl AppEvents {
    /// A log of at most `capacity` events weighing at most `max_bytes`.
    pub fn new(capacity: usize, max_bytes: usize) -> Self {
        AppEvents {
            log: Mutex::new(Log {
                events: Ring::new(capacity, max_bytes),
                next_seq: 1,
            }),
            changes: watch::Sender::new(1),
        }
    }

    fn log(&self) -> std::sync::MutexGuard<'_, Log> {
        self.log.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Numbers and keeps `record` (its `seq` is replaced), wakes the streams, returns it.
    pub fn push(&self, mut record: AppEventRecord) -> AppEventRecord {
        let next = {
            let mut log = self.log();
            record.seq = log.next_seq;
            log.next_seq += 1;
            log.events.push(record.clone());
            log.next_seq
        };
        self.changes.send_replace(next);
        record
    }

    /// Every kept event, oldest first.
    pub fn all(&self) -> Vec<AppEventRecord> {
        self.log().events.iter().cloned().collect()
    }

    /// Forgets every event (numbers keep rising) and wakes the streams.
    pub fn clear(&self) {
        let next = {
            let mut log = self.log();
            log.events.clear();
            log.next_seq
        };
        self.changes.send_replace(next);
    }

    /// A receiver that wakes at every change.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.changes.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app_events::record::AppEventKind;
    use common::Provider;

    #[test]
    fn the_log_is_bounded_and_numbered() {
        let events = AppEvents::new(2, 1 << 20);
        for _ in 0..3 {
            events.push(AppEventRecord {
                seq: 0,
                time: String::new(),
                received_by: Provider::GitHub,
                kind: AppEventKind::Login,
                provider: None,
                user: None,
                token: None,
                detail: None,
            });
        }
        let seqs: Vec<u64> = events.all().iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [2, 3]);
        assert_eq!(*events.subscribe().borrow(), 4);
    }
}
