//! The phrase lists attribution finding works from, parsed once from `data/attribution_*.txt`.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::LazyLock;

/// What a cue word or phrase does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CueKind {
    /// A reporting verb: the source is its subject, or follows it after a quote ("said X").
    Verb,
    /// A phrase the source follows: "according to X".
    Before,
    /// A relay: "citing X", "X, which cited Y", "X quoted Y as saying".
    Chain,
}

/// A cue as listed: its words (lowercase) and what it does.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cue {
    pub kind: CueKind,
    /// Number of words.
    pub words: usize,
    /// Whether it is an `-ing` participle ("saying", "noting"): its subject is the clause's.
    pub participle: bool,
    /// Whether it states a belief, wish or stance rather than speech ("thinks", "wants").
    pub belief: bool,
}

/// Every list, parsed.
pub(crate) struct Lexicon {
    /// Cue phrases by their lowercase words joined by single spaces.
    pub cues: HashMap<String, Cue>,
    /// First words of cues longer than one word, to try longer matches only where they can start.
    pub multi_first: HashSet<String>,
    /// Longest cue, in words.
    pub max_words: usize,
    pub outlets: HashSet<String>,
    pub outlet_words: HashSet<String>,
    /// Fields a public body called an "agency" is named for ("energy", "space").
    pub agency_fields: HashSet<String>,
    pub generic: HashSet<String>,
    pub credit: Vec<String>,
    pub skip: HashSet<String>,
    pub function: HashSet<String>,
    pub pronouns: HashSet<String>,
    pub org_words: HashSet<String>,
    pub honorifics: HashSet<String>,
}

use crate::data::entries as lines;

fn set(data: &'static str, lower: bool) -> HashSet<String> {
    lines(data)
        .map(|l| {
            if lower {
                l.to_lowercase()
            } else {
                l.to_string()
            }
        })
        .collect()
}

/// The parsed lists, built on first use.
pub(crate) static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut cues = HashMap::default();
    let mut add = |phrase: &str, kind: CueKind, belief: bool| {
        let phrase = phrase
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let words = phrase.split(' ').count();
        let participle = phrase.split(' ').next().is_some_and(|w| w.ends_with("ing"));
        cues.entry(phrase).or_insert(Cue {
            kind,
            words,
            participle,
            belief,
        });
    };
    for line in lines(include_str!("../../data/attribution_verbs.txt")) {
        for form in line.split('|') {
            // Verbs that relay another source are chains, whatever the list says.
            let kind = match form.trim() {
                "cite" | "cites" | "cited" | "citing" | "quote" | "quotes" | "quoted"
                | "quoting" => CueKind::Chain,
                _ => CueKind::Verb,
            };
            add(form, kind, false);
        }
    }
    for line in lines(include_str!("../../data/attribution_beliefs.txt")) {
        for form in line.split('|') {
            add(form, CueKind::Verb, true);
        }
    }
    for line in lines(include_str!("../../data/attribution_phrases.txt")) {
        add(line, CueKind::Before, false);
    }
    add("via", CueKind::Chain, false);
    let multi_first = cues
        .keys()
        .filter(|k| k.contains(' '))
        .filter_map(|k| k.split(' ').next().map(str::to_string))
        .collect();
    let max_words = cues.values().map(|c| c.words).max().unwrap_or(1);
    Lexicon {
        cues,
        multi_first,
        max_words,
        outlets: set(include_str!("../../data/attribution_outlets.txt"), false),
        outlet_words: set(
            include_str!("../../data/attribution_outlet_words.txt"),
            true,
        ),
        agency_fields: set(
            include_str!("../../data/attribution_agency_fields.txt"),
            true,
        ),
        generic: set(include_str!("../../data/attribution_generic.txt"), true),
        credit: lines(include_str!("../../data/attribution_credit.txt"))
            .map(str::to_string)
            .collect(),
        skip: set(include_str!("../../data/attribution_skip.txt"), true),
        function: set(
            include_str!("../../data/attribution_function_words.txt"),
            true,
        ),
        pronouns: set(include_str!("../../data/attribution_pronouns.txt"), true),
        org_words: set(include_str!("../../data/attribution_org_words.txt"), false),
        honorifics: set(include_str!("../../data/attribution_honorifics.txt"), false),
    }
});

/// The country a nationality adjective names ("Belgian" → "Belgium"), from the gazetteer.
pub(crate) fn nationality_country(adj: &str) -> Option<&'static str> {
    crate::gazetteer::nationality_country(adj)
}
