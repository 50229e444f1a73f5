//! The LSH index over signatures, and the anchor index over rare features: candidate pairs
//! without comparing every pair.
//!
//! The index lives in memory and holds only what finding candidates needs (band keys and
//! anchor postings, never whole signatures). The store keeps each article's
//! [`Signature`] as a blob ([`Signature::to_bytes`]); at start-up the index is rebuilt by
//! inserting those blobs, and each new article is inserted once, so adding articles never
//! recomputes the corpus.
//!
//! # Banding: 42 bands × 3 rows (126 of the 128 values)
//!
//! A pair with Jaccard `s` shares a given band with probability `s^3`, and becomes a
//! candidate with probability `1 - (1 - s^3)^42` (the S-curve):
//!
//! | Jaccard | 0.05 | 0.1 | 0.2 | 0.3 | 0.4 | 0.5 | 0.6 | 0.8 |
//! |---|---|---|---|---|---|---|---|---|
//! | P(candidate) | 0.005 | 0.041 | 0.286 | 0.683 | 0.938 | 0.996 | 1.000 | 1.000 |
//!
//! The threshold (steepest point) is near `(1/42)^(1/3)` ≈ 0.29. Copies and light edits
//! (Jaccard ≥ 0.5) are found with probability ≥ 0.996; unrelated news shares almost no
//! 3-word shingles (Jaccard < 0.05) and is almost never a candidate. 32 × 4 would save a
//! quarter of the memory but finds only 87 % of pairs at Jaccard 0.5. Heavy paraphrases
//! (Jaccard 0.05-0.2) are left to the anchor index.
//!
//! # Memory
//!
//! Each band is a flat open-addressing table (`band_table`) from a 32-bit band key to a
//! 32-bit value: the one article in the bucket, or (tag bit set) the index of an overflow
//! list, both in one 8-byte slot. Almost every bucket of a large corpus holds one article,
//! and a table is kept between 2/5 and 4/5 full, so an article costs about one slot per
//! band (≈ 42 × 8 / load ≈ 420-840 bytes) plus its anchors (16-byte slots). A 32-bit band
//! key collides by chance with probability n / 2^32 per band (about 0.01 false candidates
//! per query at a million articles), which the later steps reject anyway.
//!
//! # Speed
//!
//! An index of a large corpus is far bigger than the CPU caches, so a band costs a cache
//! miss on every insert and query. Both compute the keys and home slots of all bands of a
//! signature first and prefetch them, so the misses overlap; a query can fill a buffer the
//! caller reuses ([`LshIndex::query_into`]), and [`LshIndex::reserve`] sizes the tables
//! once when the count is known.

use crate::band_table::BandTable;
use crate::signature::{ANCHOR_SEED, Signature};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// Default number of bands (see the module documentation for the S-curve).
pub const DEFAULT_BANDS: usize = 42;
/// Default rows (signature values) per band.
pub const DEFAULT_ROWS: usize = 3;
/// Default document frequency above which an anchor is too common to find candidates. It
/// bounds the cost of a query; rarity weighting already discounts common anchors. At 100,000
/// articles a person's name is held by a hundred or two, and a cap of 100 left heavy
/// rewrites (their names shared, little of their wording) without candidates.
pub const DEFAULT_MAX_ANCHOR_DF: usize = 250;

/// Set on a map value that points into the overflow lists rather than naming an article.
const LIST_TAG: u32 = 1 << 31;
/// The value of an anchor held by more than the maximum number of articles.
const SATURATED: u32 = u32::MAX;
/// Overflow lists the index can hold: their tagged indices stay below [`SATURATED`].
const MAX_LISTS: usize = (LIST_TAG - 1) as usize;
/// Bands whose keys are computed and prefetched together (see `band_group`).
const GROUP: usize = 32;

/// Keys are already XXH3 hashes, so the map's hasher only spreads them (one multiply)
/// instead of hashing them again with SipHash; it is also the same in every process.
#[derive(Default)]
struct SpreadHasher(u64);

impl Hasher for SpreadHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = xxh3_64(bytes);
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        // The table takes its control bits from the top of the hash: the multiply moves
        // the key's entropy there.
        self.0 = (n ^ (n >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type Spread = BuildHasherDefault<SpreadHasher>;

/// Banded MinHash LSH index plus an anchor index (see the module documentation).
///
/// Article ids are `u32` below 2^31 (the top bit tags overflow lists); larger ids are
/// refused by the insert methods.
#[derive(Default)]
pub struct LshIndex {
    bands: usize,
    rows: usize,
    /// One map per band: band key → article id or tagged overflow-list index.
    band_maps: Vec<BandTable>,
    /// Anchor hash → article id, tagged overflow-list index, or [`SATURATED`].
    anchors: HashMap<u64, u32, Spread>,
    /// Buckets and anchors held by more than one article.
    lists: Vec<Vec<u32>>,
    max_anchor_df: usize,
    /// Signatures inserted.
    len: usize,
    /// The largest id inserted so far.
    last_id: Option<u32>,
    /// Whether ids were only ever inserted in increasing order: then every bucket and
    /// posting lists its articles by increasing id, and a query can read it as of an id
    /// (see [`LshIndex::query_bands_before`]).
    ordered: bool,
}

impl std::fmt::Debug for LshIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LshIndex")
            .field("bands", &self.bands)
            .field("rows", &self.rows)
            .field("len", &self.len)
            .field("anchors", &self.anchors.len())
            .finish()
    }
}

impl LshIndex {
    /// An empty index of `bands` bands of `rows` values each (each at least 1).
    /// Signatures shorter than `bands × rows` use only their complete bands.
    pub fn new(bands: usize, rows: usize) -> Self {
        let bands = bands.max(1);
        Self {
            bands,
            rows: rows.max(1),
            band_maps: (0..bands).map(|_| BandTable::default()).collect(),
            anchors: HashMap::default(),
            lists: Vec::new(),
            max_anchor_df: DEFAULT_MAX_ANCHOR_DF,
            len: 0,
            last_id: None,
            ordered: true,
        }
    }

    /// The same index with another anchor document-frequency limit (at least 1): anchors
    /// held by more articles than this stop finding candidates.
    pub fn with_max_anchor_df(mut self, max_df: usize) -> Self {
        self.max_anchor_df = max_df.max(1);
        self
    }

    /// Number of bands.
    pub fn bands(&self) -> usize {
        self.bands
    }

    /// Values per band.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of signatures inserted.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no signature was inserted.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Number of bands `sig` has keys for: its complete bands, none for the empty
    /// signature (a text without words must not collide with every other such text).
    fn band_count(&self, sig: &Signature) -> usize {
        if sig.is_empty() {
            0
        } else {
            self.bands.min(sig.0.len() / self.rows)
        }
    }

    /// The keys and home slots of bands `start..` of `sig` (at most [`GROUP`] of them, up
    /// to `end`), each home slot prefetched: computed for a whole group before any is read,
    /// so that the cache misses of the group overlap.
    fn band_group(
        &self,
        sig: &Signature,
        start: usize,
        end: usize,
        group: &mut [(u32, usize); GROUP],
    ) -> usize {
        let end = end.min(start + GROUP);
        for (b, entry) in (start..end).zip(group.iter_mut()) {
            let key = band_key(&sig.0[b * self.rows..(b + 1) * self.rows]);
            let home = self.band_maps[b].home(key);
            self.band_maps[b].prefetch(home);
            *entry = (key, home);
        }
        end - start
    }

    /// Adds `id` to the bucket or posting behind `slot` (a fresh slot holds `id` alone).
    /// With `limit`, a posting that would grow past it becomes [`SATURATED`].
    fn push(lists: &mut Vec<Vec<u32>>, slot: &mut u32, id: u32, limit: Option<usize>) {
        if *slot == SATURATED {
            return;
        }
        if *slot & LIST_TAG == 0 {
            if *slot == id {
                return;
            }
            if limit.is_some_and(|l| l < 2) {
                *slot = SATURATED;
                return;
            }
            if lists.len() >= MAX_LISTS {
                // Two billion shared buckets: far beyond any corpus this index can hold.
                return;
            }
            lists.push(vec![*slot, id]);
            *slot = LIST_TAG | (lists.len() - 1) as u32;
            return;
        }
        let Some(list) = lists.get_mut((*slot & !LIST_TAG) as usize) else {
            return;
        };
        // Ids usually arrive in increasing order, so a repeat insert ends the list.
        if list.last() == Some(&id) {
            return;
        }
        if limit.is_some_and(|l| list.len() >= l) {
            // Why free the list: a saturated anchor never finds candidates again, and
            // common anchors ("NATO") would otherwise hold most of the memory.
            *list = Vec::new();
            *slot = SATURATED;
            return;
        }
        list.push(id);
    }

    /// The articles behind a slot (none for a saturated anchor).
    fn members<'a>(&'a self, slot: &'a u32) -> &'a [u32] {
        if *slot == SATURATED {
            return &[];
        }
        if *slot & LIST_TAG == 0 {
            return std::slice::from_ref(slot);
        }
        self.lists
            .get((*slot & !LIST_TAG) as usize)
            .map_or(&[], Vec::as_slice)
    }

    /// The articles behind a slot whose id is below `before`: all of them for `u32::MAX`,
    /// else (the index being [ordered](Self::is_ordered)) the leading run of the list.
    fn members_before<'a>(&'a self, slot: &'a u32, before: u32) -> &'a [u32] {
        let members = self.members(slot);
        if before == u32::MAX {
            return members;
        }
        &members[..members.partition_point(|&id| id < before)]
    }

    /// Notes an insert of `id`: the index stays ordered while ids only increase.
    fn note_id(&mut self, id: u32) {
        if self.last_id.is_some_and(|last| id < last) {
            self.ordered = false;
        }
        self.last_id = Some(self.last_id.map_or(id, |last| last.max(id)));
    }

    /// Whether ids were only ever inserted in increasing order (re-inserting the last id
    /// is allowed): what the `_before` queries need to answer as of an id.
    pub fn is_ordered(&self) -> bool {
        self.ordered
    }

    /// Adds an article's signature. Returns false (and adds nothing) when `id` is 2^31 or
    /// more.
    pub fn insert(&mut self, id: u32, sig: &Signature) -> bool {
        if id & LIST_TAG != 0 {
            return false;
        }
        self.note_id(id);
        // Room first, so that the home slots computed below stay valid while inserting.
        for table in &mut self.band_maps {
            table.reserve(1);
        }
        let n = self.band_count(sig);
        let mut group = [(0u32, 0usize); GROUP];
        for start in (0..n).step_by(GROUP) {
            let len = self.band_group(sig, start, n, &mut group);
            for (b, &(key, home)) in (start..).zip(&group[..len]) {
                let table = &mut self.band_maps[b];
                if let Some(slot) = table.get_or_insert(key, home, id) {
                    let mut value = table.value(slot);
                    Self::push(&mut self.lists, &mut value, id, None);
                    table.set(slot, value);
                }
            }
        }
        self.len += 1;
        true
    }

    /// Makes room for `additional` more signatures in every band, so that inserting that
    /// many grows no map (the rebuild from the store knows its count).
    pub fn reserve(&mut self, additional: usize) {
        for table in &mut self.band_maps {
            table.reserve(additional);
        }
    }

    /// Articles that share at least one band with `sig`, with the number of bands shared,
    /// sorted by id.
    pub fn query_bands(&self, sig: &Signature) -> Vec<(u32, usize)> {
        self.query_bands_bounded(sig, usize::MAX)
    }

    /// Like [`query_bands`](Self::query_bands), taking at most `per_bucket` articles from
    /// each bucket: from a bucket that holds more, its earliest quarter and its most recent
    /// rest. A bucket shared by many articles is mostly boilerplate; of its members the
    /// earliest are the likely origins of a much-copied text and the latest its relatives.
    pub fn query_bands_bounded(&self, sig: &Signature, per_bucket: usize) -> Vec<(u32, usize)> {
        self.query_bands_before(sig, per_bucket, u32::MAX)
    }

    /// [`query_bands_bounded`](Self::query_bands_bounded) as the index stood before `before`
    /// was inserted: only articles with a smaller id count, and a bucket is bounded over
    /// them alone. On an [ordered](Self::is_ordered) index this answers exactly as the query
    /// made before inserting `before` and everything after it, which lets a batch be
    /// inserted first and queried in parallel.
    pub fn query_bands_before(
        &self,
        sig: &Signature,
        per_bucket: usize,
        before: u32,
    ) -> Vec<(u32, usize)> {
        let mut hits = Vec::new();
        self.bucket_members(sig, per_bucket, before, &mut hits);
        runs(hits)
    }

    /// Articles that share at least one band with `sig`, sorted and deduplicated.
    pub fn query(&self, sig: &Signature) -> Vec<u32> {
        let mut out = Vec::new();
        self.query_into(sig, &mut out);
        out
    }

    /// [`query`](Self::query) into a buffer the caller owns and reuses (cleared first):
    /// no allocation once it has grown to the usual number of hits.
    pub fn query_into(&self, sig: &Signature, out: &mut Vec<u32>) {
        out.clear();
        self.bucket_members(sig, usize::MAX, u32::MAX, out);
        out.sort_unstable();
        out.dedup();
    }

    /// Appends the members below `before` of every bucket `sig` falls in, one band after
    /// another, at most `per_bucket` of each (see [`bounded`]).
    fn bucket_members(&self, sig: &Signature, per_bucket: usize, before: u32, out: &mut Vec<u32>) {
        let n = self.band_count(sig);
        let mut group = [(0u32, 0usize); GROUP];
        for start in (0..n).step_by(GROUP) {
            let len = self.band_group(sig, start, n, &mut group);
            for (b, &(key, home)) in (start..).zip(&group[..len]) {
                if let Some(value) = self.band_maps[b].get(key, home) {
                    let (earliest, latest) =
                        bounded(self.members_before(&value, before), per_bucket);
                    out.extend_from_slice(earliest);
                    out.extend_from_slice(latest);
                }
            }
        }
    }

    /// Jaccard similarity estimated from the number of bands two signatures share:
    /// `(shared / bands)^(1 / rows)` (the share of agreeing bands estimates `s^rows`).
    pub fn jaccard_from_bands(&self, shared: usize) -> f32 {
        let share = (shared as f64 / self.bands as f64).min(1.0);
        share.powf(1.0 / self.rows as f64) as f32
    }

    /// Adds an article's anchors ([`crate::signature::anchors`]). Returns false (and adds
    /// nothing) when `id` is 2^31 or more.
    pub fn insert_anchors(&mut self, id: u32, anchors: &[String]) -> bool {
        self.push_anchors(id, anchors, Some(self.max_anchor_df))
    }

    /// [`insert_anchors`](Self::insert_anchors) that lets postings grow past the document
    /// frequency limit, so that queries as of an earlier id still read them whole; call
    /// [`saturate`](Self::saturate) with the same anchors once those queries are done.
    pub fn insert_anchors_unsaturated(&mut self, id: u32, anchors: &[String]) -> bool {
        self.push_anchors(id, anchors, None)
    }

    /// Saturates the postings of `anchors` held by more articles than the limit (as
    /// [`insert_anchors`](Self::insert_anchors) would have), freeing them.
    pub fn saturate(&mut self, anchors: &[String]) {
        for key in anchor_keys(anchors) {
            if let Some(slot) = self.anchors.get_mut(&key)
                && *slot != SATURATED
                && *slot & LIST_TAG != 0
                && let Some(list) = self.lists.get_mut((*slot & !LIST_TAG) as usize)
                && list.len() > self.max_anchor_df
            {
                *list = Vec::new();
                *slot = SATURATED;
            }
        }
    }

    fn push_anchors(&mut self, id: u32, anchors: &[String], limit: Option<usize>) -> bool {
        if id & LIST_TAG != 0 {
            return false;
        }
        self.note_id(id);
        for key in anchor_keys(anchors) {
            match self.anchors.get_mut(&key) {
                Some(slot) => Self::push(&mut self.lists, slot, id, limit),
                None => {
                    self.anchors.insert(key, id);
                }
            }
        }
        true
    }

    /// How many articles hold an anchor: `None` when it is too common (saturated), 0 when
    /// no article holds it.
    pub fn anchor_df(&self, anchor: &str) -> Option<usize> {
        let key = xxh3_64_with_seed(anchor.as_bytes(), ANCHOR_SEED);
        match self.anchors.get(&key) {
            None => Some(0),
            Some(&SATURATED) => None,
            Some(slot) => Some(self.members(slot).len()),
        }
    }

    /// Articles sharing at least `min_shared` (at least 1) of `anchors`, counting only
    /// anchors held by at most the maximum document frequency, with the number shared;
    /// most shared first, then by id.
    pub fn query_anchors(&self, anchors: &[String], min_shared: usize) -> Vec<(u32, usize)> {
        self.query_anchors_weighted(anchors, min_shared)
            .into_iter()
            .map(|(id, n, _)| (id, n))
            .collect()
    }

    /// Like [`query_anchors`](Self::query_anchors), with a rarity-weighted overlap in 0..=1
    /// as third field: the weight of the shared anchors over the weight of all the query's
    /// usable anchors, an anchor held by `df` articles weighing `1 / ln(e + df)` (rare
    /// names count more than common ones). Ordered by count, then weight, then id.
    pub fn query_anchors_weighted(
        &self,
        anchors: &[String],
        min_shared: usize,
    ) -> Vec<(u32, usize, f32)> {
        self.query_anchors_or_rare(anchors, min_shared, None)
    }

    /// Like [`query_anchors_weighted`](Self::query_anchors_weighted), also keeping articles
    /// that share fewer than `min_shared` anchors when they share `rare.0` anchors each held
    /// by at most `rare.1` articles.
    pub fn query_anchors_or_rare(
        &self,
        anchors: &[String],
        min_shared: usize,
        rare: Option<(usize, usize)>,
    ) -> Vec<(u32, usize, f32)> {
        self.query_anchors_before(anchors, min_shared, rare, u32::MAX)
    }

    /// [`query_anchors_or_rare`](Self::query_anchors_or_rare) as the index stood before
    /// `before` was inserted (see [`query_bands_before`](Self::query_bands_before)): only
    /// articles with a smaller id count, in the postings and in each anchor's document
    /// frequency, and an anchor held by more of them than the limit is saturated.
    pub fn query_anchors_before(
        &self,
        anchors: &[String],
        min_shared: usize,
        rare: Option<(usize, usize)>,
        before: u32,
    ) -> Vec<(u32, usize, f32)> {
        let min_shared = min_shared.max(1);
        let (min_rare, rare_df) = rare.map_or((usize::MAX, 0), |(n, df)| (n.max(1), df));
        // The usable anchors' postings first, to size the map once.
        let mut postings: Vec<(&[u32], f64, bool)> = Vec::new();
        let mut total = 0.0f64;
        for key in anchor_keys(anchors) {
            let members = match self.anchors.get(&key) {
                None => &[][..],
                Some(&SATURATED) => continue,
                Some(slot) => self.members_before(slot, before),
            };
            if members.len() > self.max_anchor_df {
                // Grown past the limit by an unsaturated insert: saturated as of `before`.
                continue;
            }
            let weight = 1.0 / (std::f64::consts::E + members.len() as f64).ln();
            total += weight;
            postings.push((members, weight, members.len() <= rare_df));
        }
        // (shared, weight, rare shared) per member, each sum taken in the order the anchors
        // are read. Summed in a map rather than by sorting every hit by member: the hits of a
        // common anchor run to thousands, and sorting them was the larger part of a query.
        let hits = postings.iter().map(|p| p.0.len()).sum();
        // Counts as u32 (a query has a few dozen anchors): a smaller slot, fewer cache misses.
        let mut counted: HashMap<u32, (u32, f32, u32), foldhash::fast::FixedState> =
            HashMap::with_capacity_and_hasher(hits, Default::default());
        for (members, weight, is_rare) in postings {
            for &id in members {
                let hit = counted.entry(id).or_insert((0, 0.0, 0));
                hit.0 += 1;
                hit.1 += weight as f32;
                hit.2 += u32::from(is_rare);
            }
        }
        // The sort below orders every member: the map's order does not show.
        let mut out: Vec<(u32, usize, f32)> = counted
            .into_iter()
            .filter(|&(_, (n, _, r))| n as usize >= min_shared || r as usize >= min_rare)
            .map(|(id, (n, w, _))| (id, n as usize, w))
            .collect();
        for hit in &mut out {
            hit.2 = if total > 0.0 {
                (f64::from(hit.2) / total).min(1.0) as f32
            } else {
                0.0
            };
        }
        out.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.total_cmp(&a.2)).then(a.0.cmp(&b.0)));
        out
    }

    /// Approximate heap bytes the index holds (map slots at capacity, overflow lists).
    pub fn memory_bytes(&self) -> usize {
        // A band slot is the (key, value) pair; a hashbrown slot has one control byte more.
        let bands: usize = self.band_maps.iter().map(|m| m.capacity() * 8).sum();
        let anchors = self.anchors.capacity() * (std::mem::size_of::<(u64, u32)>() + 1);
        let lists: usize = self
            .lists
            .iter()
            .map(|l| std::mem::size_of::<Vec<u32>>() + l.capacity() * 4)
            .sum();
        bands + anchors + lists
    }
}

/// At most `limit` of a bucket's `members` (in insertion order), as two runs: all of them
/// when they fit, else the earliest quarter and the most recent rest.
///
/// Why both ends: a bucket shared by many articles is mostly boilerplate that unrelated
/// texts share (a footer, a template line), and reading all of it costs every query; of its
/// members the earliest are the likely origins of a much-copied text and the latest its
/// likely relatives, as copies of one story arrive close together.
fn bounded(members: &[u32], limit: usize) -> (&[u32], &[u32]) {
    if members.len() <= limit {
        return (members, &[]);
    }
    let first = limit / 4;
    (
        &members[..first],
        &members[members.len() - (limit - first)..],
    )
}

/// The 32-bit key of one band's values.
///
/// Why not XXH3 over the bytes as for anchors: this runs for every band of every insert
/// and query, and a band is a handful of `u32` values that are already hashes, so a
/// multiply per value and the MurmurHash3 finaliser mix them as well for a fraction of
/// the cost. The keys live only in memory, so this may change between releases.
fn band_key(values: &[u32]) -> u32 {
    let mut h = 0x6e74_5f62_616e_6430u64; // "nt_band0"
    for &v in values {
        h = (h ^ u64::from(v))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    (h ^ (h >> 33)) as u32
}

/// Seeded hashes of the anchors, deduplicated (an anchor listed twice counts once).
fn anchor_keys(anchors: &[String]) -> Vec<u64> {
    let mut keys: Vec<u64> = anchors
        .iter()
        .map(|a| xxh3_64_with_seed(a.as_bytes(), ANCHOR_SEED))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Sorted ids with how often each occurs.
fn runs(mut ids: Vec<u32>) -> Vec<(u32, usize)> {
    ids.sort_unstable();
    let mut out: Vec<(u32, usize)> = Vec::new();
    for id in ids {
        match out.last_mut() {
            Some(last) if last.0 == id => last.1 += 1,
            _ => out.push((id, 1)),
        }
    }
    out
}

/// The bands and rows (`bands × rows ≤ num_perm`) whose S-curve best separates pairs above
/// and below Jaccard `threshold`, chosen as datasketch's `MinHashLSH` chooses them: the pair
/// that minimises `fp_weight × ∫₀ᵗ P(candidate | s) ds + fn_weight × ∫ₜ¹ P(miss | s) ds`,
/// with `P(candidate | s) = 1 - (1 - s^rows)^bands`. The first minimum in (bands, rows)
/// order wins, as there. `threshold` is clamped to 0..=1 and `num_perm` to at least 1.
///
/// Why: with the same threshold and number of permutations, this index and datasketch's
/// band the signatures alike, so a comparison of the two measures the implementations.
pub fn optimal_params(
    threshold: f64,
    num_perm: usize,
    fp_weight: f64,
    fn_weight: f64,
) -> (usize, usize) {
    let t = if threshold.is_nan() {
        0.0
    } else {
        threshold.clamp(0.0, 1.0)
    };
    let num_perm = num_perm.max(1);
    let mut best = (1, 1);
    let mut min_error = f64::INFINITY;
    for b in 1..=num_perm {
        for r in 1..=num_perm / b {
            let (bf, rf) = (b as f64, r as f64);
            let candidate = |s: f64| 1.0 - (1.0 - s.powf(rf)).powf(bf);
            let fp = simpson(candidate, 0.0, t);
            let fneg = simpson(|s| 1.0 - candidate(s), t, 1.0);
            let error = fp * fp_weight + fneg * fn_weight;
            if error < min_error {
                min_error = error;
                best = (b, r);
            }
        }
    }
    best
}

/// Composite Simpson's rule over 256 intervals: the integrands are smooth polynomials in
/// `s`, so this matches the adaptive quadrature datasketch uses to well under the gaps
/// between neighbouring (bands, rows) choices.
fn simpson(f: impl Fn(f64) -> f64, a: f64, b: f64) -> f64 {
    const N: usize = 256;
    if b <= a {
        return 0.0;
    }
    let h = (b - a) / N as f64;
    let mut sum = f(a) + f(b);
    for i in 1..N {
        let w = if i % 2 == 1 { 4.0 } else { 2.0 };
        sum += w * f(a + h * i as f64);
    }
    sum * h / 3.0
}

impl LshIndex {
    /// An empty index banded for Jaccard `threshold` over signatures of `num_perm` values,
    /// with equal weights on false positives and false negatives (see [`optimal_params`]).
    pub fn with_threshold(threshold: f64, num_perm: usize) -> Self {
        let (bands, rows) = optimal_params(threshold, num_perm, 0.5, 0.5);
        Self::new(bands, rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signature::NUM_HASHES;

    #[test]
    fn optimal_params_match_datasketch() {
        // datasketch 2.0 `_optimal_param(t, 128, 0.5, 0.5)` for these thresholds.
        for (t, expected) in [
            (0.3, (37, 3)),
            (0.5, (25, 5)),
            (0.8, (9, 13)),
            (0.9, (5, 25)),
        ] {
            assert_eq!(
                optimal_params(t, NUM_HASHES, 0.5, 0.5),
                expected,
                "threshold {t}"
            );
        }
    }

    #[test]
    fn optimal_params_put_the_s_curve_near_the_threshold() {
        for t in [0.2, 0.4, 0.6, 0.7] {
            let (b, r) = optimal_params(t, NUM_HASHES, 0.5, 0.5);
            assert!(b * r <= NUM_HASHES);
            // The steepest point of the S-curve, (1/b)^(1/r), lies close to the threshold.
            let knee = (1.0 / b as f64).powf(1.0 / r as f64);
            assert!(
                (knee - t).abs() < 0.1,
                "threshold {t}: {b}x{r}, knee {knee}"
            );
        }
        // Weighting misses more pushes the curve left: more bands of fewer rows.
        let (b_fn, r_fn) = optimal_params(0.5, NUM_HASHES, 0.1, 0.9);
        let (b, r) = optimal_params(0.5, NUM_HASHES, 0.5, 0.5);
        assert!(
            (1.0 / b_fn as f64).powf(1.0 / r_fn as f64) < (1.0 / b as f64).powf(1.0 / r as f64)
        );
    }

    #[test]
    fn threshold_index_finds_copies_and_not_strangers() {
        let index_sig = Signature::of(
            "The council approved the new budget on Monday after a long debate about the harbour bridge and the school repairs.",
        );
        let copy = Signature::of(
            "The council approved the new budget on Monday after a long debate about the harbour bridge and the school repairs!",
        );
        let other = Signature::of(
            "Heavy rain flooded the lower town overnight and firefighters pumped water from forty cellars by dawn.",
        );
        let mut index = LshIndex::with_threshold(0.5, NUM_HASHES);
        assert_eq!((index.bands(), index.rows()), (25, 5));
        assert!(index.insert(7, &index_sig));
        assert_eq!(index.query(&copy), vec![7]);
        assert!(index.query(&other).is_empty());
    }

    #[test]
    fn a_sized_index_answers_like_a_growing_one_into_a_reused_buffer() {
        // Thirty stories of ten versions each: many shared buckets, so overflow lists too.
        let sigs: Vec<Signature> = (0..300)
            .map(|i| {
                let (story, version) = (i % 30, i / 30);
                Signature::of(&format!(
                    "story {story} harbour {story} bridge {story} council {story} budget \
                     {story} vote {story} version {version}"
                ))
            })
            .collect();
        let mut grown = LshIndex::with_threshold(0.5, NUM_HASHES);
        let mut sized = LshIndex::with_threshold(0.5, NUM_HASHES);
        sized.reserve(sigs.len());
        for (i, sig) in sigs.iter().enumerate() {
            assert!(grown.insert(i as u32, sig));
            assert!(sized.insert(i as u32, sig));
        }
        let mut hits = vec![99_999];
        for (i, sig) in sigs.iter().enumerate() {
            sized.query_into(sig, &mut hits);
            assert_eq!(hits, grown.query(sig));
            assert!(hits.contains(&(i as u32)));
            assert!(hits.windows(2).all(|w| w[0] < w[1]));
        }
        // Versions of one story (Jaccard 0.85) find each other; other stories share no
        // shingle.
        sized.query_into(&sigs[0], &mut hits);
        assert!(hits.contains(&30) && hits.contains(&270));
        assert!(hits.iter().all(|id| id % 30 == 0));
    }

    #[test]
    fn a_crowded_bucket_gives_its_earliest_and_latest_members() {
        // Forty versions of one text: every band is one bucket of forty articles.
        let text = "the harbour council approved the bridge budget after a long vote";
        let sig = Signature::of(text);
        let mut index = LshIndex::new(DEFAULT_BANDS, DEFAULT_ROWS);
        for id in 0..40 {
            assert!(index.insert(id, &sig));
        }
        let all = index.query_bands(&sig);
        assert_eq!(all.len(), 40);
        let bounded = index.query_bands_bounded(&sig, 8);
        let ids: Vec<u32> = bounded.iter().map(|&(id, _)| id).collect();
        // The first quarter of the bound from the start, the rest from the end.
        assert_eq!(ids, vec![0, 1, 34, 35, 36, 37, 38, 39]);
        // Each is still counted in every band it shares.
        assert!(bounded.iter().all(|&(_, bands)| bands == DEFAULT_BANDS));
        // A bucket within the bound is read whole.
        assert_eq!(index.query_bands_bounded(&sig, 40), all);
    }

    #[test]
    fn degenerate_arguments_do_not_panic() {
        assert_eq!(optimal_params(f64::NAN, 0, 0.5, 0.5), (1, 1));
        let (b, r) = optimal_params(2.0, 16, 0.5, 0.5);
        assert!(b * r <= 16);
    }
}
