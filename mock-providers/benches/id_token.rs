//! `cargo bench -p mock-providers --bench id_token`: how many RS256 ID tokens the mock Google
//! signs per second on one core, the work of each token endpoint answer that carries one.

use std::time::{Duration, Instant};

use serde_json::json;

fn main() {
    let claims = json!({
        "iss": "http://127.0.0.1:3002", "aud": "logout-lab.apps.googleusercontent.com",
        "sub": "109876543210987654321", "email": "ada@example.com", "email_verified": true,
        "iat": 1_790_000_000, "exp": 1_790_003_600, "name": "Ada Lovelace",
    });
    // The key is parsed once, on first use.
    let _ = mock_providers::google::id_token::sign(&claims);
    let mut rates = Vec::new();
    for _ in 0..5 {
        let (started, mut signed) = (Instant::now(), 0u32);
        while started.elapsed() < Duration::from_secs(1) {
            std::hint::black_box(mock_providers::google::id_token::sign(&claims));
            signed += 1;
        }
        rates.push(f64::from(signed) / started.elapsed().as_secs_f64());
    }
    rates.sort_by(f64::total_cmp);
    println!(
        "RS256 ID tokens signed per second, one core (5 runs of 1 s): median {:.0}, min {:.0}, max {:.0}",
        rates[2], rates[0], rates[4]
    );
}
