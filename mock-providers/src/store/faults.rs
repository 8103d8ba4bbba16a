//! Armed faults: each call of its endpoint takes one off, until none is left.

use super::inner::Inner;
use crate::api::Fault;

impl Inner {
    /// Takes one call off the first fault armed for `endpoint`, if any.
    pub fn take_fault(&mut self, endpoint: &str) -> Option<Fault> {
        let index = self
            .faults
            .iter()
            .position(|f| f.endpoint == endpoint && f.remaining > 0)?;
        let fault = &mut self.faults[index];
        fault.remaining -= 1;
        let taken = fault.clone();
        if fault.remaining == 0 {
            self.faults.remove(index);
        }
        Some(taken)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_catch_exactly_n_calls() {
        let mut inner = Inner::for_tests();
        inner.faults.push(Fault {
            endpoint: "user".into(),
            remaining: 2,
            status: Some(503),
            delay_ms: None,
            drop_connection: false,
        });
        assert!(inner.take_fault("user").is_some());
        assert!(inner.take_fault("token").is_none());
        assert!(inner.take_fault("user").is_some());
        assert!(inner.take_fault("user").is_none());
    }
}
