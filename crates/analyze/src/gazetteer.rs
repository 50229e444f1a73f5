//! A small built-in gazetteer of names (organisations, news outlets, places, a few office
//! holders) in `data/gazetteer.tsv`; the knowledge base can replace it through
//! [`Gazetteer::from_tsv`]. Also the nationality adjectives of `data/entities_nationalities.txt`.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, Input, MatchKind};
use newstrace_model::{EntityKind, Span};

/// One known entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazEntry {
    /// Stable id: `org:nato`, `media:afp`, `place:belgium`, `person:...`.
    pub id: String,
    /// Person, organisation or place.
    pub kind: EntityKind,
    /// The canonical name.
    pub canonical: String,
    /// Other names it goes by (acronyms, short forms, spellings).
    pub aliases: Vec<String>,
}

impl GazEntry {
    /// Whether this is a news agency or outlet (ids under `media:`).
    pub fn is_outlet(&self) -> bool {
        self.id.starts_with("media:")
    }
}

/// A gazetteer name found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GazMatch {
    /// Where the name is.
    pub span: Span,
    /// Index of the entry, for [`Gazetteer::entry`].
    pub entry: usize,
}

/// Known names and their kinds, with an automaton to find them all in one pass.
#[derive(Debug)]
pub struct Gazetteer {
    entries: Vec<GazEntry>,
    /// Exact (whitespace-normalised) name → entry.
    exact: HashMap<String, usize>,
    /// Lowercased name → entry, for names that are not acronyms.
    folded: HashMap<String, usize>,
    /// Entry of each automaton pattern.
    pattern_entry: Vec<usize>,
    automaton: Option<AhoCorasick>,
}

static BUILTIN: LazyLock<Gazetteer> = LazyLock::new(|| {
    Gazetteer::from_tsv(include_str!("../data/gazetteer.tsv"))
        .expect("data/gazetteer.tsv is valid (checked by a test)")
});

static NATIONALITIES: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    data_lines(include_str!("../data/entities_nationalities.txt"))
        .filter_map(|l| l.split_once('='))
        .map(|(a, c)| (a.trim(), c.trim()))
        .collect()
});

static NATIONALITIES_FOLDED: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    NATIONALITIES
        .iter()
        .map(|(a, c)| (a.to_lowercase(), *c))
        .collect()
});

pub(crate) use crate::data::entries as data_lines;

/// The country a nationality adjective names: "Belgian" → "Belgium". Any capitalisation
/// ("belgian" also works); `None` when unknown.
pub fn nationality_country(adjective: &str) -> Option<&'static str> {
    let adjective = adjective.trim();
    nationality_country_exact(adjective)
        .or_else(|| NATIONALITIES_FOLDED.get(&adjective.to_lowercase()).copied())
}

/// Like [`nationality_country`] for the adjective exactly as the data file writes it; no
/// allocation, for hot loops.
pub fn nationality_country_exact(adjective: &str) -> Option<&'static str> {
    NATIONALITIES.get(adjective).copied()
}

/// Collapses runs of whitespace into single spaces and trims.
fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for w in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Whether a name is written as an acronym (no lowercase letters), so it must match exactly.
fn is_acronym(name: &str) -> bool {
    !name.chars().any(char::is_lowercase)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

impl Gazetteer {
    /// The gazetteer compiled into the binary, parsed once.
    pub fn builtin() -> &'static Gazetteer {
        &BUILTIN
    }

    /// Parses a gazetteer: one entry a line, `id<TAB>kind<TAB>canonical<TAB>aliases`, kind one
    /// of `person`, `organization`, `place`, aliases separated by `|` (the column may be empty
    /// or missing); `#` starts a comment line.
    pub fn from_tsv(tsv: &str) -> Result<Gazetteer, String> {
        let mut entries = Vec::new();
        for (n, line) in tsv.lines().enumerate() {
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let id = cols.next().unwrap_or("").trim();
            let kind = cols.next().unwrap_or("").trim();
            let canonical = normalise(cols.next().unwrap_or(""));
            let aliases: Vec<String> = cols
                .next()
                .unwrap_or("")
                .split('|')
                .map(normalise)
                .filter(|a| !a.is_empty())
                .collect();
            if id.is_empty() || canonical.is_empty() {
                return Err(format!("line {}: needs an id and a canonical name", n + 1));
            }
            let kind = match kind {
                "person" => EntityKind::Person,
                "organization" | "organisation" => EntityKind::Organization,
                "place" => EntityKind::Place,
                other => return Err(format!("line {}: unknown kind {other:?}", n + 1)),
            };
            entries.push(GazEntry {
                id: id.to_string(),
                kind,
                canonical,
                aliases,
            });
        }
        Ok(Self::from_entries(entries))
    }

    /// Builds the lookup tables and the automaton. When two entries claim the same name the
    /// first one keeps it.
    fn from_entries(entries: Vec<GazEntry>) -> Gazetteer {
        let mut exact = HashMap::new();
        let mut folded = HashMap::new();
        let mut patterns: Vec<&str> = Vec::new();
        let mut pattern_entry = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            for name in std::iter::once(&e.canonical).chain(&e.aliases) {
                if exact.contains_key(name) {
                    continue;
                }
                exact.insert(name.clone(), i);
                if !is_acronym(name) {
                    folded.entry(name.to_lowercase()).or_insert(i);
                }
                patterns.push(name);
                pattern_entry.push(i);
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok();
        Gazetteer {
            entries,
            exact,
            folded,
            pattern_entry,
            automaton,
        }
    }

    /// All entries, in file order.
    pub fn entries(&self) -> &[GazEntry] {
        &self.entries
    }

    /// The entry at `index` (as in [`GazMatch::entry`]).
    pub fn entry(&self, index: usize) -> Option<&GazEntry> {
        self.entries.get(index)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry a name (canonical or alias) belongs to. Whitespace is normalised; acronyms
    /// ("NATO") match only as written, other names also in any case.
    pub fn lookup(&self, name: &str) -> Option<&GazEntry> {
        self.lookup_index(name).map(|i| &self.entries[i])
    }

    /// Like [`lookup`](Self::lookup), returning the entry's index.
    pub fn lookup_index(&self, name: &str) -> Option<usize> {
        let name = normalise(name);
        if let Some(&i) = self.exact.get(&name) {
            return Some(i);
        }
        if is_acronym(&name) {
            return None;
        }
        self.folded.get(&name.to_lowercase()).copied()
    }

    /// Every gazetteer name in `text`, leftmost-longest, not overlapping, on word boundaries
    /// (a name inside a longer word does not count), in text order. Case-sensitive.
    /// Linear in practice: a match that fails the boundary check resumes one char later.
    pub fn scan(&self, text: &str) -> Vec<GazMatch> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let mut out: Vec<GazMatch> = Vec::new();
        let mut pos = 0;
        while pos < text.len() {
            let Some(m) = ac.find(Input::new(text).span(pos..text.len())) else {
                break;
            };
            let (s, e) = (m.start(), m.end());
            // Patterns are whole strings, so matches lie on char boundaries.
            let before_ok = text[..s]
                .chars()
                .next_back()
                .is_none_or(|c| !is_word_char(c));
            let after_ok = text[e..].chars().next().is_none_or(|c| !is_word_char(c));
            if before_ok && after_ok {
                out.push(GazMatch {
                    span: Span::new(s, e),
                    entry: self.pattern_entry[m.pattern().as_usize()],
                });
                pos = e;
            } else {
                // Inside a longer word: go on from the next character (a shorter name at the
                // same start would be inside the same word too, unless it ends at a boundary
                // the longer one crossed, which the gazetteer's names make rare).
                pos = s + text[s..].chars().next().map_or(1, char::len_utf8);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_and_has_genre_names() {
        let g = Gazetteer::builtin();
        assert!(g.len() >= 150, "{} entries", g.len());
        for name in [
            "NATO",
            "TASS",
            "AFP",
            "European Commission",
            "Kremlin",
            "Belgium",
            "Kyiv",
        ] {
            assert!(g.lookup(name).is_some(), "{name}");
        }
        assert_eq!(g.lookup("NATO").unwrap().id, "org:nato");
        assert!(g.lookup("AFP").unwrap().is_outlet());
        assert_eq!(
            g.lookup("North  Atlantic\nAlliance").unwrap().id,
            "org:nato"
        );
        // Acronyms are case-sensitive; other names are not.
        assert!(g.lookup("nato").is_none());
        assert_eq!(g.lookup("european commission").unwrap().id, "org:ec");
        // Ids are unique.
        let mut ids: Vec<&str> = g.entries().iter().map(|e| e.id.as_str()).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(n, ids.len());
    }

    #[test]
    fn from_tsv_errors_and_optional_aliases() {
        let g = Gazetteer::from_tsv("# c\norg:x\torganization\tExample Org\n").unwrap();
        assert_eq!(g.lookup("Example Org").unwrap().aliases.len(), 0);
        assert!(Gazetteer::from_tsv("org:x\tthing\tX\t").is_err());
        assert!(Gazetteer::from_tsv("org:x\torganization\t\t").is_err());
    }

    #[test]
    fn scan_is_leftmost_longest_on_word_boundaries() {
        let g = Gazetteer::builtin();
        let text = "The North Atlantic Treaty Organization (NATO) met in the U.S. while EUROPEANS \
                    and the EU watched; NATO's chief spoke in Brussels.";
        let found: Vec<(&str, &str)> = g
            .scan(text)
            .iter()
            .map(|m| (m.span.of(text), g.entry(m.entry).unwrap().id.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("North Atlantic Treaty Organization", "org:nato"),
                ("NATO", "org:nato"),
                ("U.S.", "place:usa"),
                ("EU", "org:eu"),
                ("NATO", "org:nato"),
                ("Brussels", "place:brussels"),
            ]
        );
    }

    #[test]
    fn nationalities() {
        assert_eq!(nationality_country("Belgian"), Some("Belgium"));
        assert_eq!(nationality_country("Russian"), Some("Russia"));
        assert_eq!(nationality_country("irish"), Some("Ireland"));
        assert_eq!(nationality_country("Martian"), None);
    }

    #[test]
    fn scan_survives_odd_text() {
        let g = Gazetteer::builtin();
        let big = "NATO ".repeat(200_000);
        assert_eq!(g.scan(&big).len(), 200_000);
        assert!(g.scan("é€NATOé").is_empty());
        assert_eq!(g.scan("«NATO»").len(), 1);
    }
}
