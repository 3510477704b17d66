//! What the run has done to each of a table's starting items: untouched,
//! read (still exactly as generated), written (now stored in the engine),
//! or deleted. Two bits an item in 4 KiB pages allocated on first touch, so
//! a 50-million-item table costs at most 12.5 MB here however much of it a
//! run touches, and only what it touches.
//!
//! Depends on nothing else in the crate.

/// The state of one starting item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemState {
    /// Never read or written: exactly as the generator makes it.
    Untouched = 0,
    /// Read, never written: still exactly as the generator makes it.
    Read = 1,
    /// Written (put, updated): the engine holds the item.
    Stored = 2,
    /// Deleted: in neither the engine nor the starting data.
    Deleted = 3,
}

impl ItemState {
    fn from_bits(b: u64) -> ItemState {
        match b & 3 {
            0 => ItemState::Untouched,
            1 => ItemState::Read,
            2 => ItemState::Stored,
            _ => ItemState::Deleted,
        }
    }

    /// Whether the item exists and has been read or written.
    fn is_touched(self) -> bool {
        matches!(self, ItemState::Read | ItemState::Stored)
    }
}

/// Words in a page: 512 x 64 bits = 32,768 items at 2 bits each (4 KiB).
const PAGE_WORDS: usize = 512;
const ITEMS_PER_PAGE: u64 = (PAGE_WORDS as u64) * 32;

/// States of items numbered 0.. (the caller numbers them).
#[derive(Debug, Default)]
pub struct TouchMap {
    pages: Vec<Option<Box<[u64; PAGE_WORDS]>>>,
    /// Items now in state Read or Stored.
    touched: u64,
}

impl TouchMap {
    pub fn new() -> Self {
        Self::default()
    }

    /// The state of item `i`.
    pub fn get(&self, i: u64) -> ItemState {
        let page = (i / ITEMS_PER_PAGE) as usize;
        match self.pages.get(page) {
            Some(Some(words)) => {
                let slot = i % ITEMS_PER_PAGE;
                ItemState::from_bits(words[(slot / 32) as usize] >> ((slot % 32) * 2))
            }
            _ => ItemState::Untouched,
        }
    }

    /// Hints the CPU to load item `i`'s state, which [`TouchMap::get`]
    /// will read soon (a random access into up to 12.5 MB).
    pub fn prefetch(&self, i: u64) {
        let page = (i / ITEMS_PER_PAGE) as usize;
        if let Some(Some(words)) = self.pages.get(page) {
            crate::hint::prefetch(&words[((i % ITEMS_PER_PAGE) / 32) as usize]);
        }
    }

    /// Sets item `i` to `state`.
    pub fn set(&mut self, i: u64, state: ItemState) {
        let old = self.get(i);
        if old == state {
            return;
        }
        self.touched = self.touched - u64::from(old.is_touched()) + u64::from(state.is_touched());
        let page = (i / ITEMS_PER_PAGE) as usize;
        if self.pages.len() <= page {
            self.pages.resize_with(page + 1, || None);
        }
        let words = self.pages[page].get_or_insert_with(|| Box::new([0; PAGE_WORDS]));
        let slot = i % ITEMS_PER_PAGE;
        let shift = (slot % 32) * 2;
        let w = &mut words[(slot / 32) as usize];
        *w = (*w & !(3 << shift)) | ((state as u64) << shift);
    }

    /// Items read or written and not deleted.
    pub fn touched(&self) -> u64 {
        self.touched
    }

    /// Bytes this map holds (pages and page table).
    pub fn bytes(&self) -> u64 {
        let pages = self.pages.iter().filter(|p| p.is_some()).count() as u64;
        pages * (PAGE_WORDS as u64 * 8) + self.pages.capacity() as u64 * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_round_trip_and_count_touched_items() {
        let mut m = TouchMap::new();
        assert_eq!(m.get(5), ItemState::Untouched);
        m.set(5, ItemState::Read);
        m.set(6, ItemState::Stored);
        m.set(70_000, ItemState::Stored);
        // A prefetch (a hint) of an allocated or a missing page changes nothing.
        m.prefetch(5);
        m.prefetch(u64::MAX / 2);
        assert_eq!(m.get(5), ItemState::Read);
        assert_eq!(m.get(6), ItemState::Stored);
        assert_eq!(m.get(7), ItemState::Untouched);
        assert_eq!(m.get(70_000), ItemState::Stored);
        assert_eq!(m.touched(), 3);
        m.set(5, ItemState::Stored);
        assert_eq!(m.touched(), 3);
        m.set(6, ItemState::Deleted);
        assert_eq!(m.get(6), ItemState::Deleted);
        assert_eq!(m.get(5), ItemState::Stored);
        assert_eq!(m.touched(), 2);
    }

    #[test]
    fn only_touched_pages_are_allocated() {
        let mut m = TouchMap::new();
        m.set(10 * ITEMS_PER_PAGE + 3, ItemState::Read);
        assert_eq!(m.pages.iter().filter(|p| p.is_some()).count(), 1);
        assert!(m.bytes() < 5_000);
    }
}
