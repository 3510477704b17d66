//! [`Dice`]: the seeded random source behind `practice`. ChaCha8 seeded
//! from a `u64`, drawing only `u32` ranges (never `usize` or floats), so the
//! same seed deals the same questions on every platform and word size.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A seeded source of realistic numbers.
#[derive(Debug, Clone)]
pub struct Dice {
    rng: ChaCha8Rng,
}

impl Dice {
    pub fn new(seed: u64) -> Self {
        Dice { rng: ChaCha8Rng::seed_from_u64(seed) }
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: u32, hi: u32) -> u32 {
        self.rng.random_range(lo..=hi)
    }

    /// A multiple of `step` in `lo..=hi` (`lo` and `hi` multiples of `step`).
    pub fn step(&mut self, lo: u32, hi: u32, step: u32) -> u32 {
        self.between(lo / step, hi / step) * step
    }

    /// One of `items` (which must not be empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// An index below `len` (`len` >= 1).
    pub fn index(&mut self, len: usize) -> usize {
        let last = u32::try_from(len.saturating_sub(1)).unwrap_or(u32::MAX);
        self.between(0, last) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.between(1, 100) <= percent
    }

    /// Shuffles `items` in place (Fisher-Yates on `u32` draws).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.index(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The same seed gives the same draws; these values are pinned so a
    // change of RNG or of the way ranges are drawn fails here first.
    #[test]
    fn same_seed_same_numbers() {
        let draw = |seed| {
            let mut d = Dice::new(seed);
            (0..6).map(|_| d.between(1, 1000)).collect::<Vec<_>>()
        };
        assert_eq!(draw(1), draw(1));
        assert_ne!(draw(1), draw(2));
        assert_eq!(draw(1), vec![550, 403, 985, 81, 212, 597]);
    }

    #[test]
    fn ranges_and_steps_stay_in_bounds() {
        let mut d = Dice::new(7);
        for _ in 0..1000 {
            let s = d.step(500, 20_000, 500);
            assert!((500..=20_000).contains(&s) && s.is_multiple_of(500));
            assert!(d.index(3) < 3);
        }
        let mut v = [1, 2, 3, 4, 5];
        d.shuffle(&mut v);
        v.sort_unstable();
        assert_eq!(v, [1, 2, 3, 4, 5]);
    }
}
