//! A generator of synthetic linked news: a JSONL corpus (the plain schema
//! `{"id","title","text","url","outlet","published","byline"}`) and its truth file (story
//! groups and source → derived edges, see `docs/TRUTH.md`), to measure linking at any
//! scale.
//!
//! Each story has a wire original and derivations of it: exact copies, syndicated copies
//! (same text, new headline, credit footer), relays that cite the wire (or, second-hand,
//! the relay they copied), rewrites of three strengths (synonyms, reordered, dropped and
//! inserted filler sentences, new headline, variant word order) and, for some stories, an
//! independent report of the same event. Hard negatives reuse a story's people, places and
//! organisations for a different event (other numbers and dates) and form stories of their
//! own. Some records have no `published`, some a clock off by hours.
//!
//! Everything is fictional: the word lists are the `data/gen_*.txt` files of this crate.
//! Output is a pure function of [`GenOptions`]: same options, same bytes.
//!
//! `gen` is a reserved keyword in Rust 2024, so the module is declared and used as
//! `synth` (the file keeps the name `gen.rs`).
//!
//! ```
//! use newstrace_link::synth::{GenOptions, generate};
//! let (mut corpus, mut truth) = (Vec::new(), Vec::new());
//! let opts = GenOptions { stories: 3, ..GenOptions::default() };
//! let summary = generate(&opts, &mut corpus, &mut truth).unwrap();
//! assert!(summary.stories >= 3); // hard negatives are stories of their own
//! assert!(summary.articles >= 3);
//! ```

use chrono::{DateTime, Datelike, FixedOffset, Offset, SecondsFormat, Utc};
use serde::Serialize;
use std::collections::HashMap;
use std::io::{self, BufWriter, Write};
use std::sync::OnceLock;

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct GenOptions {
    /// Seed of every random choice: the same options give the same bytes.
    pub seed: u64,
    /// Stories (each an original and its derivations); hard negatives come on top.
    pub stories: usize,
    /// Most derivations per story (the count is drawn in `0..=max_derived`).
    pub max_derived: usize,
    /// Share of stories that get a hard negative (same entities, another event).
    pub hard_negative_rate: f64,
    /// Share of stories that get an independent report of the same event (no edge).
    pub independent_rate: f64,
    /// Share of records written without `published`.
    pub missing_date_rate: f64,
    /// Share of records whose `published` is off by 1 to 12 hours (a wrong clock).
    pub skewed_clock_rate: f64,
    /// How many stories are open at once while writing: records of that many stories are
    /// interleaved, as in a real feed, instead of written story by story. At least 1.
    pub interleave: usize,
    /// Publication time of the first story, in seconds since 1970 (UTC).
    pub start_unix: i64,
}

impl Default for GenOptions {
    fn default() -> Self {
        Self {
            seed: 1,
            stories: 100,
            max_derived: 6,
            hard_negative_rate: 0.3,
            independent_rate: 0.2,
            missing_date_rate: 0.08,
            skewed_clock_rate: 0.05,
            interleave: 8,
            // 2026-01-05T06:00:00Z.
            start_unix: 1_767_592_800,
        }
    }
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct GenSummary {
    /// Records in the corpus.
    pub articles: u64,
    /// Stories in the truth file (hard negatives' own stories included).
    pub stories: u64,
    /// Source → derived edges in the truth file.
    pub edges: u64,
    /// Hard-negative records.
    pub hard_negatives: u64,
    /// Bytes of corpus written.
    pub corpus_bytes: u64,
    /// Bytes of truth written.
    pub truth_bytes: u64,
}

/// Writes the corpus (one JSON record a line) and the truth file for `opts`.
///
/// Memory stays bounded by `opts.interleave` stories of text plus a few bytes per edge
/// (edges are written after the stories, so they are kept in compact form until the end).
pub fn generate(
    opts: &GenOptions,
    corpus: &mut dyn Write,
    truth: &mut dyn Write,
) -> io::Result<GenSummary> {
    let lex = lexicon();
    let mut corpus = Counting::new(BufWriter::with_capacity(1 << 16, corpus));
    let mut truth = Counting::new(BufWriter::with_capacity(1 << 16, truth));
    let mut summary = GenSummary::default();
    // Compact (story, source local, derived local, kind) and (story, local) records:
    // 8 bytes an edge rather than two id strings, so a million articles fit easily.
    let mut edges: Vec<(u32, u8, u8, Kind)> = Vec::new();
    let mut negatives: Vec<(u32, u8)> = Vec::new();
    // Interleaving order has its own stream so that story contents never depend on it.
    let mut order = Rng::new(mix(opts.seed ^ 0x6f72_6465_725f_7631));
    let mut window: Vec<std::collections::VecDeque<Vec<u8>>> = Vec::new();
    let width = opts.interleave.max(1);

    truth.write_all(b"{\"stories\": {")?;
    let mut first_story = true;
    for s in 0..opts.stories {
        let story = build_story(opts, lex, s);
        // Truth: the story group, then one group per hard negative.
        let mut members: Vec<String> = Vec::new();
        let mut lines = std::collections::VecDeque::new();
        for art in &story {
            if art.kind == Kind::HardNegative {
                let sid = format!("S{}-n{}", s + 1, art.local);
                write_story(
                    &mut truth,
                    &mut first_story,
                    &sid,
                    &[article_id(s, art.local)],
                )?;
                negatives.push((s as u32, art.local));
                summary.hard_negatives += 1;
                summary.stories += 1;
            } else {
                members.push(article_id(s, art.local));
                if let Some(p) = art.parent {
                    edges.push((s as u32, p, art.local, art.kind));
                }
            }
            lines.push_back(render_record(opts, s, art));
        }
        write_story(
            &mut truth,
            &mut first_story,
            &format!("S{}", s + 1),
            &members,
        )?;
        summary.stories += 1;
        window.push(lines);
        while window.len() >= width {
            emit_one(&mut window, &mut order, &mut corpus, &mut summary)?;
        }
    }
    while !window.is_empty() {
        emit_one(&mut window, &mut order, &mut corpus, &mut summary)?;
    }

    truth.write_all(b"\n},\n\"edges\": [")?;
    for (i, (s, src, der, kind)) in edges.iter().enumerate() {
        let sep = if i == 0 { "\n" } else { ",\n" };
        let e = TruthEdge {
            source: &article_id(*s as usize, *src),
            derived: &article_id(*s as usize, *der),
            kind: kind.name(),
        };
        truth.write_all(sep.as_bytes())?;
        serde_json::to_writer(&mut truth, &e)?;
    }
    summary.edges = edges.len() as u64;
    truth.write_all(b"\n],\n\"hard_negatives\": {")?;
    for (i, (s, local)) in negatives.iter().enumerate() {
        let sep = if i == 0 { "\n" } else { ",\n" };
        truth.write_all(sep.as_bytes())?;
        serde_json::to_writer(&mut truth, &article_id(*s as usize, *local))?;
        truth.write_all(b": ")?;
        serde_json::to_writer(&mut truth, &format!("S{}", s + 1))?;
    }
    truth.write_all(b"\n}}\n")?;
    corpus.flush()?;
    truth.flush()?;
    summary.corpus_bytes = corpus.bytes;
    summary.truth_bytes = truth.bytes;
    Ok(summary)
}

/// The external id of article `local` of story `s` (0-based), e.g. `s0000012-03`.
pub fn article_id(s: usize, local: u8) -> String {
    format!("s{s:07}-{local:02}")
}

/// One edge of the truth file.
#[derive(Serialize)]
struct TruthEdge<'a> {
    source: &'a str,
    derived: &'a str,
    kind: &'a str,
}

/// One corpus record in the plain schema.
#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    title: &'a str,
    text: &'a str,
    url: &'a str,
    outlet: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<String>,
    byline: &'a str,
}

fn write_story(
    w: &mut impl Write,
    first: &mut bool,
    sid: &str,
    members: &[String],
) -> io::Result<()> {
    w.write_all(if *first { b"\n" } else { b",\n" })?;
    *first = false;
    serde_json::to_writer(&mut *w, sid)?;
    w.write_all(b": ")?;
    serde_json::to_writer(&mut *w, members)?;
    Ok(())
}

/// Writes the next record of a randomly chosen open story.
fn emit_one(
    window: &mut Vec<std::collections::VecDeque<Vec<u8>>>,
    order: &mut Rng,
    out: &mut impl Write,
    summary: &mut GenSummary,
) -> io::Result<()> {
    let i = order.below(window.len());
    if let Some(line) = window[i].pop_front() {
        out.write_all(&line)?;
        summary.articles += 1;
    }
    if window[i].is_empty() {
        // `remove`, not `swap_remove`: either is deterministic, this keeps older stories
        // towards the front, closer to a feed's order.
        window.remove(i);
    }
    Ok(())
}

/// Counts the bytes written through it.
struct Counting<W: Write> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Counting<W> {
    fn new(inner: W) -> Self {
        Self { inner, bytes: 0 }
    }
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

// ---------------------------------------------------------------------------------------
// Random numbers.

/// SplitMix64, hand-rolled rather than taken from `rand`: the corpus must stay the same
/// bytes for a seed across dependency upgrades (rand has changed its algorithms and value
/// sequences between releases), and this is ten lines with good enough statistics.
#[derive(Debug, Clone)]
struct Rng(u64);

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed)
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0.wrapping_sub(0x9E37_79B9_7F4A_7C15))
    }
    /// Uniform in `0..n` (0 when `n` is 0), by multiply-shift (no modulo bias to speak of).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo + 1) as usize) as i64
    }
    fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    fn pick<T: Copy + Default>(&mut self, xs: &[T]) -> T {
        if xs.is_empty() {
            T::default()
        } else {
            xs[self.below(xs.len())]
        }
    }
    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Word lists.

#[derive(Debug, Clone, Copy, Default)]
struct Event {
    noun: &'static str,
    what: &'static str,
    unit: &'static str,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Outlet {
    name: &'static str,
    domain: &'static str,
}

/// The parsed `data/gen_*.txt` files.
struct Lexicon {
    first: Vec<&'static str>,
    last: Vec<&'static str>,
    places: Vec<&'static str>,
    orgs: Vec<&'static str>,
    roles: Vec<&'static str>,
    events: Vec<Event>,
    wires: Vec<Outlet>,
    papers: Vec<Outlet>,
    farms: Vec<Outlet>,
    filler: Vec<&'static str>,
    headlines: Vec<&'static str>,
    leads: Vec<Vec<&'static str>>,
    bodies: Vec<Vec<&'static str>>,
    /// An independent reporter's own sentences (see `gen_templates.txt`).
    own_leads: Vec<Vec<&'static str>>,
    own_bodies: Vec<Vec<&'static str>>,
    /// Looked up only, never iterated, so its order cannot leak into the output.
    synonyms: HashMap<&'static str, Vec<&'static str>>,
}

/// Non-blank lines that are not `#` comments.
fn data_lines(s: &'static str) -> impl Iterator<Item = &'static str> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut lex = Lexicon {
            first: Vec::new(),
            last: Vec::new(),
            places: data_lines(include_str!("../data/gen_places.txt")).collect(),
            orgs: data_lines(include_str!("../data/gen_orgs.txt")).collect(),
            roles: data_lines(include_str!("../data/gen_roles.txt")).collect(),
            events: Vec::new(),
            wires: Vec::new(),
            papers: Vec::new(),
            farms: Vec::new(),
            filler: data_lines(include_str!("../data/gen_filler.txt")).collect(),
            headlines: data_lines(include_str!("../data/gen_headlines.txt")).collect(),
            leads: Vec::new(),
            bodies: Vec::new(),
            own_leads: Vec::new(),
            own_bodies: Vec::new(),
            synonyms: HashMap::new(),
        };
        for l in data_lines(include_str!("../data/gen_people.txt")) {
            match l.split_once('|') {
                Some(("first", n)) => lex.first.push(n),
                Some(("last", n)) => lex.last.push(n),
                _ => {}
            }
        }
        for l in data_lines(include_str!("../data/gen_events.txt")) {
            let f: Vec<&str> = l.split('|').collect();
            if let [noun, what, unit] = f[..] {
                lex.events.push(Event { noun, what, unit });
            }
        }
        for l in data_lines(include_str!("../data/gen_outlets.txt")) {
            let f: Vec<&str> = l.split('|').collect();
            if let [kind, name, domain] = f[..] {
                let o = Outlet { name, domain };
                match kind {
                    "wire" => lex.wires.push(o),
                    "paper" => lex.papers.push(o),
                    "farm" => lex.farms.push(o),
                    _ => {}
                }
            }
        }
        for l in data_lines(include_str!("../data/gen_templates.txt")) {
            if let Some((kind, rest)) = l.split_once('|') {
                let variants: Vec<&str> = rest.split(" || ").map(str::trim).collect();
                match kind {
                    "lead" => lex.leads.push(variants),
                    "body" => lex.bodies.push(variants),
                    "own_lead" => lex.own_leads.push(variants),
                    "own_body" => lex.own_bodies.push(variants),
                    _ => {}
                }
            }
        }
        for l in data_lines(include_str!("../data/gen_synonyms.txt")) {
            let mut f = l.split('|');
            if let Some(word) = f.next() {
                let alts: Vec<&str> = f.filter(|a| !a.is_empty()).collect();
                if !alts.is_empty() {
                    lex.synonyms.insert(word, alts);
                }
            }
        }
        lex
    })
}

// ---------------------------------------------------------------------------------------
// Stories.

/// What an article is, relative to its story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Original,
    ExactCopy,
    Syndicated,
    Relay,
    Rewrite(u8),
    Independent,
    HardNegative,
}

impl Kind {
    /// The name written in the truth file's `kind` field.
    fn name(self) -> &'static str {
        match self {
            Kind::Original => "original",
            Kind::ExactCopy => "exact-copy",
            Kind::Syndicated => "syndicated",
            Kind::Relay => "relay",
            Kind::Rewrite(1) => "rewrite-light",
            Kind::Rewrite(2) => "rewrite-medium",
            Kind::Rewrite(_) => "rewrite-heavy",
            Kind::Independent => "independent",
            Kind::HardNegative => "hard-negative",
        }
    }
}

/// The facts of one event, which templates render.
#[derive(Debug, Clone)]
struct Facts {
    p1: String,
    p2: String,
    r1: &'static str,
    r2: &'static str,
    org: String,
    org2: String,
    place: &'static str,
    place2: &'static str,
    event: Event,
    n1: u32,
    n2: u32,
    n3: u32,
    pct: u32,
    money: String,
    /// When the event happened (seconds since 1970).
    when: i64,
}

/// A sentence, with the template it came from when it still says exactly that.
#[derive(Debug, Clone)]
struct Sent {
    tpl: Option<(bool, u16, u8)>,
    text: String,
}

/// One generated article before it is written.
#[derive(Debug, Clone)]
struct Art {
    local: u8,
    kind: Kind,
    parent: Option<u8>,
    headline: String,
    sents: Vec<Sent>,
    outlet: Outlet,
    byline: String,
    /// True publication time (seconds since 1970), before any clock error.
    published: i64,
}

fn person(rng: &mut Rng, lex: &Lexicon) -> String {
    format!("{} {}", rng.pick(&lex.first), rng.pick(&lex.last))
}

fn org(rng: &mut Rng, lex: &Lexicon) -> String {
    // A place prefix multiplies the pool of organisations, as real ones are often named.
    let base = rng.pick(&lex.orgs);
    if rng.chance(0.5) {
        format!("{} {}", rng.pick(&lex.places), base)
    } else {
        base.to_string()
    }
}

fn money(rng: &mut Rng) -> String {
    let m = rng.range(2, 950);
    if rng.chance(0.5) {
        format!("{m} million euros")
    } else {
        format!("€{}.{} million", m / 10, m % 10)
    }
}

fn new_facts(rng: &mut Rng, lex: &Lexicon, when: i64) -> Facts {
    let mut place2 = rng.pick(&lex.places);
    let place = rng.pick(&lex.places);
    if place2 == place {
        place2 = rng.pick(&lex.places);
    }
    Facts {
        p1: person(rng, lex),
        p2: person(rng, lex),
        r1: rng.pick(&lex.roles),
        r2: rng.pick(&lex.roles),
        org: org(rng, lex),
        org2: org(rng, lex),
        place,
        place2,
        event: rng.pick(&lex.events),
        n1: rng.range(40, 9_000) as u32,
        n2: rng.range(3, 60) as u32,
        n3: rng.range(2, 30) as u32,
        pct: rng.range(2, 45) as u32,
        money: money(rng),
        when,
    }
}

/// Another event with the same people, places and organisations: other numbers, another
/// date weeks away, often another kind of event.
fn negative_facts(rng: &mut Rng, lex: &Lexicon, base: &Facts) -> Facts {
    let mut f = base.clone();
    if rng.chance(0.6) {
        f.event = rng.pick(&lex.events);
    }
    f.n1 = rng.range(40, 9_000) as u32;
    f.n2 = rng.range(3, 60) as u32;
    f.n3 = rng.range(2, 30) as u32;
    f.pct = rng.range(2, 45) as u32;
    f.money = money(rng);
    let days = rng.range(9, 60);
    let sign = if rng.chance(0.5) { -1 } else { 1 };
    f.when = base.when + sign * days * 86_400 + rng.range(-20_000, 20_000);
    f
}

fn thousands(n: u32) -> String {
    if n < 10_000 {
        // News style: "2,300" but "950"; four digits take a comma too.
        if n >= 1_000 {
            return format!("{},{:03}", n / 1000, n % 1000);
        }
        return n.to_string();
    }
    format!("{},{:03}", n / 1000, n % 1000)
}

fn when_utc(t: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(t, 0).unwrap_or_default()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Fills the `{SLOT}`s of a template with the facts.
fn render(tpl: &str, f: &Facts) -> String {
    let mut out = String::with_capacity(tpl.len() + 48);
    let mut rest = tpl;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let slot = &rest[open + 1..open + close];
        let d = when_utc(f.when);
        match slot {
            "P1" => out.push_str(&f.p1),
            "P2" => out.push_str(&f.p2),
            "R1" => out.push_str(f.r1),
            "R2" => out.push_str(f.r2),
            "ORG" => out.push_str(&f.org),
            "ORG2" => out.push_str(&f.org2),
            "PLACE" => out.push_str(f.place),
            "PLACE2" => out.push_str(f.place2),
            "EVENT" => out.push_str(f.event.noun),
            "EVENT_CAP" => out.push_str(&capitalise(f.event.noun)),
            "WHAT" => out.push_str(f.event.what),
            "UNIT" => out.push_str(f.event.unit),
            "N1" => out.push_str(&thousands(f.n1)),
            "N2" => out.push_str(&f.n2.to_string()),
            "N3" => out.push_str(&f.n3.to_string()),
            "PCT" => out.push_str(&f.pct.to_string()),
            "MONEY" => out.push_str(&f.money),
            "DAY" => out.push_str(&d.format("%A").to_string()),
            "DATE" => out.push_str(&format!("{} {}", d.format("%B"), d.day())),
            "TIME" => out.push_str(&d.format("%H:%M").to_string()),
            other => {
                out.push('{');
                out.push_str(other);
                out.push('}');
            }
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

fn render_sent(lex: &Lexicon, f: &Facts, lead: bool, idx: u16, variant: u8) -> Sent {
    let pool = if lead { &lex.leads } else { &lex.bodies };
    let text = pool
        .get(idx as usize)
        .and_then(|v| v.get(variant as usize).or_else(|| v.first()))
        .map(|t| render(t, f))
        .unwrap_or_default();
    Sent {
        tpl: Some((lead, idx, variant)),
        text,
    }
}

/// A fresh article about `f`: a lead and 5 to 9 distinct body sentences.
fn fresh_text(rng: &mut Rng, lex: &Lexicon, f: &Facts) -> (String, Vec<Sent>) {
    let headline = render(rng.pick(&lex.headlines), f);
    let mut sents = Vec::new();
    let lead = rng.below(lex.leads.len()) as u16;
    sents.push(render_sent(lex, f, true, lead, rng.below(2) as u8));
    let mut body: Vec<u16> = (0..lex.bodies.len() as u16).collect();
    rng.shuffle(&mut body);
    let n = (rng.range(5, 9) as usize).min(body.len());
    for &b in &body[..n] {
        sents.push(render_sent(lex, f, false, b, rng.below(2) as u8));
    }
    (headline, sents)
}

/// An independent report about `f`: the reporter's own lead and 4 to 7 of their own body
/// sentences, then one or two of the wire's facts told in the wire's words (a quote or a
/// figure every report repeats). Independent reports share the event's names and numbers,
/// rarely its sentences.
fn own_text(rng: &mut Rng, lex: &Lexicon, f: &Facts) -> (String, Vec<Sent>) {
    let headline = render(rng.pick(&lex.headlines), f);
    let pick = |rng: &mut Rng, pool: &[Vec<&'static str>], i: usize| -> Sent {
        let v = &pool[i];
        Sent {
            tpl: None,
            text: render(v[rng.below(v.len())], f),
        }
    };
    let lead = rng.below(lex.own_leads.len());
    let mut sents = vec![pick(rng, &lex.own_leads, lead)];
    let mut body: Vec<usize> = (0..lex.own_bodies.len()).collect();
    rng.shuffle(&mut body);
    let n = (rng.range(4, 7) as usize).min(body.len());
    for &b in &body[..n] {
        sents.push(pick(rng, &lex.own_bodies, b));
    }
    let shared = rng.range(1, 2) as usize;
    for _ in 0..shared {
        let b = rng.below(lex.bodies.len());
        sents.push(pick(rng, &lex.bodies, b));
    }
    (headline, sents)
}

/// Replaces words by synonyms with probability `p`, keeping quotes verbatim (a rewriter
/// keeps quotes) and capitalised words other than the first (they are names).
fn synonymize(rng: &mut Rng, lex: &Lexicon, text: &str, p: f64) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut in_quote = false;
    for (i, tok) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let quotes = tok.matches('"').count();
        let starts_quote = tok.starts_with('"');
        let start = tok
            .char_indices()
            .find(|(_, c)| c.is_alphanumeric())
            .map_or(tok.len(), |(i, _)| i);
        let end = tok
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_alphanumeric())
            .map_or(start, |(i, c)| i + c.len_utf8());
        let core = &tok[start..end.max(start)];
        let quoted = in_quote || starts_quote;
        let first_upper = core.chars().next().is_some_and(char::is_uppercase);
        let eligible = !quoted && !core.is_empty() && (!first_upper || i == 0);
        let lower = core.to_lowercase();
        match lex.synonyms.get(lower.as_str()) {
            Some(alts) if eligible && rng.chance(p) => {
                let alt = rng.pick(alts);
                out.push_str(&tok[..start]);
                if first_upper {
                    out.push_str(&capitalise(alt));
                } else {
                    out.push_str(alt);
                }
                out.push_str(&tok[end.max(start)..]);
            }
            _ => out.push_str(tok),
        }
        if quotes % 2 == 1 {
            in_quote = !in_quote;
        }
    }
    out
}

/// `text` with its final full stop replaced by `, <tail>.`.
fn append_clause(text: &str, tail: &str) -> String {
    let t = text.trim_end();
    let t = t.strip_suffix('.').unwrap_or(t);
    format!("{t}, {tail}.")
}

/// Builds all articles of story `s` (0-based), sorted by true publication time.
fn build_story(opts: &GenOptions, lex: &Lexicon, s: usize) -> Vec<Art> {
    // Each story has its own stream, so story `s` is the same whatever `opts.stories` is.
    let mut rng = Rng::new(mix(opts.seed ^ mix(s as u64 + 1)));
    // Clamped to years chrono can write (±5000), so no arithmetic below can overflow.
    let start = opts.start_unix.clamp(-95_000_000_000, 95_000_000_000);
    let published = start + (s as i64).min(1 << 40) * 600 + rng.range(0, 599);
    let lag = rng.range(1_800, 30_000);
    let facts = new_facts(&mut rng, lex, published - lag);
    let wire = rng.pick(&lex.wires);
    let (headline, sents) = fresh_text(&mut rng, lex, &facts);
    let mut arts = vec![Art {
        local: 0,
        kind: Kind::Original,
        parent: None,
        headline,
        sents,
        outlet: wire,
        byline: format!("{} staff", wire.name),
        published,
    }];

    let derived = rng.range(0, opts.max_derived.min(200) as i64) as usize;
    for _ in 0..derived {
        let local = arts.len() as u8;
        let roll = rng.below(100);
        // Parents: mostly the original; otherwise an earlier derivation (a chain).
        let pick_parent = |rng: &mut Rng, arts: &[Art], p_orig: f64| -> usize {
            if arts.len() == 1 || rng.chance(p_orig) {
                0
            } else {
                rng.below(arts.len())
            }
        };
        let art = if roll < 6 {
            let p = pick_parent(&mut rng, &arts, 0.8);
            let par = &arts[p];
            Art {
                local,
                kind: Kind::ExactCopy,
                parent: Some(p as u8),
                headline: par.headline.clone(),
                sents: par.sents.clone(),
                outlet: other_paper(&mut rng, lex, par.outlet),
                byline: par.byline.clone(),
                published: par.published + rng.range(600, 20_000),
            }
        } else if roll < 26 {
            let p = pick_parent(&mut rng, &arts, 0.8);
            let par = &arts[p];
            let mut sents = par.sents.clone();
            let footer = if rng.chance(0.5) {
                format!("({})", wire.name)
            } else {
                format!("This article was supplied by {}.", wire.name)
            };
            sents.push(Sent {
                tpl: None,
                text: footer,
            });
            Art {
                local,
                kind: Kind::Syndicated,
                parent: Some(p as u8),
                headline: render(rng.pick(&lex.headlines), &facts),
                sents,
                outlet: other_paper(&mut rng, lex, par.outlet),
                byline: wire.name.to_string(),
                published: par.published + rng.range(600, 20_000),
            }
        } else if roll < 56 {
            // A relay cites its parent's outlet; a second-hand one also names the wire.
            let relay_parents: Vec<usize> = arts
                .iter()
                .enumerate()
                .filter(|(_, a)| matches!(a.kind, Kind::Original | Kind::Relay))
                .map(|(i, _)| i)
                .collect();
            let p = if rng.chance(0.75) {
                0
            } else {
                rng.pick(&relay_parents)
            };
            let par = &arts[p];
            let cite = if p == 0 {
                format!("{} reported", par.outlet.name)
            } else {
                format!("{} reported, citing {}", par.outlet.name, wire.name)
            };
            let mut sents: Vec<Sent> = par
                .sents
                .iter()
                .map(|x| Sent {
                    tpl: None,
                    text: synonymize(&mut rng, lex, &x.text, 0.1),
                })
                .collect();
            if let Some(first) = sents.first_mut() {
                first.text = append_clause(&first.text, &cite);
            }
            if sents.len() > 3 && rng.chance(0.5) {
                let i = rng.range(2, sents.len() as i64 - 1) as usize;
                sents[i].text = append_clause(&sents[i].text, "according to the agency");
            }
            Art {
                local,
                kind: Kind::Relay,
                parent: Some(p as u8),
                headline: synonymize(&mut rng, lex, &par.headline, 0.5),
                sents,
                outlet: other_paper(&mut rng, lex, par.outlet),
                byline: person(&mut rng, lex),
                published: par.published + rng.range(1_200, 30_000),
            }
        } else if roll < 92 {
            let p = pick_parent(&mut rng, &arts, 0.6);
            let strength = rng.range(1, 3) as u8;
            rewrite(&mut rng, lex, &facts, &arts[p], p as u8, local, strength)
        } else {
            // The remaining rolls add nothing: stories vary in size.
            continue;
        };
        arts.push(art);
    }

    if rng.chance(opts.independent_rate) {
        let (headline, sents) = own_text(&mut rng, lex, &facts);
        let outlet = other_paper(&mut rng, lex, wire);
        arts.push(Art {
            local: arts.len() as u8,
            kind: Kind::Independent,
            parent: None,
            headline,
            sents,
            outlet,
            byline: person(&mut rng, lex),
            published: published + rng.range(-3_600, 20_000),
        });
    }
    if rng.chance(opts.hard_negative_rate) {
        let nf = negative_facts(&mut rng, lex, &facts);
        let (headline, sents) = fresh_text(&mut rng, lex, &nf);
        let outlet = if rng.chance(0.5) {
            wire
        } else {
            rng.pick(&lex.papers)
        };
        arts.push(Art {
            local: arts.len() as u8,
            kind: Kind::HardNegative,
            parent: None,
            headline,
            sents,
            outlet,
            byline: person(&mut rng, lex),
            published: nf.when + rng.range(1_800, 20_000),
        });
    }
    // Stable sort: ties keep creation order, so parents stay before children.
    arts.sort_by_key(|a| a.published);
    arts
}

fn other_paper(rng: &mut Rng, lex: &Lexicon, not: Outlet) -> Outlet {
    let mut o = rng.pick(&lex.papers);
    if o == not {
        o = rng.pick(&lex.papers);
    }
    o
}

/// A rewrite of `par`: strength 1 (light) to 3 (heavy, content-farm style).
fn rewrite(
    rng: &mut Rng,
    lex: &Lexicon,
    facts: &Facts,
    par: &Art,
    p: u8,
    local: u8,
    strength: u8,
) -> Art {
    let st = strength.clamp(1, 3) as usize;
    let p_syn = [0.0, 0.15, 0.35, 0.6][st];
    let mut lead = par.sents.first().cloned();
    let mut body: Vec<Sent> = par.sents.iter().skip(1).cloned().collect();
    // Drop: light 0-1, medium 1-2, heavy 2-3 sentences, keeping at least three.
    let drops = rng.range(st as i64 - 1, st as i64) as usize;
    for _ in 0..drops {
        if body.len() > 3 {
            let i = rng.below(body.len());
            body.remove(i);
        }
    }
    // Reorder: light swaps one neighbour pair, stronger rewrites shuffle the body.
    if st == 1 {
        if body.len() > 2 {
            let i = rng.below(body.len() - 1);
            body.swap(i, i + 1);
        }
    } else {
        rng.shuffle(&mut body);
    }
    // Heavy: say each templated sentence with the other word order.
    if st == 3 {
        for s in lead.iter_mut().chain(body.iter_mut()) {
            if let Some((is_lead, idx, v)) = s.tpl {
                *s = render_sent(lex, facts, is_lead, idx, 1 - v.min(1));
            }
        }
    }
    // Filler: light 0-1, medium 1-2, heavy 2-4 sentences, at random places after the lead.
    let fillers = rng.range(st as i64 - 1, if st == 3 { 4 } else { st as i64 }) as usize;
    for _ in 0..fillers {
        let i = rng.below(body.len() + 1);
        body.insert(
            i,
            Sent {
                tpl: None,
                text: rng.pick(&lex.filler).to_string(),
            },
        );
    }
    let sents: Vec<Sent> = lead
        .into_iter()
        .chain(body)
        .map(|s| Sent {
            tpl: s.tpl,
            text: synonymize(rng, lex, &s.text, p_syn),
        })
        .collect();
    let (outlet, byline) = if st == 3 {
        let farm = rng.pick(&lex.farms);
        let by = if rng.chance(0.5) {
            "By AI Editorial Team"
        } else {
            "Staff Writer"
        };
        (farm, by.to_string())
    } else {
        (other_paper(rng, lex, par.outlet), person(rng, lex))
    };
    Art {
        local,
        kind: Kind::Rewrite(st as u8),
        parent: Some(p),
        headline: render(rng.pick(&lex.headlines), facts),
        sents,
        outlet,
        byline,
        published: par.published + rng.range(1_800, 40_000),
    }
}

/// One JSONL line for `art`, with its clock error and missing date applied.
fn render_record(opts: &GenOptions, s: usize, art: &Art) -> Vec<u8> {
    // The record's own stream, so rendering choices never shift the story's stream.
    let mut rng = Rng::new(mix(opts.seed
        ^ mix((s as u64) << 8 | u64::from(art.local))
        ^ 0x5eed));
    let id = article_id(s, art.local);
    let published = if rng.chance(opts.missing_date_rate) {
        None
    } else {
        let mut t = art.published;
        if rng.chance(opts.skewed_clock_rate) {
            let h = rng.range(1, 12);
            t += if rng.chance(0.5) { h * 3600 } else { -h * 3600 };
        }
        // Same instant, written in a local zone for some outlets.
        let offset_h = if rng.chance(0.3) { rng.range(1, 2) } else { 0 };
        let tz = FixedOffset::east_opt((offset_h * 3600) as i32).unwrap_or(Utc.fix());
        Some(
            when_utc(t)
                .with_timezone(&tz)
                .to_rfc3339_opts(SecondsFormat::Secs, true),
        )
    };
    let d = when_utc(art.published);
    let slug: String = art
        .headline
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|w| !w.is_empty())
        .take(8)
        .collect::<Vec<_>>()
        .join("-");
    let url = format!(
        "https://{}/{}/{:02}/{:02}/{}-{}",
        art.outlet.domain,
        d.year(),
        d.month(),
        d.day(),
        slug,
        id
    );
    let text = art
        .sents
        .iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    let rec = Record {
        id: &id,
        title: &art.headline,
        text: &text,
        url: &url,
        outlet: art.outlet.name,
        published,
        byline: &art.byline,
    };
    let mut line = serde_json::to_vec(&rec).unwrap_or_default();
    line.push(b'\n');
    line
}
