//! When a failed revocation is tried again: capped exponential backoff with jitter.
//!
//! The n-th failed attempt waits `first × 2^(n-1)`, at most `cap`, then a random part of it
//! is taken off ("equal jitter": between half and all of it), so that revocations queued
//! together during one outage do not all return to the provider at the same instant.

use std::time::Duration;

/// The retry schedule of the revocation worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The wait after the first failure.
    pub first: Duration,
    /// The longest wait between two attempts.
    pub cap: Duration,
}

impl Backoff {
    /// The production schedule: 1 s, 2 s, 4 s... up to 5 minutes.
    pub const DEFAULT: Backoff = Backoff {
        first: Duration::from_secs(1),
        cap: Duration::from_secs(300),
    };

    /// The wait before the next attempt once `failures` attempts have failed (1 or more),
    /// without jitter.
    pub fn ceiling(&self, failures: u32) -> Duration {
        let doublings = failures.saturating_sub(1).min(31);
        self.first
            .saturating_mul(1u32 << doublings)
            .min(self.cap.max(self.first))
    }

    /// The wait before the next attempt, jittered: between half of [`Backoff::ceiling`] and
    /// all of it.
    pub fn delay(&self, failures: u32) -> Duration {
        let ceiling = self.ceiling(failures);
        let half = ceiling / 2;
        let spread = u64::try_from((ceiling - half).as_millis()).unwrap_or(u64::MAX);
        let random = u64::from_le_bytes(crate::random::bytes());
        half + Duration::from_millis(random % spread.saturating_add(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_up_to_the_cap() {
        let backoff = Backoff {
            first: Duration::from_millis(100),
            cap: Duration::from_millis(1000),
        };
        let ceilings: Vec<u128> = (1..=6).map(|n| backoff.ceiling(n).as_millis()).collect();
        assert_eq!(ceilings, [100, 200, 400, 800, 1000, 1000]);
        assert_eq!(backoff.ceiling(u32::MAX), Duration::from_millis(1000));
    }

    #[test]
    fn the_jitter_stays_between_half_and_all_of_the_wait() {
        let backoff = Backoff::DEFAULT;
        for failures in 1..12 {
            let ceiling = backoff.ceiling(failures);
            for _ in 0..50 {
                let delay = backoff.delay(failures);
                assert!(
                    delay >= ceiling / 2 && delay <= ceiling,
                    "{delay:?} of {ceiling:?}"
                );
            }
        }
    }
}
