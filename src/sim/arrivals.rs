//! The requests a table's run issues, in time order: Poisson arrivals per
//! operation, the keys each request picks, and what executing it will need
//! from the item generator, computed ahead.
//!
//! None of this depends on what the run does with the requests (throttling,
//! retries, the engine's state), so it is a pure function of the workload
//! and the seed, and `run.rs` computes it on a second thread while the
//! first admits and executes requests: arrivals come in blocks through a
//! bounded channel, and the output is the same whatever the threads'
//! timing. Each operation has its own random streams (`{table}/arrivals/i`
//! for times, `{table}/keys/i` for keys), so one operation's draws never
//! shift another's.
//!
//! Arrivals are Poisson by thinning: candidates at the operation's highest
//! rate over the run, each kept with probability (rate now / highest rate)
//! (Lewis and Shedler, 1979), which follows phases and ramps exactly.
//!
//! Depends on `keys`, `phases`, `items`, `rng`, `setup` and `workload`.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp};

use super::items::ItemGenerator;
use super::keys::KeyPicker;
use super::phases::LoadProfile;
use super::rng::stream;
use super::time::SimTime;
use crate::engine::Seed;
use crate::value::Item;
use crate::workload::OpKind;

/// What executing a request needs from the generator, made ahead.
#[derive(Debug, Clone, Default)]
pub enum Prepared {
    #[default]
    Nothing,
    /// A point read: the generated item's size in bytes.
    Size(u64),
    /// A write: the item to store (PutItem's new item, or the starting
    /// item a DeleteItem materialises if it is untouched).
    Item(Item),
    /// An UpdateItem: the starting item it materialises if it is
    /// untouched, packed here so the event loop need not pack it.
    Seed(Seed),
    /// A BatchGetItem or TransactGetItems: (pk, sk, generated size) of each
    /// item read, the request's own key first.
    Reads(Vec<(u64, u64, u64)>),
    /// A BatchWriteItem or TransactWriteItems: (pk, new item) of each put,
    /// the request's own key first.
    Writes(Vec<(u64, Item)>),
}

impl Prepared {
    /// The item, if one was made.
    pub fn into_item(self) -> Option<Item> {
        match self {
            Prepared::Item(item) => Some(item),
            Prepared::Seed(seed) => Some(seed.into_item()),
            _ => None,
        }
    }

    /// The seed, if one was made.
    pub fn into_seed(self) -> Option<Seed> {
        match self {
            Prepared::Seed(seed) => Some(seed),
            Prepared::Item(item) => Some(item.into()),
            _ => None,
        }
    }
}

/// One request as issued (its first attempt).
#[derive(Debug, Clone)]
pub struct Arrival {
    pub at_us: u64,
    /// The operation's position in the table's plans.
    pub op: usize,
    pub pk: u64,
    /// The sort key number: `0..items_per_key` for starting items, past it
    /// for the items PutItem adds (one new number per put).
    pub sk: u64,
    /// Where the engine files the item: (bucket, order prefix), for
    /// reading ahead ([`ItemGenerator::position`]).
    pub position: (u64, u64),
    pub prepared: Prepared,
}

/// One operation's arrival process.
#[derive(Debug, Clone)]
pub struct OpStream {
    pub kind: OpKind,
    pub rate_per_sec: f64,
    pub picker: KeyPicker,
    /// Items per request (batches and transactions).
    pub items: u64,
    /// The operation's own `item_size`, when it gives one: the size of the
    /// items a PutItem or batch write writes, and of the starting items a
    /// GetItem or batch read reads (items the run wrote are read at their
    /// size, by the engine).
    pub item_bytes: Option<u64>,
    /// For an UpdateItem: whether its requests leave the item as it is
    /// ([`OpPlan::changes_nothing`]), so its seeds are sent packed only.
    ///
    /// [`OpPlan::changes_nothing`]: super::setup::OpPlan::changes_nothing
    pub unchanged_by_updates: bool,
}

struct Stream {
    op: OpStream,
    /// The next candidate arrival, or `None` once past the end.
    next_us: Option<u64>,
    gaps: Option<Exp<f64>>,
    time_rng: ChaCha8Rng,
    key_rng: ChaCha8Rng,
}

/// The time-ordered arrivals of one table's run.
pub struct Arrivals {
    streams: Vec<Stream>,
    profile: LoadProfile,
    items: ItemGenerator,
    items_per_key: u64,
    end_us: u64,
    /// PutItems issued so far (numbers their new items).
    puts: u64,
}

impl Arrivals {
    pub fn new(
        table: &str,
        seed: u64,
        ops: Vec<OpStream>,
        profile: LoadProfile,
        items: ItemGenerator,
        items_per_key: u64,
        end_us: u64,
    ) -> Arrivals {
        let max = profile.max();
        let mut streams: Vec<Stream> = ops
            .into_iter()
            .enumerate()
            .map(|(i, op)| Stream {
                gaps: Exp::new(op.rate_per_sec * max).ok().filter(|_| op.rate_per_sec * max > 0.0),
                op,
                next_us: Some(0),
                time_rng: stream(seed, &format!("{table}/arrivals/{i}")),
                key_rng: stream(seed, &format!("{table}/keys/{i}")),
            })
            .collect();
        for s in &mut streams {
            s.advance(0, end_us);
        }
        Arrivals { streams, profile, items, items_per_key: items_per_key.max(1), end_us, puts: 0 }
    }

    /// The next `n` arrivals (fewer at the end of the run; none after it).
    pub fn next_block(&mut self, n: usize) -> Vec<Arrival> {
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            match self.next_arrival() {
                Some(a) => out.push(a),
                None => break,
            }
        }
        out
    }

    fn next_arrival(&mut self) -> Option<Arrival> {
        loop {
            // The earliest candidate; ties go to the earlier operation.
            let (i, at_us) = self
                .streams
                .iter()
                .enumerate()
                .filter_map(|(i, s)| s.next_us.map(|t| (i, t)))
                .min_by_key(|&(i, t)| (t, i))?;
            let keep = self.profile.at(SimTime::from_micros(at_us)) / self.profile.max();
            let s = &mut self.streams[i];
            let accepted = s.time_rng.random_bool(keep.clamp(0.0, 1.0));
            s.advance(at_us, self.end_us);
            if accepted {
                return Some(self.issue(i, at_us));
            }
        }
    }

    fn issue(&mut self, i: usize, at_us: u64) -> Arrival {
        let s = &mut self.streams[i];
        let pk = s.op.picker.pick(&mut s.key_rng);
        let mut sk = s.key_rng.random_range(0..self.items_per_key);
        let item_bytes = s.op.item_bytes;
        let prepared = match s.op.kind {
            OpKind::GetItem => {
                Prepared::Size(item_bytes.unwrap_or_else(|| self.items.size(pk, sk)))
            }
            OpKind::UpdateItem => {
                let item = self.items.item(pk, sk);
                // Packed only when the update leaves it as it is: the item
                // is then freed here, not on the event loop's thread.
                Prepared::Seed(if s.op.unchanged_by_updates {
                    Seed::packed_only(&item)
                } else {
                    Seed::packed(item)
                })
            }
            OpKind::DeleteItem => Prepared::Item(self.items.item(pk, sk)),
            OpKind::PutItem => {
                sk = self.new_sort_key();
                Prepared::Item(self.items.item_sized(pk, sk, item_bytes))
            }
            OpKind::BatchGetItem | OpKind::TransactGetItems => {
                let size = |pk, sk| item_bytes.unwrap_or_else(|| self.items.size(pk, sk));
                let mut keys = vec![(pk, sk, size(pk, sk))];
                for _ in 1..s.op.items.max(1) {
                    let pk = s.op.picker.pick(&mut s.key_rng);
                    let sk = s.key_rng.random_range(0..self.items_per_key);
                    keys.push((pk, sk, size(pk, sk)));
                }
                Prepared::Reads(keys)
            }
            OpKind::BatchWriteItem | OpKind::TransactWriteItems => {
                let mut pks = vec![pk];
                for _ in 1..s.op.items.max(1) {
                    pks.push(s.op.picker.pick(&mut s.key_rng));
                }
                let items = pks
                    .into_iter()
                    .map(|pk| {
                        let sk = self.new_sort_key();
                        (pk, self.items.item_sized(pk, sk, item_bytes))
                    })
                    .collect();
                Prepared::Writes(items)
            }
            OpKind::Query | OpKind::Scan => Prepared::Nothing,
        };
        Arrival { at_us, op: i, pk, sk, position: self.items.position(pk, sk), prepared }
    }
}

impl Arrivals {
    /// A sort key number no item has: past the starting items', one per
    /// item put in the run (unique across partition keys).
    fn new_sort_key(&mut self) -> u64 {
        self.puts += 1;
        self.items_per_key + self.puts - 1
    }
}

impl Stream {
    /// Draws the candidate after the one at `now_us`.
    fn advance(&mut self, now_us: u64, end_us: u64) {
        let Some(exp) = &self.gaps else {
            self.next_us = None;
            return;
        };
        if self.next_us.is_none() {
            return;
        }
        let gap_s: f64 = exp.sample(&mut self.time_rng);
        let gap_us = (gap_s * 1_000_000.0).ceil().max(1.0) as u64;
        let next = now_us.saturating_add(gap_us);
        self.next_us = (next <= end_us).then_some(next);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::items::tests::table;
    use crate::workload::{KeyDistribution, Phase};

    fn arrivals(rates: &[(OpKind, f64)], phases: &[Phase], end_s: u64) -> Arrivals {
        let ops = rates
            .iter()
            .map(|&(kind, rate_per_sec)| OpStream {
                kind,
                rate_per_sec,
                picker: KeyPicker::new(&KeyDistribution::Uniform, 100),
                items: 1,
                item_bytes: None,
                unchanged_by_updates: false,
            })
            .collect();
        let t = table(Some(300));
        Arrivals::new(
            "T",
            7,
            ops,
            LoadProfile::new(phases),
            ItemGenerator::new(&t),
            10,
            end_s * 1_000_000,
        )
    }

    fn all(mut a: Arrivals) -> Vec<Arrival> {
        let mut v = Vec::new();
        loop {
            let b = a.next_block(1_000);
            if b.is_empty() {
                return v;
            }
            v.extend(b);
        }
    }

    #[test]
    fn arrivals_are_in_time_order_at_the_poisson_rate() {
        let v = all(arrivals(&[(OpKind::GetItem, 200.0), (OpKind::PutItem, 50.0)], &[], 100));
        assert!(v.windows(2).all(|w| (w[0].at_us, w[0].op) <= (w[1].at_us, w[1].op)));
        let gets = v.iter().filter(|a| a.op == 0).count() as f64;
        let puts = v.iter().filter(|a| a.op == 1).count() as f64;
        // 20,000 and 5,000 expected; a Poisson count's sd is its root.
        assert!((gets - 20_000.0).abs() < 4.0 * 20_000f64.sqrt(), "{gets}");
        assert!((puts - 5_000.0).abs() < 4.0 * 5_000f64.sqrt(), "{puts}");
        assert!(v.iter().all(|a| a.at_us <= 100_000_000));
    }

    #[test]
    fn puts_number_new_items_and_reads_carry_the_generated_size() {
        let v = all(arrivals(&[(OpKind::GetItem, 50.0), (OpKind::PutItem, 50.0)], &[], 10));
        let put_sks: Vec<u64> = v.iter().filter(|a| a.op == 1).map(|a| a.sk).collect();
        assert_eq!(put_sks, (10..10 + put_sks.len() as u64).collect::<Vec<_>>());
        let g = ItemGenerator::new(&table(Some(300)));
        for a in &v {
            match &a.prepared {
                Prepared::Size(s) => assert_eq!(*s, g.size(a.pk, a.sk)),
                Prepared::Item(item) => assert_eq!(*item, g.item(a.pk, a.sk)),
                other => panic!("a GetItem or PutItem prepared {other:?}"),
            }
        }
    }

    // An update's starting item comes packed, exactly as the engine would
    // pack it, so the event loop can store it without packing.
    #[test]
    fn updates_carry_their_starting_item_packed() {
        use crate::capacity::item_size::item_size;
        use crate::engine::table::Stored;
        let g = ItemGenerator::new(&table(Some(300)));
        for unchanged in [false, true] {
            let mut made = arrivals(&[(OpKind::UpdateItem, 50.0)], &[], 10);
            made.streams[0].op.unchanged_by_updates = unchanged;
            let v = all(made);
            assert!(v.len() > 100);
            for a in &v {
                let Prepared::Seed(seed) = &a.prepared else {
                    panic!("an UpdateItem prepared {:?}", a.prepared)
                };
                let item = g.item(a.pk, a.sk);
                assert_eq!(seed.to_item(), item);
                assert_eq!(seed.stored(), Some(&Stored::new(&item, item_size(&item))));
                // Updates that change nothing send the item packed only.
                assert_eq!(seed.is_packed_only(), unchanged);
            }
        }
    }

    #[test]
    fn thinning_follows_the_phases() {
        use crate::units::SimDuration;
        let phases = [
            Phase { at: SimDuration::from_secs(0), multiplier: 1.into(), ramp: None },
            Phase { at: SimDuration::from_secs(50), multiplier: 4.into(), ramp: None },
        ];
        let v = all(arrivals(&[(OpKind::GetItem, 100.0)], &phases, 100));
        let first = v.iter().filter(|a| a.at_us < 50_000_000).count() as f64;
        let second = v.len() as f64 - first;
        assert!((first - 5_000.0).abs() < 4.0 * 5_000f64.sqrt(), "{first}");
        assert!((second - 20_000.0).abs() < 4.0 * 20_000f64.sqrt(), "{second}");
    }

    #[test]
    fn the_stream_is_the_same_in_any_block_size() {
        let a = all(arrivals(&[(OpKind::UpdateItem, 300.0), (OpKind::GetItem, 100.0)], &[], 5));
        let mut source = arrivals(&[(OpKind::UpdateItem, 300.0), (OpKind::GetItem, 100.0)], &[], 5);
        let mut b = Vec::new();
        loop {
            let block = source.next_block(7);
            if block.is_empty() {
                break;
            }
            b.extend(block);
        }
        let key = |v: &[Arrival]| v.iter().map(|a| (a.at_us, a.op, a.pk, a.sk)).collect::<Vec<_>>();
        assert_eq!(key(&a), key(&b));
    }
}
