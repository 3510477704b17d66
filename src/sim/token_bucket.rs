//! A token bucket in exact integers: the admission-control primitive of
//! every partition and table.
//!
//! Tokens are micro-capacity-units (1 unit = 1,000,000), so a refill rate of
//! R units per second adds exactly R tokens per microsecond of simulated
//! time, with fractional rates carried exactly. A request is admitted while
//! the bucket is positive and is then charged its actual units, which may
//! take the bucket below zero (DynamoDB admits on an estimate and charges
//! the real size afterwards; the debt is repaid by later refills).

/// Micro-units per capacity unit.
pub const MICRO: i128 = 1_000_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenBucket {
    /// Current tokens (micro-units); may be negative after an overdraft.
    tokens: i128,
    /// Refill rate in micro-units per second.
    rate_per_sec: i128,
    /// Most tokens the bucket holds (micro-units).
    capacity: i128,
    /// Sub-token remainder carried between refills (micro-unit x microsecond).
    carry: i128,
    /// Simulated microsecond of the last refill.
    last_us: u64,
}

impl TokenBucket {
    /// A bucket refilled at `rate_micro_per_sec` (micro-units per second),
    /// holding at most `capacity_micro`, starting full at time `now_us`.
    pub fn new(rate_micro_per_sec: i128, capacity_micro: i128, now_us: u64) -> Self {
        TokenBucket {
            tokens: capacity_micro,
            rate_per_sec: rate_micro_per_sec,
            capacity: capacity_micro,
            carry: 0,
            last_us: now_us,
        }
    }

    /// A bucket for `units_per_sec` whole units per second that banks up to
    /// `burst_secs` seconds of unused capacity.
    pub fn per_second(units_per_sec: u64, burst_secs: u64, now_us: u64) -> Self {
        let rate = i128::from(units_per_sec) * MICRO;
        Self::new(rate, rate * i128::from(burst_secs.max(1)), now_us)
    }

    /// Adds the tokens earned since the last refill, up to the capacity.
    pub fn refill(&mut self, now_us: u64) {
        if now_us <= self.last_us {
            return;
        }
        let elapsed = i128::from(now_us - self.last_us);
        self.last_us = now_us;
        let earned = elapsed * self.rate_per_sec + self.carry;
        self.carry = earned % 1_000_000;
        self.tokens = (self.tokens + earned / 1_000_000).min(self.capacity);
        if self.tokens == self.capacity {
            self.carry = 0;
        }
    }

    /// Whether a request may start now (the bucket is positive).
    pub fn admits(&mut self, now_us: u64) -> bool {
        self.refill(now_us);
        self.tokens > 0
    }

    /// Charges `micro_units`; the bucket may go negative.
    pub fn charge(&mut self, now_us: u64, micro_units: i128) {
        self.refill(now_us);
        self.tokens -= micro_units;
    }

    /// Changes the refill rate and capacity from now on (provisioned capacity
    /// changed); banked tokens above the new capacity are dropped.
    pub fn set_rate(&mut self, now_us: u64, rate_micro_per_sec: i128, capacity_micro: i128) {
        self.refill(now_us);
        self.rate_per_sec = rate_micro_per_sec;
        self.capacity = capacity_micro;
        self.tokens = self.tokens.min(capacity_micro);
    }

    pub fn tokens(&self) -> i128 {
        self.tokens
    }

    pub fn rate_per_sec(&self) -> i128 {
        self.rate_per_sec
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: u64 = 1_000_000;

    /// Admits requests of `units` each at `per_sec` requests per second for
    /// `secs` seconds; returns how many were admitted.
    fn drive(b: &mut TokenBucket, start_us: u64, per_sec: u64, secs: u64, units: i128) -> u64 {
        let mut admitted = 0;
        let step = S / per_sec;
        for i in 0..per_sec * secs {
            let t = start_us + i * step;
            if b.admits(t) {
                b.charge(t, units * MICRO);
                admitted += 1;
            }
        }
        admitted
    }

    // A partition serves at most 1,000 write units per second: offered
    // 1,500 one-unit writes per second with no bank, about 1,000 get through.
    #[test]
    fn admits_at_the_refill_rate_and_throttles_the_excess() {
        let mut b = TokenBucket::new(1_000 * MICRO, 1_000 * MICRO, 0);
        b.charge(0, 1_000 * MICRO); // start empty
        let admitted = drive(&mut b, 0, 1_500, 60, 1);
        assert!((59_900..=60_100).contains(&admitted), "admitted {admitted}");
    }

    // Burst capacity (Developer Guide): up to 300 s of unused capacity is
    // banked. 100 units/s idle for 300 s banks 30,000 units.
    #[test]
    fn banks_at_most_300_seconds_of_unused_capacity() {
        let mut b = TokenBucket::per_second(100, 300, 0);
        b.charge(0, b.tokens()); // empty
        b.refill(600 * S); // idle 10 minutes
        assert_eq!(b.tokens(), 30_000 * MICRO);
    }

    // Fractional rates are exact: 1.5 units per second refilled one
    // microsecond at a time (1.5 micro-units each) gives exactly 1.5 units.
    #[test]
    fn fractional_rates_carry_exactly() {
        let mut b = TokenBucket::new(3 * MICRO / 2, 10 * MICRO, 0);
        b.charge(0, 10 * MICRO);
        for t in 1..=1_000_000u64 {
            b.refill(t);
        }
        assert_eq!(b.tokens(), 3 * MICRO / 2);
    }

    #[test]
    fn overdraft_is_repaid_before_the_next_admission() {
        let mut b = TokenBucket::new(10 * MICRO, 10 * MICRO, 0);
        assert!(b.admits(0));
        b.charge(0, 25 * MICRO); // a large item: 25 units on a 10-unit bucket
        assert!(!b.admits(S)); // -15 + 10 = -5
        assert!(b.admits(2 * S)); // +5
    }

    #[test]
    fn lowering_the_rate_drops_tokens_above_the_new_capacity() {
        let mut b = TokenBucket::per_second(1_000, 300, 0);
        b.set_rate(0, 10 * MICRO, 3_000 * MICRO);
        assert_eq!(b.tokens(), 3_000 * MICRO);
        assert_eq!(b.rate_per_sec(), 10 * MICRO);
    }
}
