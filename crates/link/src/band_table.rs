//! The map of one LSH band: band key → one `u32` (an article, or a tagged overflow list).
//!
//! Why a small open-addressing table instead of `HashMap`: an index of a large corpus
//! holds far more band entries than the CPU caches, so every insert and query costs one
//! cache miss per band, and that miss is the whole price. Here a key and its value share
//! one 8-byte slot, found by linear probing from a home slot that the caller can compute
//! (and prefetch) for every band before reading any of them, so the misses of the bands
//! of one signature overlap instead of queueing. `HashMap` keeps keys and control bytes
//! apart and offers no way to prefetch. Nothing is ever removed, so there are no
//! tombstones.

/// A slot nobody holds: key `u32::MAX` with value `u32::MAX`, a value the index never
/// stores (article ids are below 2^31, and overflow-list tags stay below `u32::MAX`).
const EMPTY: u64 = u64::MAX;

/// Smallest number of slots (a power of two).
const MIN_SLOTS: usize = 16;

/// An open-addressing map from `u32` band keys to `u32` values (see the module docs).
#[derive(Debug, Clone)]
pub(crate) struct BandTable {
    /// `key << 32 | value`, or [`EMPTY`]; the length is a power of two.
    slots: Vec<u64>,
    /// Entries held.
    len: usize,
}

impl Default for BandTable {
    fn default() -> Self {
        Self {
            slots: vec![EMPTY; MIN_SLOTS],
            len: 0,
        }
    }
}

impl BandTable {
    /// Number of slots, held or not.
    pub(crate) fn capacity(&self) -> usize {
        self.slots.len()
    }

    /// The slot where the search for `key` starts. Band keys are already hashes, so one
    /// multiply spreads them over the table (by its top bits, like Fibonacci hashing).
    #[inline]
    pub(crate) fn home(&self, key: u32) -> usize {
        let spread = (u64::from(key) | 1 << 32).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (spread >> (64 - self.slots.len().trailing_zeros())) as usize
    }

    /// Asks the CPU to start loading the home slot of `key` (from [`home`](Self::home)):
    /// a hint, which changes no result.
    #[inline]
    pub(crate) fn prefetch(&self, home: usize) {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            let slot: *const u64 = &self.slots[home];
            // SAFETY: a prefetch reads nothing and cannot fault; SSE is part of x86_64.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(slot.cast()) };
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = home;
    }

    /// The value of `key`, searching from its `home` slot.
    #[inline]
    pub(crate) fn get(&self, key: u32, home: usize) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut i = home;
        loop {
            let slot = self.slots[i];
            if slot == EMPTY {
                return None;
            }
            if (slot >> 32) as u32 == key {
                return Some(slot as u32);
            }
            i = (i + 1) & mask;
        }
    }

    /// The slot holding `key` (for [`value`](Self::value) and [`set`](Self::set)), or
    /// `None` after inserting `value` for it. Never grows the table: call
    /// [`reserve`](Self::reserve) first, then take `home` from [`home`](Self::home).
    #[inline]
    pub(crate) fn get_or_insert(&mut self, key: u32, home: usize, value: u32) -> Option<usize> {
        debug_assert!(value != u32::MAX, "u32::MAX marks empty slots");
        let mask = self.slots.len() - 1;
        let mut i = home;
        loop {
            let slot = self.slots[i];
            if slot == EMPTY {
                self.slots[i] = u64::from(key) << 32 | u64::from(value);
                self.len += 1;
                return None;
            }
            if (slot >> 32) as u32 == key {
                return Some(i);
            }
            i = (i + 1) & mask;
        }
    }

    /// The value in slot `i` (from [`get_or_insert`](Self::get_or_insert)).
    #[inline]
    pub(crate) fn value(&self, i: usize) -> u32 {
        self.slots[i] as u32
    }

    /// Replaces the value in slot `i` (from [`get_or_insert`](Self::get_or_insert)).
    #[inline]
    pub(crate) fn set(&mut self, i: usize, value: u32) {
        debug_assert!(value != u32::MAX, "u32::MAX marks empty slots");
        self.slots[i] = (self.slots[i] & !u64::from(u32::MAX)) | u64::from(value);
    }

    /// Makes room for `additional` more entries: after this, that many inserts keep the
    /// load at most 4/5 (linear probing stays short) and move no slot.
    pub(crate) fn reserve(&mut self, additional: usize) {
        let needed = (self.len + additional).saturating_mul(5) / 4 + 1;
        if needed <= self.slots.len() {
            return;
        }
        let old = std::mem::replace(
            &mut self.slots,
            vec![EMPTY; needed.next_power_of_two().max(MIN_SLOTS)],
        );
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|&s| s != EMPTY) {
            let mut i = self.home((slot >> 32) as u32);
            while self.slots[i] != EMPTY {
                i = (i + 1) & mask;
            }
            self.slots[i] = slot;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn behaves_like_a_map_through_growth() {
        let mut table = BandTable::default();
        let mut model = HashMap::new();
        let mut x = 7u32;
        for i in 0..10_000u32 {
            // A few keys repeat, and the key u32::MAX is an ordinary key.
            x = x.wrapping_mul(0x2C1B_3C6D).wrapping_add(0x297A_2D39);
            let key = if i % 97 == 0 { u32::MAX } else { x % 50_000 };
            table.reserve(1);
            let home = table.home(key);
            match table.get_or_insert(key, home, i) {
                Some(slot) => {
                    assert_eq!(Some(&table.value(slot)), model.get(&key));
                    table.set(slot, table.value(slot) + 1);
                    *model.get_mut(&key).unwrap() += 1;
                }
                None => assert!(model.insert(key, i).is_none()),
            }
        }
        assert_eq!(table.len, model.len());
        assert!(table.len * 5 <= table.capacity() * 4);
        for (&k, &v) in &model {
            assert_eq!(table.get(k, table.home(k)), Some(v));
        }
        assert_eq!(table.get(60_000, table.home(60_000)), None);
    }
}
