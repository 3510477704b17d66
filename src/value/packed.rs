//! [`PackedItem`]: an item in one compact heap allocation, the form the
//! engine's table store keeps items in (`engine::table::store`).
//!
//! A decoded [`Item`] costs a `Vec` of entries plus one allocation per name,
//! string, binary, list, map and set member: about 1.7 KB of heap for a
//! 1 KB item. The packed form is one `Box<[u8]>`; long runs of one byte
//! inside S and B values (simulated items are filler such as "xxxx…") are
//! stored as (byte, count), so a 1 KB filler item packs to about 60 bytes,
//! while real-world data pays at most a few bytes per value.
//!
//! # Format
//!
//! All counts and lengths are unsigned LEB128 varints (7 bits per byte,
//! low bits first, high bit set on every byte but the last).
//!
//! ```text
//! item    = map
//! map     = count:varint (name value){count}      names in ascending byte order
//! name    = len:varint utf8-byte{len}             (never run-length coded)
//! value   = tag:u8 payload
//!   tag 0 S     bytes                             (UTF-8 once decoded)
//!   tag 1 N     number
//!   tag 2 B     bytes
//!   tag 3 BOOL false, tag 4 BOOL true, tag 5 NULL (no payload)
//!   tag 6 L     count:varint value{count}
//!   tag 7 M     map
//!   tag 8 SS    count:varint bytes{count}         members in ascending order
//!   tag 9 NS    count:varint number{count}        members in ascending order
//!   tag 10 BS   count:varint bytes{count}         members in ascending order
//! number  = head:varint mantissa:varint
//!           head = zigzag(exponent) << 1 | negative;  the value is
//!           ±mantissa × 10^exponent, exactly `Number`'s normalised parts
//!           (mantissa up to 38 digits, so the varint has up to 19 bytes)
//! bytes   = h:varint, len = h >> 1 (the decoded length)
//!           h & 1 == 0: byte{len}, the value as is
//!           h & 1 == 1: chunks until len bytes are decoded, each one
//!             c:varint, n = c >> 1
//!             c & 1 == 0: a literal, byte{n} (n >= 1)
//!             c & 1 == 1: a run, one byte b: b repeated n + MIN_RUN times
//! ```
//!
//! A value takes the chunked form only if it holds a run of at least
//! [`MIN_RUN`] equal bytes, so a value without one costs exactly a
//! length-prefixed copy. Runs are of bytes, not characters; they stop at any
//! byte that differs, so a multibyte character next to a run stays literal
//! and decoding gives back the same UTF-8.
//!
//! Only [`PackedItem::encode`] makes a `PackedItem`, so the bytes are always
//! well formed: decoding has no error path and panics only on a bug here.
//! Depends on `attribute`, `number`.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt;

use super::attribute::{AttributeMap, AttributeValue, Item};
use super::number::Number;

/// Shortest run of one repeated byte that S and B values store as
/// (byte, count). A run costs 2-4 bytes, so shorter runs save too little to
/// be worth splitting a literal for.
pub const MIN_RUN: usize = 16;

/// Value tags (see the module doc).
mod tag {
    pub(super) const S: u8 = 0;
    pub(super) const N: u8 = 1;
    pub(super) const B: u8 = 2;
    pub(super) const FALSE: u8 = 3;
    pub(super) const TRUE: u8 = 4;
    pub(super) const NULL: u8 = 5;
    pub(super) const L: u8 = 6;
    pub(super) const M: u8 = 7;
    pub(super) const SS: u8 = 8;
    pub(super) const NS: u8 = 9;
    pub(super) const BS: u8 = 10;
}

/// Scratch space larger than this is given back after an encode (one
/// 400 KB item should not pin 400 KB per thread forever).
const SCRATCH_KEEP: usize = 64 * 1024;

thread_local! {
    /// Encoding buffer, reused so an encode makes exactly one allocation
    /// (the item's own, of its exact size).
    static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// An item in its packed binary form (see the module doc): one heap
/// allocation, no matter how many attributes.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PackedItem(Box<[u8]>);

impl PackedItem {
    /// Packs `item`.
    pub fn encode(item: &Item) -> PackedItem {
        SCRATCH.with_borrow_mut(|buf| {
            buf.clear();
            put_map(buf, item);
            let packed = PackedItem(Box::from(buf.as_slice()));
            buf.clear();
            buf.shrink_to(SCRATCH_KEEP);
            packed
        })
    }

    /// The item back, exactly as it was encoded.
    pub fn decode(&self) -> Item {
        let mut r = Reader { buf: &self.0, pos: 0 };
        let item = r.map();
        debug_assert_eq!(r.pos, self.0.len(), "trailing bytes in a packed item");
        item
    }

    /// One top-level attribute, decoding only that value (the others are
    /// skipped over, and the walk stops at the first name past `name`).
    pub fn get(&self, name: &str) -> Option<AttributeValue> {
        let mut r = Reader { buf: &self.0, pos: 0 };
        for _ in 0..r.len() {
            let n = r.len();
            match r.take(n).cmp(name.as_bytes()) {
                std::cmp::Ordering::Less => r.skip_value(),
                std::cmp::Ordering::Equal => return Some(r.value()),
                std::cmp::Ordering::Greater => return None,
            }
        }
        None
    }

    /// Size of the packed form in bytes (its heap allocation).
    pub fn packed_len(&self) -> usize {
        self.0.len()
    }

    /// The packed bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for PackedItem {
    /// Shows the decoded item, so test failures read like items.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PackedItem").field(&self.decode()).finish()
    }
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_varint128(out: &mut Vec<u8>, mut v: u128) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_len(out: &mut Vec<u8>, n: usize) {
    put_varint(out, n as u64);
}

fn put_map(out: &mut Vec<u8>, map: &AttributeMap) {
    put_len(out, map.len());
    for (name, value) in map {
        put_len(out, name.len());
        out.extend_from_slice(name.as_bytes());
        put_value(out, value);
    }
}

fn put_value(out: &mut Vec<u8>, value: &AttributeValue) {
    match value {
        AttributeValue::S(s) => {
            out.push(tag::S);
            put_bytes(out, s.as_bytes());
        }
        AttributeValue::N(n) => {
            out.push(tag::N);
            put_number(out, n);
        }
        AttributeValue::B(b) => {
            out.push(tag::B);
            put_bytes(out, b);
        }
        AttributeValue::Bool(b) => out.push(if *b { tag::TRUE } else { tag::FALSE }),
        AttributeValue::Null => out.push(tag::NULL),
        AttributeValue::L(list) => {
            out.push(tag::L);
            put_len(out, list.len());
            for v in list {
                put_value(out, v);
            }
        }
        AttributeValue::M(map) => {
            out.push(tag::M);
            put_map(out, map);
        }
        AttributeValue::Ss(set) => {
            out.push(tag::SS);
            put_len(out, set.len());
            for s in set {
                put_bytes(out, s.as_bytes());
            }
        }
        AttributeValue::Ns(set) => {
            out.push(tag::NS);
            put_len(out, set.len());
            for n in set {
                put_number(out, n);
            }
        }
        AttributeValue::Bs(set) => {
            out.push(tag::BS);
            put_len(out, set.len());
            for b in set {
                put_bytes(out, b);
            }
        }
    }
}

fn put_number(out: &mut Vec<u8>, n: &Number) {
    let e = n.exponent();
    let zigzag = ((e << 1) ^ (e >> 31)) as u32;
    put_varint(out, (u64::from(zigzag) << 1) | u64::from(n.is_negative()));
    put_varint128(out, n.mantissa());
}

/// Length of the run of equal bytes starting at `bytes[i]`, compared eight
/// bytes at a time while they match.
fn run_len(bytes: &[u8], i: usize) -> usize {
    let rest = &bytes[i..];
    let b = rest[0];
    let word = u64::from_ne_bytes([b; 8]);
    let whole = rest
        .chunks_exact(8)
        .take_while(|c| {
            u64::from_ne_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]) == word
        })
        .count()
        * 8;
    whole + rest[whole..].iter().take_while(|&&x| x == b).count()
}

/// The first run of at least [`MIN_RUN`] equal bytes at or after `from`,
/// as (start, length).
fn next_run(bytes: &[u8], from: usize) -> Option<(usize, usize)> {
    let mut i = from;
    while i < bytes.len() {
        let n = run_len(bytes, i);
        if n >= MIN_RUN {
            return Some((i, n));
        }
        i += n;
    }
    None
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    let len = bytes.len() as u64;
    let Some(mut run) = next_run(bytes, 0) else {
        put_varint(out, len << 1);
        out.extend_from_slice(bytes);
        return;
    };
    put_varint(out, (len << 1) | 1);
    let mut literal_from = 0;
    loop {
        let (start, n) = run;
        put_literal(out, &bytes[literal_from..start]);
        put_varint(out, (((n - MIN_RUN) as u64) << 1) | 1);
        out.push(bytes[start]);
        literal_from = start + n;
        match next_run(bytes, literal_from) {
            Some(next) => run = next,
            None => break,
        }
    }
    put_literal(out, &bytes[literal_from..]);
}

/// A literal chunk; nothing for an empty one.
fn put_literal(out: &mut Vec<u8>, bytes: &[u8]) {
    if !bytes.is_empty() {
        put_varint(out, (bytes.len() as u64) << 1);
        out.extend_from_slice(bytes);
    }
}

/// Reads the packed form. Out-of-range reads panic (slice indexing): the
/// bytes always come from `PackedItem::encode`.
struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> u8 {
        let b = self.buf[self.pos];
        self.pos += 1;
        b
    }

    fn take(&mut self, n: usize) -> &'a [u8] {
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        s
    }

    fn varint(&mut self) -> u64 {
        let (mut v, mut shift) = (0u64, 0);
        loop {
            let b = self.byte();
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return v;
            }
            shift += 7;
        }
    }

    fn varint128(&mut self) -> u128 {
        let (mut v, mut shift) = (0u128, 0);
        loop {
            let b = self.byte();
            v |= u128::from(b & 0x7f) << shift;
            if b < 0x80 {
                return v;
            }
            shift += 7;
        }
    }

    fn len(&mut self) -> usize {
        self.varint() as usize
    }

    fn map(&mut self) -> AttributeMap {
        let count = self.len();
        let mut entries = Vec::with_capacity(count);
        for _ in 0..count {
            let n = self.len();
            let name = std::str::from_utf8(self.take(n)).expect("packed names are UTF-8");
            entries.push((name.to_string(), self.value()));
        }
        AttributeMap::from_sorted_entries(entries)
    }

    fn value(&mut self) -> AttributeValue {
        match self.byte() {
            tag::S => AttributeValue::S(self.string()),
            tag::N => AttributeValue::N(self.number()),
            tag::B => AttributeValue::B(self.bytes()),
            tag::FALSE => AttributeValue::Bool(false),
            tag::TRUE => AttributeValue::Bool(true),
            tag::NULL => AttributeValue::Null,
            tag::L => {
                let count = self.len();
                AttributeValue::L((0..count).map(|_| self.value()).collect())
            }
            tag::M => AttributeValue::M(self.map()),
            // Members were written in ascending order, so collecting into
            // a set is a bulk build (the sort finds one run).
            tag::SS => {
                let count = self.len();
                AttributeValue::Ss((0..count).map(|_| self.string()).collect())
            }
            tag::NS => {
                let count = self.len();
                AttributeValue::Ns((0..count).map(|_| self.number()).collect::<BTreeSet<_>>())
            }
            tag::BS => {
                let count = self.len();
                AttributeValue::Bs((0..count).map(|_| self.bytes()).collect())
            }
            other => unreachable!("unknown packed value tag {other}"),
        }
    }

    fn skip_value(&mut self) {
        match self.byte() {
            tag::S | tag::B => self.skip_bytes(),
            tag::N => self.skip_number(),
            tag::FALSE | tag::TRUE | tag::NULL => {}
            tag::L => {
                for _ in 0..self.len() {
                    self.skip_value();
                }
            }
            tag::M => {
                for _ in 0..self.len() {
                    let n = self.len();
                    self.pos += n;
                    self.skip_value();
                }
            }
            tag::SS | tag::BS => {
                for _ in 0..self.len() {
                    self.skip_bytes();
                }
            }
            tag::NS => {
                for _ in 0..self.len() {
                    self.skip_number();
                }
            }
            other => unreachable!("unknown packed value tag {other}"),
        }
    }

    fn number(&mut self) -> Number {
        let head = self.varint();
        let zigzag = (head >> 1) as u32;
        let exponent = ((zigzag >> 1) as i32) ^ -((zigzag & 1) as i32);
        let mantissa = self.varint128();
        Number::from_normalised_parts(head & 1 == 1, mantissa, exponent as i16)
    }

    fn skip_number(&mut self) {
        self.varint();
        while self.byte() >= 0x80 {}
    }

    fn string(&mut self) -> String {
        String::from_utf8(self.bytes()).expect("packed S values are UTF-8")
    }

    fn bytes(&mut self) -> Vec<u8> {
        let h = self.varint();
        let len = (h >> 1) as usize;
        if h & 1 == 0 {
            return self.take(len).to_vec();
        }
        let mut out = Vec::with_capacity(len);
        while out.len() < len {
            let c = self.varint();
            let n = (c >> 1) as usize;
            if c & 1 == 0 {
                out.extend_from_slice(self.take(n));
            } else {
                let b = self.byte();
                out.resize(out.len() + n + MIN_RUN, b);
            }
        }
        out
    }

    fn skip_bytes(&mut self) {
        let h = self.varint();
        let len = (h >> 1) as usize;
        if h & 1 == 0 {
            self.pos += len;
            return;
        }
        let mut done = 0;
        while done < len {
            let c = self.varint();
            let n = (c >> 1) as usize;
            if c & 1 == 0 {
                self.pos += n;
                done += n;
            } else {
                self.pos += 1;
                done += n + MIN_RUN;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::arbitrary::item as arb_item;
    use super::*;

    fn round_trip(item: &Item) -> PackedItem {
        let packed = PackedItem::encode(item);
        assert_eq!(&packed.decode(), item);
        for (name, value) in item {
            assert_eq!(packed.get(name).as_ref(), Some(value), "get({name:?})");
        }
        packed
    }

    fn one(name: &str, value: AttributeValue) -> Item {
        [(name, value)].into_iter().collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        // Lossless: every value type, nested documents, sets, runs.
        #[test]
        fn decode_inverts_encode(item in arb_item()) {
            let packed = PackedItem::encode(&item);
            prop_assert_eq!(&packed.decode(), &item);
            for (name, value) in &item {
                prop_assert_eq!(packed.get(name), Some(value.clone()));
            }
            prop_assert_eq!(packed.get("\u{10FFFF}absent"), None);
        }
    }

    #[test]
    fn the_empty_item_is_one_byte() {
        let packed = round_trip(&Item::new());
        assert_eq!(packed.as_bytes(), [0]);
        assert_eq!(packed.get("a"), None);
    }

    #[test]
    fn every_scalar_and_empty_values_round_trip() {
        let item: Item = [
            ("s", AttributeValue::s("")),
            ("b", AttributeValue::B(vec![])),
            ("t", AttributeValue::Bool(true)),
            ("f", AttributeValue::Bool(false)),
            ("z", AttributeValue::Null),
            ("n0", AttributeValue::N(Number::ZERO)),
            ("", AttributeValue::L(vec![])),
            ("m", AttributeValue::M(AttributeMap::new())),
        ]
        .into_iter()
        .collect();
        round_trip(&item);
    }

    // Number limits (Developer Guide, "Supported data types"): 38 digits,
    // magnitudes from 1E-130 to 9.99…E+125, negative too.
    #[test]
    fn numbers_keep_their_exact_value() {
        for text in [
            "0",
            "-1",
            "1.5",
            "12345678901234567890123456789012345678",
            "-99999999999999999999999999999999999999",
            "1E-130",
            "-1E-130",
            "9.9999999999999999999999999999999999999E+125",
            "0.000000000000000000000000000000000000012345678901234567890123456789",
        ] {
            let n: Number = text.parse().unwrap();
            round_trip(&one("n", AttributeValue::N(n)));
        }
    }

    #[test]
    fn nested_documents_and_sets_round_trip() {
        let inner: AttributeMap = [
            ("list", AttributeValue::L(vec![AttributeValue::n(1), AttributeValue::Null])),
            ("deeper", AttributeValue::M(one("x", AttributeValue::s("y".repeat(40))))),
        ]
        .into_iter()
        .collect();
        let item: Item = [
            ("doc", AttributeValue::M(inner.clone())),
            ("l", AttributeValue::L(vec![AttributeValue::M(inner), AttributeValue::L(vec![])])),
            ("ss", AttributeValue::Ss(["".into(), "a".into(), "q".repeat(100)].into())),
            ("ns", AttributeValue::Ns([Number::from_i64(-3), "0.25".parse().unwrap()].into())),
            ("bs", AttributeValue::Bs([vec![], vec![0; 50], vec![1, 2, 3]].into())),
            ("zz", AttributeValue::n(7)),
        ]
        .into_iter()
        .collect();
        let packed = round_trip(&item);
        // `get` skips every kind of value on its way to the last one.
        assert_eq!(packed.get("zz"), Some(AttributeValue::n(7)));
        assert_eq!(packed.get("m"), None);
    }

    #[test]
    fn names_of_any_utf8_round_trip() {
        let item: Item = [
            ("é", AttributeValue::n(1)),
            ("名前", AttributeValue::n(2)),
            ("😀".repeat(20).as_str(), AttributeValue::n(3)),
            ("a\u{0}b", AttributeValue::n(4)),
        ]
        .into_iter()
        .collect();
        round_trip(&item);
    }

    // Item size limit: 400 KB (facts sheet §1.3); one value that large.
    #[test]
    fn a_400_kb_string_round_trips_both_as_filler_and_as_varied_text() {
        let filler = "u".repeat(409_000);
        let packed = round_trip(&one("s", AttributeValue::s(filler)));
        assert!(packed.packed_len() < 16, "{}", packed.packed_len());
        let varied: String = (0..409_000u32).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
        let packed = round_trip(&one("s", AttributeValue::s(varied)));
        // No runs: the text as is, plus count, name, tag and a 3-byte length.
        assert_eq!(packed.packed_len(), 409_000 + 1 + 2 + 1 + 3);
    }

    #[test]
    fn runs_shorter_than_the_threshold_stay_literal() {
        let below = "a".repeat(MIN_RUN - 1);
        let packed = round_trip(&one("s", AttributeValue::s(below.clone())));
        // count, name (2), tag, length, the bytes: the plain form.
        assert_eq!(packed.packed_len(), 1 + 2 + 1 + 1 + below.len());
        let at = "a".repeat(MIN_RUN);
        let packed = round_trip(&one("s", AttributeValue::s(at)));
        // count, name (2), tag, length, run header, run byte.
        assert_eq!(packed.packed_len(), 1 + 2 + 1 + 1 + 1 + 1);
        for n in [MIN_RUN + 1, 2 * MIN_RUN, 200, 1_000] {
            round_trip(&one("s", AttributeValue::s("a".repeat(n))));
            round_trip(&one("b", AttributeValue::B(vec![0xff; n])));
        }
    }

    #[test]
    fn runs_next_to_multibyte_characters_and_literals_round_trip() {
        for text in [
            format!("é{}é", "x".repeat(MIN_RUN)),
            format!("{}名{}", "x".repeat(MIN_RUN - 1), "y".repeat(MIN_RUN + 3)),
            format!("ab{}cd{}", "z".repeat(40), "\u{e9}".repeat(30)),
            // A repeated two-byte character (0xC4 0x81 …) is no byte run.
            "\u{101}".repeat(40),
            format!("{}😀{}", "\u{0}".repeat(20), "\u{7f}".repeat(17)),
        ] {
            round_trip(&one("s", AttributeValue::s(text.clone())));
            round_trip(&one("ss", AttributeValue::Ss([text.clone(), format!("{text}!")].into())));
            round_trip(&one("bs", AttributeValue::Bs([text.into_bytes()].into())));
        }
    }

    #[test]
    fn a_1_kb_filler_item_packs_to_under_100_bytes() {
        // The simulator's items: a key and filler strings (1,017 bytes).
        let mut item = Item::new();
        item.insert("pk", AttributeValue::s("user000042"));
        for name in ["a", "b", "c", "d", "e"] {
            item.insert(name, AttributeValue::s("x".repeat(200)));
        }
        assert_eq!(crate::capacity::item_size::item_size(&item), 1_017);
        let packed = round_trip(&item);
        assert!(packed.packed_len() < 64, "{}", packed.packed_len());
    }

    #[test]
    fn run_lengths_are_exact_across_word_boundaries() {
        for n in [1, 7, 8, 9, 15, 16, 17, 24, 31] {
            let mut bytes = vec![b'a'; n];
            bytes.push(b'b');
            assert_eq!(run_len(&bytes, 0), n);
            assert_eq!(run_len(&bytes, n), 1);
            if n > 1 {
                assert_eq!(run_len(&bytes, 1), n - 1);
            }
        }
    }

    #[test]
    fn get_stops_at_the_first_name_past_the_one_asked_for() {
        let item: Item =
            [("a", AttributeValue::n(1)), ("c", AttributeValue::n(3))].into_iter().collect();
        let packed = PackedItem::encode(&item);
        assert_eq!(packed.get("b"), None);
        assert_eq!(packed.get("d"), None);
        assert_eq!(packed.get(""), None);
        assert_eq!(packed.get("c"), Some(AttributeValue::n(3)));
    }

    #[test]
    fn debug_shows_the_decoded_item() {
        let packed = PackedItem::encode(&one("a", AttributeValue::Null));
        assert_eq!(
            format!("{packed:?}"),
            format!("PackedItem({:?})", one("a", AttributeValue::Null))
        );
    }
}
