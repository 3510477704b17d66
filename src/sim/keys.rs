//! Which partition key a request picks: uniform, Zipf, or a few hot keys.
//! Keys are numbered 0..n; key 0 is the most popular under Zipf and hot-keys.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Zipf};
use rust_decimal::prelude::ToPrimitive;

use crate::workload::KeyDistribution;

/// A sampler of key numbers in `0..n`.
#[derive(Debug, Clone)]
pub enum KeyPicker {
    Uniform { n: u64 },
    Zipf { n: u64, zipf: Zipf<f64> },
    HotKeys { n: u64, hot: u64, share: f64 },
}

impl KeyPicker {
    /// A picker over `n` keys (n >= 1) following `d`.
    pub fn new(d: &KeyDistribution, n: u64) -> KeyPicker {
        let n = n.max(1);
        match d {
            KeyDistribution::Uniform => KeyPicker::Uniform { n },
            KeyDistribution::Zipf(s) => {
                let s = s.to_f64().unwrap_or(1.0);
                // Validation guarantees 0 < s <= 10 and n >= 1, which Zipf accepts.
                let zipf = Zipf::new(n as f64, s).expect("validated Zipf parameters");
                KeyPicker::Zipf { n, zipf }
            }
            KeyDistribution::HotKeys(h) => KeyPicker::HotKeys {
                n,
                hot: h.count.clamp(1, n),
                share: h.share.to_f64().unwrap_or(0.0),
            },
        }
    }

    /// Draws a key number.
    pub fn pick(&self, rng: &mut ChaCha8Rng) -> u64 {
        match self {
            KeyPicker::Uniform { n } => rng.random_range(0..*n),
            KeyPicker::Zipf { n, zipf } => {
                let rank = zipf.sample(rng) as u64; // 1..=n
                rank.clamp(1, *n) - 1
            }
            KeyPicker::HotKeys { n, hot, share } => {
                if *hot >= *n || rng.random_bool(share.clamp(0.0, 1.0)) {
                    rng.random_range(0..*hot)
                } else {
                    rng.random_range(*hot..*n)
                }
            }
        }
    }

    pub fn keys(&self) -> u64 {
        match self {
            KeyPicker::Uniform { n } | KeyPicker::Zipf { n, .. } | KeyPicker::HotKeys { n, .. } => {
                *n
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::stream;
    use crate::workload::HotKeys;
    use rust_decimal_macros::dec;

    fn counts(p: &KeyPicker, draws: usize) -> Vec<u64> {
        let mut rng = stream(7, "keys");
        let mut c = vec![0u64; p.keys() as usize];
        for _ in 0..draws {
            c[p.pick(&mut rng) as usize] += 1;
        }
        c
    }

    #[test]
    fn uniform_spreads_evenly() {
        let c = counts(&KeyPicker::new(&KeyDistribution::Uniform, 10), 100_000);
        assert!(c.iter().all(|n| (9_500..=10_500).contains(n)), "{c:?}");
    }

    #[test]
    fn zipf_makes_key_zero_the_most_popular() {
        let c = counts(&KeyPicker::new(&KeyDistribution::Zipf(dec!(1.1)), 1_000), 100_000);
        assert!(c[0] > c[1] && c[1] > c[10] && c[10] > c[500], "{:?}", &c[..12]);
        // Zipf(s=1.1, n=1000): P(rank 1) = 1 / H(1000, 1.1) ~ 0.17.
        assert!((15_000..19_000).contains(&c[0]), "{}", c[0]);
    }

    #[test]
    fn hot_keys_take_their_share() {
        let d = KeyDistribution::HotKeys(HotKeys { count: 3, share: dec!(0.5) });
        let c = counts(&KeyPicker::new(&d, 1_000), 100_000);
        let hot: u64 = c[..3].iter().sum();
        assert!((49_000..51_000).contains(&hot), "{hot}");
    }
}
