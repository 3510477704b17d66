//! The client's retry policy: capped exponential backoff with jitter, as the
//! AWS SDKs do for throttled DynamoDB requests (Developer Guide, "Error
//! retries and exponential backoff"; facts §3.8).

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::units::SimDuration;
use crate::workload::{ClientSettings, Jitter};

/// The delay before retry number `retry` (1 for the first retry):
/// `min(max_delay, base_delay x 2^(retry-1))`, then jittered.
pub fn backoff(settings: &ClientSettings, retry: u32, rng: &mut ChaCha8Rng) -> SimDuration {
    let base = settings.base_delay.micros();
    let shift = retry.saturating_sub(1).min(40);
    let exp = base.saturating_mul(1u64 << shift).min(settings.max_delay.micros());
    let us = match settings.jitter {
        Jitter::None => exp,
        Jitter::Full => rng.random_range(0..=exp),
        Jitter::Equal => exp / 2 + rng.random_range(0..=exp - exp / 2),
    };
    SimDuration::from_micros(us)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::stream;

    fn settings(jitter: Jitter) -> ClientSettings {
        ClientSettings {
            max_attempts: 10,
            base_delay: SimDuration::from_micros(50_000),
            max_delay: SimDuration::from_secs(20),
            jitter,
        }
    }

    // botocore legacy retries for DynamoDB: base 50 ms, growth 2, no jitter:
    // 50, 100, 200, 400 ms ...
    #[test]
    fn no_jitter_doubles_from_the_base() {
        let mut rng = stream(1, "client");
        let s = settings(Jitter::None);
        let d: Vec<u64> = (1..=4).map(|r| backoff(&s, r, &mut rng).micros() / 1_000).collect();
        assert_eq!(d, [50, 100, 200, 400]);
    }

    #[test]
    fn delays_are_capped() {
        let mut rng = stream(1, "client");
        assert_eq!(backoff(&settings(Jitter::None), 30, &mut rng).micros(), 20_000_000);
    }

    #[test]
    fn full_jitter_stays_within_zero_and_the_exponential_delay() {
        let mut rng = stream(1, "client");
        let s = settings(Jitter::Full);
        for _ in 0..1_000 {
            let d = backoff(&s, 3, &mut rng).micros();
            assert!(d <= 200_000);
        }
    }

    #[test]
    fn equal_jitter_keeps_at_least_half() {
        let mut rng = stream(1, "client");
        let s = settings(Jitter::Equal);
        for _ in 0..1_000 {
            let d = backoff(&s, 2, &mut rng).micros();
            assert!((50_000..=100_000).contains(&d), "{d}");
        }
    }
}
