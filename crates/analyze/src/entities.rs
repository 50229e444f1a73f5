//! People, organisations and places, with the role a person is named in, short forms joined
//! to the full name, acronyms joined to their expansions, and gazetteer links.
//!
//! One pass over the text makes word tokens; another groups capitalised tokens into runs
//! ("NATO Secretary General Jens Stoltenberg"), which are cut into gazetteer names, titles,
//! honorifics, nationality adjectives and name segments. Each name is then classified from
//! the evidence around it, and mentions of one entity are joined. Every step is linear in the
//! text; phrase lists are data files under `data/`.

/// Hash tables with a fast hasher: the keys are short words, not attacker-chosen tables.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;
use std::sync::LazyLock;

use newstrace_model::{Entity, EntityKind, Role, Sentence, SentenceKind, Span};

use crate::gazetteer::{GazMatch, Gazetteer, data_lines, nationality_country_exact};

/// The word lists, parsed once.
struct Lists {
    /// Titles, lowercased, tokens joined by single spaces, periods dropped ("lt gen").
    titles: HashSet<String>,
    /// First and last words of titles, lowercased: a cheap test before building a phrase.
    title_first: HashSet<String>,
    title_last: HashSet<String>,
    /// The most tokens a title has.
    title_max: usize,
    /// Tokens that are written with a period and may be followed by a name ("Mr", "Gen").
    abbrevs: HashSet<&'static str>,
    honorifics: HashSet<&'static str>,
    org_suffixes: HashSet<&'static str>,
    place_words: HashSet<&'static str>,
    particles: HashSet<&'static str>,
    stop: HashSet<&'static str>,
    first_names: HashSet<&'static str>,
    /// Capitalised words that are no name when they stand alone ("European").
    lone_words: HashSet<&'static str>,
}

static LISTS: LazyLock<Lists> = LazyLock::new(|| {
    let set = |data: &'static str| data_lines(data).collect::<HashSet<&'static str>>();
    let honorifics = set(include_str!("../data/entities_honorifics.txt"));
    let mut titles = HashSet::default();
    let mut title_first = HashSet::default();
    let mut title_last = HashSet::default();
    let mut title_max = 1;
    let mut abbrevs: HashSet<&'static str> = honorifics.clone();
    for t in data_lines(include_str!("../data/entities_titles.txt")) {
        let words: Vec<&str> = t.split_whitespace().collect();
        if t.ends_with('.') {
            abbrevs.extend(words.iter().map(|w| w.trim_end_matches('.')));
        }
        title_max = title_max.max(words.len());
        let key: Vec<String> = words
            .iter()
            .map(|w| w.trim_end_matches('.').to_lowercase())
            .collect();
        title_first.insert(key[0].clone());
        title_last.insert(key[key.len() - 1].clone());
        titles.insert(key.join(" "));
    }
    Lists {
        titles,
        title_first,
        title_last,
        title_max,
        abbrevs,
        honorifics,
        org_suffixes: set(include_str!("../data/entities_org_suffixes.txt")),
        place_words: set(include_str!("../data/entities_place_words.txt")),
        particles: set(include_str!("../data/entities_particles.txt")),
        stop: set(include_str!("../data/entities_stopwords.txt")),
        first_names: set(include_str!("../data/entities_first_names.txt")),
        lone_words: set(include_str!("../data/entities_lone_words.txt")),
    }
});

/// Names longer than this many tokens are not taken for names.
const MAX_NAME_TOKENS: usize = 6;

/// A word: a run of letters and digits, with inner hyphens ("Jean-Claude") and apostrophes
/// before a capital ("O'Brien"); "NATO's" is "NATO" then "s".
#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
}

fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(text.len() / 6 + 1);
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = it.peek() {
            if d.is_alphanumeric() {
                end = j + d.len_utf8();
                it.next();
            } else if matches!(d, '-' | '\'' | '’') {
                let next = text.get(j + d.len_utf8()..).and_then(|r| r.chars().next());
                let joins = match next {
                    Some(n) if d == '-' => n.is_alphanumeric(),
                    Some(n) => n.is_uppercase(),
                    None => false,
                };
                if !joins {
                    break;
                }
                it.next();
            } else {
                break;
            }
        }
        toks.push(Tok { start: i, end });
    }
    toks
}

/// What the evidence says a name is, best first.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Ev {
    Honorific(String),
    Title(String),
    Appositive(String),
    FirstName(String),
    Surname(String),
    OrgSuffix(String),
    Acronym,
    PlaceWord(String),
    AfterPrep(String),
    Capitalised,
}

impl Ev {
    fn kind(&self) -> EntityKind {
        match self {
            Ev::Honorific(_)
            | Ev::Title(_)
            | Ev::Appositive(_)
            | Ev::FirstName(_)
            | Ev::Surname(_) => EntityKind::Person,
            Ev::OrgSuffix(_) | Ev::Acronym => EntityKind::Organization,
            Ev::PlaceWord(_) | Ev::AfterPrep(_) => EntityKind::Place,
            Ev::Capitalised => EntityKind::Other,
        }
    }

    fn reason(&self) -> String {
        match self {
            Ev::Honorific(h) => format!("honorific {h}"),
            Ev::Title(t) => format!("title '{t}' before the name"),
            Ev::Appositive(t) => format!("role '{t}' beside the name"),
            Ev::FirstName(f) => format!("first name '{f}' in a capitalised sequence"),
            Ev::Surname(s) => format!("capitalised sequence later referred to as '{s}' alone"),
            Ev::OrgSuffix(s) => format!("organisation suffix '{s}'"),
            Ev::Acronym => "all-caps acronym".to_string(),
            Ev::PlaceWord(w) => format!("place word '{w}'"),
            Ev::AfterPrep(p) => format!("capitalised name after '{p}'"),
            Ev::Capitalised => "capitalised sequence".to_string(),
        }
    }

    fn is_person(&self) -> bool {
        self.kind() == EntityKind::Person
    }
}

/// One mention of a would-be entity.
#[derive(Debug)]
struct Mention {
    span: Span,
    /// Token range `[a, b)`.
    toks: (usize, usize),
    /// Gazetteer entry, when the mention is a gazetteer name.
    gaz: Option<usize>,
    ev: Ev,
    role: Option<Role>,
    /// Dropped unless something else vouches for it (sentence-initial word, heading, ...).
    weak: bool,
    /// Starts with a lowercase particle ("von der Leyen"): only a short form, never alone.
    particle_start: bool,
}

/// The analysis state for one text.
struct Scan<'t> {
    text: &'t str,
    toks: Vec<Tok>,
    lists: &'static Lists,
    buf: String,
    /// Per token, lazily: whether it can start (2) or end (4) a title; 1 once computed.
    tflags: Vec<u8>,
}

/// Appends `w` lowercased, without going through `char` for ASCII words.
fn push_lower(buf: &mut String, w: &str) {
    if w.is_ascii() {
        let from = buf.len();
        buf.push_str(w);
        buf[from..].make_ascii_lowercase();
    } else {
        buf.extend(w.chars().flat_map(char::to_lowercase));
    }
}

/// Sets `buf` to `w` lowercased.
fn lower_into(buf: &mut String, w: &str) {
    buf.clear();
    push_lower(buf, w);
}

/// The country of a capitalised nationality adjective, exactly as written.
fn nationality(w: &str) -> Option<&'static str> {
    if is_cap(w) {
        nationality_country_exact(w)
    } else {
        None
    }
}

/// Whether `w` is a name particle; most words are rejected by length or case before hashing.
fn is_particle(lists: &Lists, w: &str) -> bool {
    w.len() <= 5 && w.starts_with(|c: char| c.is_ascii_lowercase()) && lists.particles.contains(w)
}

fn is_cap(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

fn is_acronym(s: &str) -> bool {
    s.chars().count() >= 2
        && is_cap(s)
        && !s.chars().any(char::is_lowercase)
        && s.chars().filter(|c| c.is_uppercase()).count() >= 2
}

fn is_initial(s: &str) -> bool {
    let mut c = s.chars();
    c.next().is_some_and(char::is_uppercase) && c.next().is_none()
}

impl<'t> Scan<'t> {
    fn s(&self, i: usize) -> &'t str {
        let t = self.toks[i];
        self.text.get(t.start..t.end).unwrap_or("")
    }

    fn gap(&self, i: usize) -> &'t str {
        // The text between token i and token i + 1.
        let (a, b) = (self.toks[i].end, self.toks[i + 1].start);
        self.text.get(a..b).unwrap_or("")
    }

    /// Whether tokens i and i + 1 belong to one name or phrase.
    fn joined(&self, i: usize) -> bool {
        if i + 1 >= self.toks.len() {
            return false;
        }
        match self.gap(i) {
            " " | "\u{a0}" => true,
            ". " => {
                let w = self.s(i);
                is_initial(w) || self.lists.abbrevs.contains(w)
            }
            "." => is_initial(self.s(i)) && is_initial(self.s(i + 1)),
            _ => false,
        }
    }

    /// The end of token i, past a period of an abbreviation or initial.
    fn end_with_dot(&self, i: usize) -> usize {
        let t = self.toks[i];
        let w = self.s(i);
        if self.text.as_bytes().get(t.end) == Some(&b'.')
            && (is_initial(w) || self.lists.abbrevs.contains(w))
        {
            t.end + 1
        } else {
            t.end
        }
    }

    /// Whether tokens `[a, b)` spell a title (case-insensitively).
    fn is_title(&mut self, a: usize, b: usize) -> bool {
        if a >= b || b > self.toks.len() || b - a > self.lists.title_max {
            return false;
        }
        if self.title_flags(a) & 2 == 0 || self.title_flags(b - 1) & 4 == 0 {
            return false;
        }
        self.buf.clear();
        for i in a..b {
            if i > a {
                if !self.joined(i - 1) {
                    return false;
                }
                self.buf.push(' ');
            }
            let w = self.s(i);
            push_lower(&mut self.buf, w);
        }
        self.lists.titles.contains(self.buf.as_str())
    }

    /// The title flags of token i: 2 if it can start a title, 4 if it can end one.
    fn title_flags(&mut self, i: usize) -> u8 {
        let f = self.tflags[i];
        if f != 0 {
            return f;
        }
        let w = self.s(i);
        lower_into(&mut self.buf, w);
        let mut f = 1;
        if self.lists.title_first.contains(self.buf.as_str()) {
            f |= 2;
        }
        if self.lists.title_last.contains(self.buf.as_str()) {
            f |= 4;
        }
        self.tflags[i] = f;
        f
    }

    /// The longest title starting at token a and ending before `limit`: its token count.
    fn title_at(&mut self, a: usize, limit: usize) -> Option<usize> {
        let w = self.s(a);
        // Titles start with a letter; lowercase connectors never start one.
        if matches!(w, "of" | "the" | "and") {
            return None;
        }
        let max = self.lists.title_max.min(limit.saturating_sub(a));
        (1..=max).rev().find(|&k| self.is_title(a, a + k))
    }

    fn is_stop(&self, i: usize) -> bool {
        self.lists.stop.contains(self.s(i))
    }

    /// The owner written just before the title starting at token t: a nationality
    /// adjective (as its country) or a capitalised name, possibly possessive.
    fn owner_before(&self, t: usize) -> Option<(String, usize)> {
        let mut j = t.checked_sub(1)?;
        if !self.joined(j) {
            return None;
        }
        // "NATO's Secretary General": skip the possessive "s".
        if self.s(j) == "s" && j > 0 && matches!(self.gap(j - 1), "'" | "’") {
            j -= 1;
        }
        let w = self.s(j);
        if let Some(c) = nationality(w) {
            return Some((c.to_string(), self.toks[j].start));
        }
        if !is_cap(w) || self.is_stop(j) {
            return None;
        }
        let end = self.end_with_dot(j);
        let mut start = j;
        while start > 0
            && t - start < MAX_NAME_TOKENS
            && self.joined(start - 1)
            && is_cap(self.s(start - 1))
            && !self.is_stop(start - 1)
            && nationality(self.s(start - 1)).is_none()
        {
            start -= 1;
        }
        let s = self.toks[start].start;
        Some((self.text.get(s..end)?.to_string(), s))
    }

    /// A title written right before the name at token a: "NATO Secretary General Jens
    /// Stoltenberg", "Irish MEP Mick Wallace", "Kremlin spokesperson Dmitry Peskov".
    fn title_before(&mut self, a: usize) -> Option<Role> {
        if a == 0 || !self.joined(a - 1) {
            return None;
        }
        let max = self.lists.title_max.min(a);
        let k = (1..=max).rev().find(|&k| self.is_title(a - k, a))?;
        let t = a - k;
        let title_end = self.end_with_dot(a - 1);
        let title = self.text.get(self.toks[t].start..title_end)?.to_string();
        let (of, start) = match self.owner_before(t) {
            Some((o, s)) => (Some(o), s),
            None => (None, self.toks[t].start),
        };
        Some(Role {
            title,
            of,
            span: Span::new(start, title_end),
        })
    }

    /// "X, NATO's Secretary General," / "X, the Secretary General of NATO,": a role phrase
    /// right after the name at tokens ending before b.
    fn role_after(&mut self, b: usize) -> Option<Role> {
        let n = self.toks.len();
        if b == 0 || b >= n || !matches!(self.gap(b - 1), ", " | "., ") {
            return None;
        }
        let mut p = b;
        if matches!(self.s(p), "the" | "a" | "an") {
            if !self.joined(p) {
                return None;
            }
            p += 1;
        }
        let phrase_start = self.toks[p].start;
        let mut owner = None;
        if self.title_at(p, n).is_none() {
            let w = self.s(p);
            if let Some(c) = nationality(w) {
                owner = Some(c.to_string());
                p += 1;
            } else if is_cap(w) {
                let s = self.toks[p].start;
                let mut q = p;
                while q + 1 < n && q - p < 4 && self.joined(q) && self.title_at(q + 1, n).is_none()
                {
                    q += 1;
                }
                owner = Some(self.text.get(s..self.end_with_dot(q))?.to_string());
                p = q + 1;
                if p + 1 < n && self.s(p) == "s" && matches!(self.gap(p - 1), "'" | "’") {
                    p += 1;
                }
            } else {
                return None;
            }
            if p >= n || !self.joined(p - 1) {
                return None;
            }
        }
        let k = self.title_at(p, n)?;
        let title_start = self.toks[p].start;
        let mut end_tok = p + k - 1;
        let (title_end, of) = self.complement(end_tok, &mut owner, &mut end_tok)?;
        let after = self.text.get(self.end_with_dot(end_tok)..)?.chars().next();
        if !after.is_none_or(|c| matches!(c, ',' | '.' | ';' | ')' | '\n')) {
            return None;
        }
        Some(Role {
            title: self.text.get(title_start..title_end)?.to_string(),
            of: of.or(owner),
            span: Span::new(phrase_start, self.end_with_dot(end_tok)),
        })
    }

    /// After a title ending at token `last`, an optional "to/of/for/at [the] X" complement
    /// up to the phrase's end. Returns the title's end (extended over a "to" complement) and
    /// an owner from an "of" complement; `end_tok` becomes the phrase's last token.
    fn complement(
        &mut self,
        last: usize,
        owner: &mut Option<String>,
        end_tok: &mut usize,
    ) -> Option<(usize, Option<String>)> {
        let n = self.toks.len();
        let title_end = self.end_with_dot(last);
        if last + 1 >= n || !self.joined(last) {
            return Some((title_end, None));
        }
        let prep = self.s(last + 1);
        if !matches!(prep, "of" | "to" | "for" | "at") {
            return Some((title_end, None));
        }
        let mut q = last + 1;
        while q + 1 < n && q - last < 7 && self.joined(q) {
            q += 1;
        }
        if q == last + 1 {
            return Some((title_end, None));
        }
        *end_tok = q;
        let obj_start = if self.s(last + 2) == "the" && last + 2 < q {
            self.toks[last + 3].start
        } else {
            self.toks[last + 2].start
        };
        let end = self.end_with_dot(q);
        if prep == "of" && owner.is_none() {
            let obj = self.text.get(obj_start..end)?.to_string();
            Some((title_end, Some(obj)))
        } else {
            Some((end, None))
        }
    }

    /// "the Russian Ambassador to the United States, Anatoly Antonov": a role phrase right
    /// before the name at token a, ended by a comma.
    fn role_before_comma(&mut self, a: usize) -> Option<Role> {
        if a == 0 || !matches!(self.gap(a - 1), ", " | "., ") {
            return None;
        }
        let last = a - 1;
        let mut c = last;
        while c > 0 && last - c < 10 && self.joined(c - 1) {
            c -= 1;
        }
        // The last title in the clause whose complement runs to the comma.
        for q in (c..=last).rev() {
            let Some(k) = self.title_at(q, last + 1) else {
                continue;
            };
            let mut owner = self.owner_before(q).map(|(o, _)| o);
            let phrase_start = match q.checked_sub(1) {
                Some(p) if owner.is_some() && p >= c => self.toks[p].start,
                _ => self.toks[q].start,
            };
            let mut end_tok = q + k - 1;
            let (title_end, of) = self.complement(end_tok, &mut owner, &mut end_tok)?;
            if end_tok != last {
                return None;
            }
            return Some(Role {
                title: self.text.get(self.toks[q].start..title_end)?.to_string(),
                of: of.or(owner),
                span: Span::new(phrase_start, self.end_with_dot(last)),
            });
        }
        None
    }

    /// Whether the word at token i starts a sentence (or a list item or line).
    fn sentence_initial(&self, i: usize) -> bool {
        let before = self.text.get(..self.toks[i].start).unwrap_or("");
        for c in before.chars().rev().take(12) {
            match c {
                '\n' | '.' | '!' | '?' | ':' | ';' => return true,
                ' ' | '\t' | '\u{a0}' | '"' | '“' | '‘' | '\'' | '(' | '[' | '*' | '-' | '•'
                | '–' | '—' => continue,
                _ => return false,
            }
        }
        before.trim().is_empty()
    }
}

/// Whether a line reads as a heading or headline: short, no closing punctuation, every
/// content word capitalised ("What Happened", "EU on High Alert: Exploring Defense").
fn heading_like(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() || t.ends_with(['.', '!', '?', '”', '"', ';', ',']) {
        return false;
    }
    let mut n = 0;
    for w in t.split_whitespace() {
        n += 1;
        if n > 14 {
            return false;
        }
        let small = matches!(
            w,
            "a" | "an"
                | "the"
                | "of"
                | "and"
                | "or"
                | "for"
                | "to"
                | "in"
                | "on"
                | "at"
                | "by"
                | "with"
                | "from"
                | "vs"
                | "via"
                | "as"
                | "amid"
                | "after"
        );
        if !small
            && w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_lowercase)
        {
            return false;
        }
    }
    true
}

/// Kinds of pieces a capitalised run is cut into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seg {
    /// A gazetteer name (index into the scan's matches).
    Gaz(usize),
    Title,
    Honorific,
    Nationality,
    Name,
    /// "of", "of the" inside an organisation's name.
    Conn,
    Break,
}

/// Finds the entities of an article, one entry per distinct entity, sorted by first mention.
pub fn find(text: &str, sentences: &[Sentence], gazetteer: &Gazetteer) -> Vec<Entity> {
    let lists: &'static Lists = &LISTS;
    let gaz = gazetteer.scan(text);
    let mut sc = Scan {
        text,
        toks: tokenize(text),
        lists,
        buf: String::new(),
        tflags: Vec::new(),
    };
    sc.tflags = vec![0; sc.toks.len()];
    let mut gaz_suppressed = vec![false; gaz.len()];
    let mut mentions: Vec<Mention> = Vec::new();
    cut_runs(&mut sc, &gaz, gazetteer, &mut gaz_suppressed, &mut mentions);
    for (i, m) in gaz.iter().enumerate() {
        if gaz_suppressed[i] {
            continue;
        }
        let a = sc.toks.partition_point(|t| t.start < m.span.start);
        let b = sc.toks.partition_point(|t| t.start < m.span.end);
        mentions.push(Mention {
            span: m.span,
            toks: (a, b.max(a)),
            gaz: Some(m.entry),
            ev: Ev::Capitalised,
            role: None,
            weak: false,
            particle_start: false,
        });
    }
    mentions.sort_by_key(|m| (m.span.start, m.span.end));
    classify(&mut sc, gazetteer, &mut mentions);
    mark_headings(text, sentences, &mut mentions);
    group(&sc, gazetteer, mentions)
}

/// Groups capitalised tokens into runs and cuts each into segments, pushing one mention per
/// name segment (or per compound such as "Treaty of Brussels").
fn cut_runs(
    sc: &mut Scan<'_>,
    gaz: &[GazMatch],
    gazetteer: &Gazetteer,
    gaz_suppressed: &mut [bool],
    out: &mut Vec<Mention>,
) {
    let n = sc.toks.len();
    let mut gp = 0;
    let mut segs: Vec<(Seg, usize, usize)> = Vec::new();
    let mut i = 0;
    while i < n {
        let w = sc.s(i);
        let starts = is_cap(w) || is_particle(sc.lists, w);
        if !starts {
            i += 1;
            continue;
        }
        // Extend the run while tokens join; lowercase particles and connectors only inside.
        let mut b = i + 1;
        while b < n && sc.joined(b - 1) {
            let x = sc.s(b);
            if is_cap(x) || is_particle(sc.lists, x) || matches!(x, "of" | "the") {
                b += 1;
            } else {
                break;
            }
        }
        let scanned_to = b;
        while b > i && !is_cap(sc.s(b - 1)) {
            b -= 1;
        }
        if b > i {
            segs.clear();
            cut_run(sc, gaz, &mut gp, i, b, &mut segs);
            emit(sc, gaz, gazetteer, &segs, gaz_suppressed, out);
        }
        i = scanned_to;
    }
}

/// Cuts the run of tokens `[a, b)` into segments.
fn cut_run(
    sc: &mut Scan<'_>,
    gaz: &[GazMatch],
    gp: &mut usize,
    a: usize,
    b: usize,
    segs: &mut Vec<(Seg, usize, usize)>,
) {
    let mut j = a;
    while j < b {
        let t = sc.toks[j];
        while *gp < gaz.len() && gaz[*gp].span.end <= t.start {
            *gp += 1;
        }
        let w = sc.s(j);
        // Titles first: "Member of the European Parliament" holds a gazetteer name.
        if is_cap(w)
            && !sc.lists.stop.contains(w)
            && let Some(k) = sc.title_at(j, b)
        {
            segs.push((Seg::Title, j, j + k));
            j += k;
            continue;
        }
        if let Some(g) = gaz
            .get(*gp)
            .filter(|g| g.span.start <= t.start && t.end <= g.span.end)
        {
            let mut e = j + 1;
            while e < b && sc.toks[e].end <= g.span.end {
                e += 1;
            }
            segs.push((Seg::Gaz(*gp), j, e));
            j = e;
            continue;
        }
        let seg = if matches!(w, "of" | "the") {
            Seg::Conn
        } else if sc.lists.stop.contains(w) {
            Seg::Break
        } else if sc.lists.honorifics.contains(w) {
            Seg::Honorific
        } else if nationality(w).is_some() {
            Seg::Nationality
        } else {
            Seg::Name
        };
        match segs.last_mut() {
            Some((Seg::Name, _, e)) if seg == Seg::Name && *e == j => *e = j + 1,
            _ => segs.push((seg, j, j + 1)),
        }
        j += 1;
    }
}

/// Turns the segments of one run into name mentions.
fn emit(
    sc: &mut Scan<'_>,
    gaz: &[GazMatch],
    gazetteer: &Gazetteer,
    segs: &[(Seg, usize, usize)],
    gaz_suppressed: &mut [bool],
    out: &mut Vec<Mention>,
) {
    let person_like = |sc: &Scan<'_>, a: usize, b: usize| {
        (2..=4).contains(&(b - a)) && sc.lists.first_names.contains(sc.s(a))
    };
    let joinable = |s: &Seg| match s {
        Seg::Name | Seg::Conn => true,
        Seg::Gaz(g) => gazetteer
            .entry(gaz[*g].entry)
            .is_some_and(|e| e.kind != EntityKind::Person),
        _ => false,
    };
    let mut k = 0;
    while k < segs.len() {
        if !joinable(&segs[k].0) || segs[k].0 == Seg::Conn {
            k += 1;
            continue;
        }
        // The window of name, gazetteer and connector segments from k.
        let mut e = k + 1;
        while e < segs.len() && joinable(&segs[e].0) {
            e += 1;
        }
        while e > k + 1 && segs[e - 1].0 == Seg::Conn {
            e -= 1;
        }
        let window = &segs[k..e];
        let names = window.iter().filter(|s| s.0 == Seg::Name).count();
        let any_person = window
            .iter()
            .any(|s| s.0 == Seg::Name && person_like(sc, s.1, s.2));
        let compound = names >= 1 && window.len() >= 2 && !any_person;
        if compound {
            let (a, b) = (window[0].1, window[window.len() - 1].2);
            for s in window {
                if let Seg::Gaz(g) = s.0 {
                    gaz_suppressed[g] = true;
                }
            }
            push_name(sc, a, b, out);
        } else {
            for s in window {
                if s.0 == Seg::Name {
                    push_name(sc, s.1, s.2, out);
                }
            }
        }
        k = e;
    }
}

fn push_name(sc: &Scan<'_>, a: usize, mut b: usize, out: &mut Vec<Mention>) {
    while b > a && !is_cap(sc.s(b - 1)) {
        b -= 1;
    }
    if b == a || b - a > MAX_NAME_TOKENS {
        return;
    }
    let particle_start = !is_cap(sc.s(a));
    let end = if is_initial(sc.s(b - 1)) {
        sc.end_with_dot(b - 1)
    } else {
        sc.toks[b - 1].end
    };
    out.push(Mention {
        span: Span::new(sc.toks[a].start, end),
        toks: (a, b),
        gaz: None,
        ev: Ev::Capitalised,
        role: None,
        weak: false,
        particle_start,
    });
}

/// Finds the evidence and role of each mention.
fn classify(sc: &mut Scan<'_>, gazetteer: &Gazetteer, mentions: &mut [Mention]) {
    for m in mentions.iter_mut() {
        let (a, b) = m.toks;
        if a >= b {
            continue;
        }
        let gaz_kind = m.gaz.and_then(|g| gazetteer.entry(g)).map(|e| e.kind);
        if gaz_kind.is_some_and(|k| k != EntityKind::Person) {
            continue;
        }
        let honorific = (a > 0 && sc.joined(a - 1) && sc.lists.honorifics.contains(sc.s(a - 1)))
            .then(|| {
                let s = sc.toks[a - 1].start;
                sc.text
                    .get(s..sc.end_with_dot(a - 1))
                    .unwrap_or("")
                    .to_string()
            });
        if let Some(role) = sc.title_before(a) {
            m.ev = Ev::Title(role.title.clone());
            m.role = Some(role);
        } else if let Some(role) = sc.role_after(b).or_else(|| sc.role_before_comma(a)) {
            m.ev = Ev::Appositive(role.title.clone());
            m.role = Some(role);
        } else if let Some(h) = honorific {
            m.ev = Ev::Honorific(h);
        }
        if m.gaz.is_some() || m.ev != Ev::Capitalised {
            continue;
        }
        let first = sc.s(a);
        let last = sc.s(b - 1);
        m.ev = if (2..=4).contains(&(b - a)) && sc.lists.first_names.contains(first) {
            Ev::FirstName(first.to_string())
        } else if sc.lists.org_suffixes.contains(last) {
            Ev::OrgSuffix(last.to_string())
        } else if b - a > 1 && sc.lists.org_suffixes.contains(first) {
            Ev::OrgSuffix(first.to_string())
        } else if b - a == 1 && is_acronym(first) {
            Ev::Acronym
        } else if b - a > 1 && sc.lists.place_words.contains(last) {
            Ev::PlaceWord(last.to_string())
        } else if a > 0
            && sc.joined(a - 1)
            && matches!(sc.s(a - 1), "in" | "from" | "near")
            && b - a <= 2
        {
            Ev::AfterPrep(sc.s(a - 1).to_string())
        } else {
            Ev::Capitalised
        };
        // A lone capitalised word opening a sentence is usually just a capitalised word.
        if b - a == 1
            && m.ev == Ev::Capitalised
            && (sc.sentence_initial(a) || sc.lists.lone_words.contains(first))
        {
            m.weak = true;
        }
    }
}

/// Marks name mentions in headings and headline-like lines as weak, unless a title or
/// honorific vouches for them.
fn mark_headings(text: &str, sentences: &[Sentence], mentions: &mut [Mention]) {
    let mut line = (0usize, 0usize, false);
    let mut sp = 0;
    for m in mentions.iter_mut() {
        if m.gaz.is_some() || m.ev.is_person() {
            continue;
        }
        let pos = m.span.start;
        if pos >= line.1 || pos < line.0 {
            let s = text
                .get(..pos)
                .and_then(|t| t.rfind('\n'))
                .map_or(0, |i| i + 1);
            let e = text
                .get(pos..)
                .and_then(|t| t.find('\n'))
                .map_or(text.len(), |i| pos + i);
            line = (
                s,
                e.max(pos + 1),
                heading_like(text.get(s..e).unwrap_or("")),
            );
        }
        while sp < sentences.len() && sentences[sp].span.end <= pos {
            sp += 1;
        }
        let in_heading = sentences
            .get(sp)
            .is_some_and(|s| s.kind == SentenceKind::Heading && s.span.start <= pos);
        if line.2 || in_heading {
            m.weak = true;
        }
    }
}

/// Joins the mentions of one entity and builds the entities.
fn group(sc: &Scan<'_>, gazetteer: &Gazetteer, mentions: Vec<Mention>) -> Vec<Entity> {
    let text = sc.text;
    let n = mentions.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    fn union(p: &mut [usize], a: usize, b: usize) {
        let (ra, rb) = (root(p, a), root(p, b));
        if ra != rb {
            // The earlier mention stays the root.
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            p[hi] = lo;
        }
    }
    let key = |m: &Mention| -> String {
        match m.gaz.and_then(|g| gazetteer.entry(g)) {
            Some(e) => format!("\u{1}{}", e.id),
            None => m
                .span
                .of(text)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        }
    };
    let keys: Vec<String> = mentions.iter().map(key).collect();
    let mut by_key: HashMap<&str, usize> = HashMap::default();
    for (i, k) in keys.iter().enumerate() {
        match by_key.get(k.as_str()) {
            Some(&j) => union(&mut parent, i, j),
            None => {
                by_key.insert(k, i);
            }
        }
    }
    // Short forms of multi-word person names: the surname, and from the first particle on.
    let mut short: HashMap<&str, Option<usize>> = HashMap::default();
    for (i, m) in mentions.iter().enumerate() {
        let (a, b) = m.toks;
        let gaz_person = m
            .gaz
            .and_then(|g| gazetteer.entry(g))
            .is_some_and(|e| e.kind == EntityKind::Person);
        let eligible = gaz_person
            || m.gaz.is_none()
                && !m.particle_start
                && matches!(m.ev.kind(), EntityKind::Person | EntityKind::Other);
        if !eligible || b < a + 2 {
            continue;
        }
        let mut forms = vec![sc.s(b - 1)];
        if let Some(p) = (a + 1..b - 1).find(|&p| is_particle(sc.lists, sc.s(p)))
            && let Some(f) = text.get(sc.toks[p].start..sc.toks[b - 1].end)
        {
            forms.push(f);
        }
        for f in forms {
            let e = short.entry(f).or_insert(Some(i));
            if let Some(j) = *e
                && root(&mut parent, j) != root(&mut parent, i)
            {
                *e = None;
            }
        }
    }
    let mut surname_of: Vec<Option<String>> = vec![None; n];
    for (i, m) in mentions.iter().enumerate() {
        if m.gaz.is_some() {
            continue;
        }
        let single = m.toks.1 == m.toks.0 + 1;
        if !(single || m.particle_start) {
            continue;
        }
        if let Some(Some(j)) = short.get(m.span.of(text)) {
            let j = *j;
            union(&mut parent, i, j);
            surname_of[root(&mut parent, j)] = Some(m.span.of(text).to_string());
        }
    }
    // Acronyms written beside their expansions: "European Defence Agency (EDA)", "EDA (...)".
    for i in 0..n.saturating_sub(1) {
        let (x, y) = (&mentions[i], &mentions[i + 1]);
        let between = text.get(x.span.end..y.span.start).unwrap_or("");
        let closes = text.get(y.span.end..).is_some_and(|t| t.starts_with(')'));
        if between != " (" || !closes {
            continue;
        }
        let (xs, ys) = (x.span.of(text), y.span.of(text));
        let same_initial = xs.chars().next() == ys.chars().next();
        let y_acr = y.toks.1 == y.toks.0 + 1 && is_acronym(ys) && !is_acronym(xs);
        let x_acr = x.toks.1 == x.toks.0 + 1 && is_acronym(xs) && !is_acronym(ys);
        if same_initial && (y_acr || x_acr) {
            union(&mut parent, i, i + 1);
        }
    }
    // A group lives when any of its mentions is not weak.
    let mut alive = vec![false; n];
    let mut joined_other_key = vec![false; n];
    for i in 0..n {
        let r = root(&mut parent, i);
        if keys[i] != keys[r] {
            joined_other_key[r] = true;
        }
    }
    for (i, m) in mentions.iter().enumerate() {
        let r = root(&mut parent, i);
        if !m.weak && !m.particle_start {
            alive[r] = true;
        }
    }
    let mut slot: HashMap<usize, usize> = HashMap::default();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in 0..n {
        let r = root(&mut parent, i);
        if !(alive[r] || joined_other_key[r]) {
            continue;
        }
        let s = *slot.entry(r).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[s].push(i);
    }
    let mut out: Vec<Entity> = Vec::with_capacity(groups.len());
    for g in groups {
        let r = root(&mut parent, g[0]);
        let surface = |i: usize| mentions[i].span.of(text);
        // The fullest form: most characters, first on ties.
        let full = g
            .iter()
            .copied()
            .max_by_key(|&i| (surface(i).chars().count(), std::cmp::Reverse(i)))
            .unwrap_or(g[0]);
        let entry = g
            .iter()
            .find_map(|&i| mentions[i].gaz.and_then(|e| gazetteer.entry(e)));
        let best = g.iter().map(|&i| &mentions[i].ev).min().cloned();
        let (kind, reason) = match (entry, best) {
            (Some(e), _) => (e.kind, format!("gazetteer {}", e.id)),
            (None, Some(Ev::Capitalised)) if surname_of[r].is_some() => {
                let s = surname_of[r].clone().unwrap_or_default();
                (EntityKind::Person, Ev::Surname(s).reason())
            }
            (None, Some(ev)) => (ev.kind(), ev.reason()),
            (None, None) => (EntityKind::Other, Ev::Capitalised.reason()),
        };
        let text_full = surface(full).to_string();
        let mut aliases: Vec<String> = Vec::new();
        for &i in &g {
            let s = surface(i);
            if s != text_full && !aliases.iter().any(|a| a == s) {
                aliases.push(s.to_string());
            }
        }
        let mut spans: Vec<Span> = g.iter().map(|&i| mentions[i].span).collect();
        spans.sort_unstable();
        spans.dedup();
        out.push(Entity {
            canonical: entry.map_or_else(|| text_full.clone(), |e| e.canonical.clone()),
            kb_id: entry.map(|e| e.id.clone()),
            role: g.iter().find_map(|&i| mentions[i].role.clone()),
            text: text_full,
            kind,
            aliases,
            spans,
            reason,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<Entity> {
        find(text, &[], Gazetteer::builtin())
    }

    fn get<'a>(es: &'a [Entity], name: &str) -> &'a Entity {
        es.iter()
            .find(|e| e.text == name)
            .unwrap_or_else(|| panic!("no entity {name:?} in {:#?}", names(es)))
    }

    fn names(es: &[Entity]) -> Vec<(String, EntityKind)> {
        es.iter().map(|e| (e.text.clone(), e.kind)).collect()
    }

    fn check_spans(text: &str, es: &[Entity]) {
        for e in es {
            assert!(e.spans.windows(2).all(|w| w[0] < w[1]), "{e:?}");
            for s in &e.spans {
                assert!(text.get(s.start..s.end).is_some(), "{s:?}");
            }
        }
    }

    #[test]
    fn title_before_name_gives_role_and_short_form_joins() {
        let t = "Baltic Council Chair Elina Varga met reporters. Later, Varga said the \
                 talks had ended. Varga left.";
        let es = run(t);
        check_spans(t, &es);
        let e = get(&es, "Elina Varga");
        assert_eq!(e.kind, EntityKind::Person);
        let role = e.role.as_ref().unwrap();
        assert_eq!(role.title, "Chair");
        assert_eq!(role.of.as_deref(), Some("Baltic Council"));
        assert_eq!(role.span.of(t), "Baltic Council Chair");
        assert_eq!(e.spans.len(), 3);
        assert_eq!(e.aliases, ["Varga"]);
        assert!(e.reason.contains("title 'Chair'"), "{}", e.reason);
        assert_eq!(get(&es, "Baltic Council").kind, EntityKind::Organization);
    }

    #[test]
    fn gazetteer_org_before_title() {
        let t = "NATO Secretary General Piet Hollander spoke. The Alliance chief, Hollander, \
                 left for Brussels.";
        let es = run(t);
        let e = get(&es, "Piet Hollander");
        let role = e.role.as_ref().unwrap();
        assert_eq!(
            (role.title.as_str(), role.of.as_deref()),
            ("Secretary General", Some("NATO"))
        );
        assert_eq!(e.spans.len(), 2);
        let nato = get(&es, "NATO");
        assert_eq!(nato.kb_id.as_deref(), Some("org:nato"));
        assert_eq!(nato.canonical, "North Atlantic Treaty Organization");
        assert_eq!(nato.reason, "gazetteer org:nato");
        assert_eq!(get(&es, "Brussels").kind, EntityKind::Place);
        // Sorted by first mention.
        assert_eq!(es[0].text, "NATO");
    }

    #[test]
    fn appositive_roles() {
        let t = "Talks were hosted by Tomas Rell, NATO's Deputy Secretary General, in Riga. \
                 Remarks came from the Latvian Ambassador to the U.S., Ilze Berzina, on Monday. \
                 Later Oskar Penn, the Secretary General of the Nordic Forum, agreed.";
        let es = run(t);
        let r = get(&es, "Tomas Rell").role.clone().unwrap();
        assert_eq!(
            (r.title.as_str(), r.of.as_deref()),
            ("Deputy Secretary General", Some("NATO"))
        );
        assert_eq!(get(&es, "Tomas Rell").kind, EntityKind::Person);
        let r = get(&es, "Ilze Berzina").role.clone().unwrap();
        assert_eq!(r.title, "Ambassador to the U.S.");
        assert_eq!(r.of.as_deref(), Some("Latvia"));
        assert_eq!(r.span.of(t), "Latvian Ambassador to the U.S.");
        let r = get(&es, "Oskar Penn").role.clone().unwrap();
        assert_eq!(r.title, "Secretary General");
        assert_eq!(r.of.as_deref(), Some("Nordic Forum"));
    }

    #[test]
    fn particles_and_nationality_owner() {
        let t = "Dutch MEP Anneke van der Berg criticised the plan. Speaking later, \
                 van der Berg added that Sofia Lindqvist agreed.";
        let es = run(t);
        let e = get(&es, "Anneke van der Berg");
        assert_eq!(e.kind, EntityKind::Person);
        let r = e.role.as_ref().unwrap();
        assert_eq!(
            (r.title.as_str(), r.of.as_deref()),
            ("MEP", Some("Netherlands"))
        );
        assert_eq!(e.aliases, ["van der Berg"]);
        assert_eq!(e.spans.len(), 2);
        // Found by its first name alone.
        assert_eq!(get(&es, "Sofia Lindqvist").kind, EntityKind::Person);
        assert!(es.iter().all(|e| e.text != "Speaking"));
    }

    #[test]
    fn honorifics_initials_and_hyphens() {
        let t = "Mr. Havel Dorn and Dr Mira Kostova-Lenz met J. R. Talbot in Vienna. \
                 Dorn said little.";
        let es = run(t);
        let e = get(&es, "Havel Dorn");
        assert_eq!(e.kind, EntityKind::Person);
        assert_eq!(e.reason, "honorific Mr.");
        assert_eq!(e.spans.len(), 2);
        assert_eq!(get(&es, "Mira Kostova-Lenz").reason, "honorific Dr");
        let jrt = get(&es, "J. R. Talbot");
        assert_eq!(jrt.spans[0].of(t), "J. R. Talbot");
        assert!(es.iter().all(|e| e.text != "Mr"));
    }

    #[test]
    fn organisation_suffixes_and_compounds() {
        let t = "The Estonian Defence Ministry and the Harbour Logistics Group signed with \
                 the Ministry of Coastal Affairs under the Treaty of Tartu.";
        let es = run(t);
        let e = get(&es, "Harbour Logistics Group");
        assert_eq!(e.kind, EntityKind::Organization);
        assert_eq!(e.reason, "organisation suffix 'Group'");
        assert_eq!(get(&es, "Defence Ministry").kind, EntityKind::Organization);
        assert_eq!(
            get(&es, "Ministry of Coastal Affairs").kind,
            EntityKind::Organization
        );
        assert_eq!(get(&es, "Treaty of Tartu").kind, EntityKind::Other);
        assert!(
            es.iter()
                .all(|e| e.text != "The" && !e.text.starts_with("The "))
        );
    }

    #[test]
    fn acronyms_join_expansions() {
        let t = "The Nordic Drone Coalition (NDC) met. Officials said NDC members agreed. \
                 The ARC (Arctic Research Consortium) joined. ARC staff cheered. \
                 The North Atlantic Treaty Organization (NATO) and NATO allies watched.";
        let es = run(t);
        let e = get(&es, "Nordic Drone Coalition");
        assert_eq!(e.aliases, ["NDC"]);
        assert_eq!(e.spans.len(), 3);
        assert_eq!(e.kind, EntityKind::Organization);
        let e = get(&es, "Arctic Research Consortium");
        assert_eq!(e.aliases, ["ARC"]);
        assert_eq!(e.spans.len(), 3);
        let e = get(&es, "North Atlantic Treaty Organization");
        assert_eq!(e.aliases, ["NATO"]);
        assert_eq!(e.spans.len(), 3);
    }

    #[test]
    fn sentence_initial_common_words_and_headings_are_not_entities() {
        let t = "Background\n\nCritics say the plan failed. Moreover, talks stalled. \
                 Consequently the envoy left. Observers expect more.\n\nWhat Happens Next\n\n\
                 Swedish officials met on Sunday in March.";
        let es = run(t);
        assert!(es.is_empty(), "{:?}", names(&es));
    }

    #[test]
    fn lowercase_titles_and_places_after_in() {
        let t = "Kremlin spokesperson Arkady Belov said talks in Tarnovo went well.";
        let es = run(t);
        let e = get(&es, "Arkady Belov");
        let r = e.role.as_ref().unwrap();
        assert_eq!(
            (r.title.as_str(), r.of.as_deref()),
            ("spokesperson", Some("Kremlin"))
        );
        assert_eq!(get(&es, "Tarnovo").kind, EntityKind::Place);
        assert_eq!(get(&es, "Kremlin").kind, EntityKind::Organization);
    }

    #[test]
    fn surname_alone_makes_a_person() {
        let t = "Yorick Albemarle arrived late. Albemarle then left.";
        let es = run(t);
        let e = get(&es, "Yorick Albemarle");
        assert_eq!(e.kind, EntityKind::Person);
        assert!(e.reason.contains("'Albemarle' alone"), "{}", e.reason);
    }

    #[test]
    fn pathological_inputs_return() {
        let caps = "Alpha Beta Gamma Delta ".repeat(50_000);
        let es = run(&caps);
        assert!(es.is_empty());
        let nopunct = "the quick brown fox von der ".repeat(40_000);
        run(&nopunct);
        let quotes = "\"“NATO”' ".repeat(10_000);
        run(&quotes);
        let mixed = "Mr. A. B. C. (NATO) ,, Secretary General of the X, Y, ".repeat(10_000);
        run(&mixed);
        for s in [
            "",
            "é",
            "’s",
            "A",
            "(",
            "Ab (",
            "Mr.",
            ", the President of",
            "X (Y",
        ] {
            run(s);
        }
    }

    fn seed(name: &str) -> Option<String> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds");
        let path = std::fs::read_dir(dir)
            .ok()?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .is_some_and(|f| f.to_string_lossy().starts_with(name))
            })?;
        let raw = std::fs::read_to_string(path).ok()?;
        Some(newstrace_ingest::extract::text_header::parse_text_file(&raw).body)
    }

    #[test]
    fn seed_000_people() {
        let Some(body) = seed("000_") else {
            eprintln!("seeds not found; skipping");
            return;
        };
        let es = run(&body);
        check_spans(&body, &es);
        for name in [
            "Jens Stoltenberg",
            "Ursula von der Leyen",
            "Charles Michel",
            "Mick Wallace",
            "Anatoly Antonov",
        ] {
            assert_eq!(get(&es, name).kind, EntityKind::Person, "{name}");
        }
        let w = get(&es, "Mick Wallace");
        assert!(w.spans.len() >= 2, "{w:?}");
        assert!(w.role.is_some(), "{w:?}");
        let a = get(&es, "Anatoly Antonov").role.clone().unwrap();
        assert_eq!(a.of.as_deref(), Some("Russia"));
        let s = get(&es, "Jens Stoltenberg").role.clone().unwrap();
        assert_eq!(s.of.as_deref(), Some("NATO"));
        for org in ["TASS", "AFP"] {
            assert_eq!(get(&es, org).kind, EntityKind::Organization);
        }
    }

    #[test]
    fn seeds_run_cleanly() {
        for name in ["000_", "003_", "004_"] {
            let Some(body) = seed(name) else {
                eprintln!("seed {name} not found; skipping");
                return;
            };
            let es = run(&body);
            check_spans(&body, &es);
            eprintln!("{name}: {:?}", names(&es));
        }
    }
}
