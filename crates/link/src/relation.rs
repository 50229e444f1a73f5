//! Relation kind, score and direction of a candidate pair, from the pair's alignment
//! evidence, the attributions of each side, their dates (weighed by where they came from)
//! and the machine-made signals.

use crate::align::{Features, is_anchor_number};
use crate::{Doc, Prepared};
use newstrace_model::{DateSource, Dated, PairEvidence, Relation, RelationKind, SignalKind, When};

/// Most days between two publication dates for them still to report one event.
pub const SAME_STORY_DAYS: i64 = 4;

/// Most days between a source and a derived text that shares little wording: beyond it, two
/// texts on one topic are more likely two events (a strike ballot, then the strike a month
/// later) than one copied from the other.
pub const DERIVE_DAYS: i64 = 10;

/// Words that describe an outlet rather than name it ("the Baltic Morning newspaper",
/// "Meridian Press Agency"): dropped before names are compared.
const DESCRIPTORS: &[&str] = &[
    "the",
    "agency",
    "newspaper",
    "news",
    "wire",
    "service",
    "website",
    "site",
    "magazine",
    "paper",
    "press",
    "media",
    "group",
    "inc",
    "ltd",
    "www",
    "com",
    "example",
    "org",
    "net",
];

/// Host parts that are no part of a name.
const HOST_PARTS: &[&str] = &["www", "com", "org", "net", "example", "co", "uk"];

/// The forms a name may be compared in: lowercase, leading "the" and host parts dropped,
/// then each concatenation of its leading words after which only descriptors follow
/// ("Meridian Press Agency" → "meridian", "meridianpress", "meridianpressagency"), so that
/// "meridianpress.example" and "the Meridian Press Agency" meet but "Baltic" and
/// "Baltic Morning" do not.
fn name_forms(name: &str) -> Vec<String> {
    let mut toks: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .filter(|t| !HOST_PARTS.contains(&t.as_str()))
        .collect();
    while toks.first().is_some_and(|t| t == "the") {
        toks.remove(0);
    }
    let mut forms = Vec::new();
    for k in (1..=toks.len()).rev() {
        forms.push(toks[..k].concat());
        if !DESCRIPTORS.contains(&toks[k - 1].as_str()) {
            break;
        }
    }
    forms
}

/// Whether two names for an outlet or source are the same, loosely: case, a leading "the",
/// web-host parts and trailing descriptors ("agency", "newspaper") do not count.
pub fn same_name(a: &str, b: &str) -> bool {
    forms_meet(&name_forms(a), &name_forms(b))
}

/// Whether two names, given as their [`name_forms`], are the same (see [`same_name`]).
fn forms_meet(a: &[String], b: &[String]) -> bool {
    a.iter().any(|f| b.contains(f))
}

/// Every source name `doc` cites: upstream sources and their intermediaries, attribution
/// sources and reporters, sorted and deduplicated.
fn cited_names(doc: Doc<'_>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for u in &doc.analysis.upstream {
        names.push(u.name.clone());
        names.extend(u.via.iter().cloned());
    }
    for at in &doc.analysis.attributions {
        names.push(at.cited.name.clone());
        if let Some(r) = &at.reporter {
            names.push(r.name.clone());
        }
    }
    names.sort();
    names.dedup();
    names
}

/// The names an article goes by: its outlet, the outlets of its other sightings, and the host
/// of its URL.
fn own_names(doc: Doc<'_>) -> Vec<String> {
    let mut names = doc.other_outlets.to_vec();
    if let Some(o) = &doc.article.outlet {
        names.push(o.clone());
    }
    if let Some(u) = &doc.article.url
        && let Some(host) = u.split("//").nth(1).and_then(|r| r.split('/').next())
    {
        names.push(host.to_string());
    }
    names
}

/// The names an article goes by and the names it cites, each with its comparable forms
/// (see [`name_forms`]): computed once per article, since every pair it is in asks whether
/// one side cites the other.
#[derive(Debug, Clone, Default)]
pub struct NameForms {
    /// Forms of each of the article's own names ([`own_names`]).
    own: Vec<Vec<String>>,
    /// Each cited name ([`cited_names`]) with its forms.
    cited: Vec<(String, Vec<String>)>,
}

impl NameForms {
    /// The name forms of one article.
    pub fn of(doc: Doc<'_>) -> Self {
        Self {
            own: own_names(doc).iter().map(|n| name_forms(n)).collect(),
            cited: cited_names(doc)
                .into_iter()
                .map(|n| {
                    let forms = name_forms(&n);
                    (n, forms)
                })
                .collect(),
        }
    }
}

/// The name by which `citer` cites `cited`'s outlet, if it does (as [`same_name`] compares).
fn cites_outlet(citer: &Prepared, cited: &Prepared) -> Option<String> {
    let own = &cited.features.names.own;
    citer
        .features
        .names
        .cited
        .iter()
        .find(|(_, forms)| own.iter().any(|o| forms_meet(forms, o)))
        .map(|(n, _)| n.clone())
}

/// An upstream source both articles name, at the end of a chain or as an intermediary
/// (two rewrites of one TASS item may cite "AFP via TASS" and "the Belgian edition via
/// TASS"), and that is neither one's own outlet.
fn common_upstream(a: Doc<'_>, b: Doc<'_>) -> Option<String> {
    let (own_a, own_b) = (own_names(a), own_names(b));
    let ups = |d: Doc<'_>| -> Vec<String> {
        let mut v: Vec<String> = d
            .analysis
            .upstream
            .iter()
            .flat_map(|u| std::iter::once(&u.name).chain(&u.via))
            .filter(|n| !name_forms(n).is_empty())
            .cloned()
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let ub = ups(b);
    ups(a).into_iter().find(|n| {
        ub.iter().any(|m| same_name(n, m)) && !own_a.iter().chain(&own_b).any(|o| same_name(n, o))
    })
}

/// How far a date's source is trusted: 2 for facts about capture and structured metadata,
/// 1 for inferences from page text and URLs.
fn trust(source: DateSource) -> u8 {
    match source {
        DateSource::TextLine | DateSource::PageText | DateSource::Url => 1,
        _ => 2,
    }
}

/// The best date of an article: the most trusted of published and first-seen (published on
/// a tie, being the claim about publication).
fn best_date(doc: Doc<'_>) -> Option<&Dated> {
    [&doc.article.published, &doc.article.first_seen]
        .into_iter()
        .flatten()
        .max_by_key(|d| trust(d.source))
}

/// Which is earlier, at the precision both dates have: a day against an instant compares
/// days. `None` when they cannot be told apart.
fn earlier(a: &When, b: &When) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering::Equal;
    let ord = match (a, b) {
        (When::Instant(x), When::Instant(y)) => x.cmp(y),
        _ => a.day().cmp(&b.day()),
    };
    (ord != Equal).then_some(ord)
}

/// Days between the best dates of two articles, when both have one.
fn days_apart(a: Doc<'_>, b: Doc<'_>) -> Option<i64> {
    let (x, y) = (best_date(a)?, best_date(b)?);
    Some((x.value.day() - y.value.day()).num_days().abs())
}

/// Whether the analysis carries marks of machine-made text.
fn machine_made(doc: Doc<'_>) -> bool {
    doc.analysis.signals.iter().any(|s| {
        matches!(
            s.kind,
            SignalKind::AiDisclosure
                | SignalKind::AiByline
                | SignalKind::LlmLeftover
                | SignalKind::TemplateHeadings
                | SignalKind::FillerDensity
        )
    })
}

/// Whether exactly one of two texts bears the marks of machine-made text and names no
/// source of its own. A content farm does no reporting: when such a page carries most
/// facts of a report and its figures, it rewrote a report, however loosely its sentences
/// follow (filler and reworded clauses keep them under [`CLOSE_PARAPHRASE`]), rather than
/// told the event again.
fn farm_rewrite(a: Doc<'_>, b: Doc<'_>) -> bool {
    let farm = |x: Doc<'_>, y: Doc<'_>| {
        machine_made(x) && !machine_made(y) && x.analysis.upstream.is_empty()
    };
    farm(a, b) || farm(b, a)
}

/// Numbers that anchor an event: not calendar years, not single digits (too common).
fn anchor_numbers(ev: &PairEvidence) -> usize {
    ev.shared_numbers
        .iter()
        .filter(|n| is_anchor_number(n))
        .count()
}

/// Score a same-story relation needs to join two stories (see [`joins_stories`]); two
/// reports that share most facts sentence by sentence without one paraphrasing the other
/// get it.
const SAME_STORY_JOIN: f32 = 0.9;

/// Whether a relation puts its two articles in one story. A same-story relation needs more
/// than shared vocabulary: on generated corpora most weak ones join different events told
/// with the same phrasing, and one false join merges two whole stories.
pub fn joins_stories(r: &Relation) -> bool {
    r.kind != RelationKind::SameStory || r.score >= SAME_STORY_JOIN
}

/// Similarity at which an aligned sentence reads as a paraphrase of the other rather than
/// another report of the same fact.
const CLOSE_PARAPHRASE: f32 = 0.6;

/// Share of the aligned sentences, in quarters, that a light rewrite keeps close.
const CLOSE_QUARTERS: usize = 3;

/// Similarity of a sentence a light rewrite keeps nearly as it was (a word or two changed).
/// An independent report that shares two lines word for word with another aligns some of
/// its own telling of the same facts at 0.6–0.7: a match, not a kept sentence. Measured on
/// generated corpora: 0.7 rather than [`CLOSE_PARAPHRASE`] raised edge F1 by up to 0.001 and
/// left every story as it was; 0.8 did a little better there but read a hand-written
/// machine rewrite (`relation_corpus.rs`) as a sibling.
const NEARLY_KEPT: f32 = 0.7;

/// Similarity from which an aligned sentence reads as kept word for word rather than said
/// again in other words.
const VERBATIM: f32 = 0.95;

/// Whether the aligned sentences read as a rewrite: on average close paraphrases, at least
/// two of them outside quotations, and either three in four nearly kept (a light rewrite
/// keeps most sentences nearly as they were, [`NEARLY_KEPT`]) or at least two said again
/// in other words and none kept word for word outside quotations (a heavy or machine rewrite re-says every
/// statement, and some land close). Independent reports of one event share a line or two
/// word for word (an agency paragraph, a statement both took down) and align the rest
/// loosely on the facts they share: a text that keeps a few sentences verbatim and the
/// rest only loosely copied a passage, not the text. Measured on generated corpora: every
/// rewrite passes; most independent reports that read as rewrites on the mean alone fail.
fn paraphrases_closely(b: Doc<'_>, ev: &PairEvidence) -> bool {
    let n = ev.aligned.len();
    if n == 0 {
        return false;
    }
    let mean = ev.aligned.iter().map(|p| p.score).sum::<f32>() / n as f32;
    // Of the close sentences: the nearly kept ones; the ones outside quotations, and of
    // those the reworded ones.
    let (mut nearly_kept, mut unquoted, mut reworded) = (0, 0, 0);
    for p in ev.aligned.iter().filter(|p| p.score >= CLOSE_PARAPHRASE) {
        nearly_kept += usize::from(p.score >= NEARLY_KEPT);
        if !quotes(p.b.of(&b.article.text)) {
            unquoted += 1;
            reworded += usize::from(p.score < VERBATIM);
        }
    }
    let kept_verbatim = unquoted - reworded;
    mean >= CLOSE_PARAPHRASE
        && unquoted >= 2
        && (nearly_kept * 4 >= n * CLOSE_QUARTERS || (reworded >= 2 && kept_verbatim == 0))
}

/// Whether a sentence holds a quotation (straight, curly or guillemet quotes).
fn quotes(sentence: &str) -> bool {
    sentence.contains(['"', '“', '”', '«', '»', '„'])
}

/// The evidence seen from the other side: a and b exchanged.
fn swap(ev: PairEvidence) -> PairEvidence {
    let mut aligned: Vec<_> = ev
        .aligned
        .into_iter()
        .map(|p| newstrace_model::AlignedSentences {
            a: p.b,
            b: p.a,
            score: p.score,
        })
        .collect();
    aligned.sort_by_key(|p| (p.a.start, p.b.start));
    PairEvidence {
        aligned,
        coverage_a: ev.coverage_b,
        coverage_b: ev.coverage_a,
        shared_entities: ev.shared_entities,
        shared_numbers: ev.shared_numbers,
        only_in_a: ev.only_in_b,
        only_in_b: ev.only_in_a,
        jaccard: ev.jaccard,
        credit: None,
    }
}

/// The direction decided: positive means a is the source, negative b; with the reasons.
struct Direction {
    vote: f32,
    reasons: Vec<String>,
}

/// Weighs the direction evidence: attribution (strongest), dates by trust, machine-made
/// signals, containment (weakest). A clock can be wrong and a date missing, so each is a
/// vote, not a verdict; a missing date votes nothing.
/// `b_cites_a` and `a_cites_b` are the names by which one side cites the other's outlet.
fn direction(
    a: Doc<'_>,
    b: Doc<'_>,
    ev: &PairEvidence,
    b_cites_a: &Option<String>,
    a_cites_b: &Option<String>,
) -> Direction {
    let mut vote = 0.0f32;
    let mut reasons = Vec::new();
    match (b_cites_a, a_cites_b) {
        (Some(n), None) => {
            vote += 3.0;
            reasons.push(format!("derived cites \"{n}\""));
        }
        (None, Some(n)) => {
            vote -= 3.0;
            reasons.push(format!("derived cites \"{n}\""));
        }
        _ => {}
    }
    if let (Some(da), Some(db)) = (best_date(a), best_date(b))
        && let Some(ord) = earlier(&da.value, &db.value)
    {
        let w = if trust(da.source).min(trust(db.source)) >= 2 {
            2.0
        } else {
            1.0
        };
        let sign = if ord.is_lt() { 1.0 } else { -1.0 };
        vote += sign * w;
        let (first, then) = if ord.is_lt() { (da, db) } else { (db, da) };
        reasons.push(format!(
            "dated {} ({}) before {} ({})",
            first.value,
            first.source.as_str(),
            then.value,
            then.source.as_str()
        ));
    }
    match (machine_made(a), machine_made(b)) {
        (false, true) => {
            vote += 1.5;
            reasons.push("derived carries machine-made signals".into());
        }
        (true, false) => {
            vote -= 1.5;
            reasons.push("derived carries machine-made signals".into());
        }
        _ => {}
    }
    // Containment: the source is mostly kept in the derived text, which adds its own filler,
    // so the source's coverage runs above the derived's.
    let diff = ev.coverage_a - ev.coverage_b;
    if diff.abs() >= 0.15 {
        vote += 0.5 * diff.signum();
        reasons.push("containment (source covered more than derived)".into());
    }
    Direction { vote, reasons }
}

/// Names and numbers two articles must share before they can derive from one another or
/// report one event (unless their wording overlaps heavily anyway).
const MIN_SHARED_SPECIFICS: usize = 3;

/// Figures (numbers with their units) a derived text shares with its source, at least.
const MIN_SHARED_NUMBERS: usize = 2;

/// Names two rewrites of one agency item share when they share no figures (a statement
/// about people rather than numbers: when both texts give figures, they still share one,
/// or they tell two events of the same people).
const MIN_SIBLING_NAMES: usize = 5;

/// Names and figures together that a derived text shares with its source, at least (a
/// content-farm rewrite keeps the figures but few of the names).
const MIN_DERIVED_SPECIFICS: usize = 4;

/// Share of the shorter text's figures, in fifths, that a derivation keeps at least...
const KEPT_FIGURES_FIFTHS: usize = 3;

/// ...when the shorter text has at least this many figures (with fewer, the share says
/// little).
const MIN_KEPT_FIGURES: usize = 4;

/// Coverage of the shorter text at which two texts citing one upstream read as one made
/// from the other rather than as two derivations of that upstream: siblings each keep parts
/// the other dropped, while a rewrite of a text that cites an agency holds nearly all of it
/// and cites the agency too.
const SIBLING_MAX_COVER: f32 = 0.65;

/// Classifies a candidate pair from its alignment evidence: the kind of relation, a score in
/// 0..=1, the direction (source → derived) when the evidence decides it, and a one-line
/// reason. `None` when the two are not related. When the evidence leaves the direction
/// open, `a` stays the source of the undirected relation: pass the article seen first as `a`.
pub fn classify(a: Doc, b: Doc, ev: PairEvidence) -> Option<Relation> {
    let (fa, fb) = (Features::of(a), Features::of(b));
    classify_prepared(
        &Prepared {
            doc: a,
            features: &fa,
        },
        &Prepared {
            doc: b,
            features: &fb,
        },
        ev,
    )
}

/// Whether a pair can be related at all, from features alone, before aligning it: every
/// relation needs overlapping wording or at least [`MIN_SHARED_SPECIFICS`] shared names and
/// figures (see [`classify_prepared`]). Most candidate pairs fail this and cost no alignment.
pub fn prescreen(a: &Prepared, b: &Prepared) -> bool {
    if a.doc.article.id == b.doc.article.id || a.features.jaccard(b.features) >= WORDING_OVERLAP {
        return true;
    }
    let numbers = b
        .features
        .shared_numbers(a.features)
        .iter()
        .filter(|n| is_anchor_number(n))
        .count();
    numbers + a.features.shared_entities(b.features).len() >= MIN_SHARED_SPECIFICS
}

/// Shingle Jaccard at which two texts share enough wording to be related without shared
/// specifics.
const WORDING_OVERLAP: f32 = 0.3;

/// Least similarity of every aligned sentence for a text to restate another closely.
const RESTATED: f32 = 0.85;

/// Least aligned sentences for a text to restate another.
const MIN_RESTATED: usize = 4;

/// Shingle Jaccard of a near-verbatim copy: enough on its own for a derivation.
const NEAR_VERBATIM: f32 = 0.8;

/// [`classify`] on articles whose features are computed.
pub fn classify_prepared(pa: &Prepared, pb: &Prepared, ev: PairEvidence) -> Option<Relation> {
    let (a, b) = (pa.doc, pb.doc);
    let (na, nb) = (
        pa.features.content_sentences(),
        pb.features.content_sentences(),
    );
    let n_aligned = ev.aligned.len();
    let near_verbatim =
        n_aligned > 0 && ev.aligned.iter().filter(|p| p.score >= 0.9).count() * 10 >= n_aligned * 8;
    let cov_min = ev.coverage_a.min(ev.coverage_b);
    let cov_max = ev.coverage_a.max(ev.coverage_b);
    // Coverage of the shorter article (by content sentences): how much of it the other holds.
    let cov_shorter = if na <= nb {
        ev.coverage_a
    } else {
        ev.coverage_b
    };
    let share = |n: usize| {
        if n == 0 {
            0.0
        } else {
            n_aligned as f32 / n as f32
        }
    };
    let (b_cites_a, a_cites_b) = (cites_outlet(pb, pa), cites_outlet(pa, pb));
    let apart = days_apart(a, b);
    // A derivation shares wording or follows soon; a missing date is no evidence against.
    let close_in_time = ev.jaccard >= WORDING_OVERLAP || apart.is_none_or(|d| d <= DERIVE_DAYS);

    // Derivations keep the specifics: the names and numbers of the source. Two texts built
    // from the same phrasing about different people and figures (wire templates, two
    // stories of the same kind) align sentence by sentence but share none of them.
    let numbers = anchor_numbers(&ev);
    let specifics = ev.shared_entities.len() + numbers;
    // Same event: a few shared names or figures. Derivation: the figures travel with the
    // text (measured on generated corpora: pairs from different stories share at most one
    // figure far more often than true derivations do).
    // Shared wording counts only with at least one shared name or figure (or when nearly
    // verbatim): two texts from different events share boilerplate, such as the filler a
    // content farm adds to everything it rewrites, but not their specifics.
    let wording = ev.jaccard >= WORDING_OVERLAP && (specifics >= 1 || ev.jaccard >= 0.8);
    let agrees = wording || specifics >= MIN_SHARED_SPECIFICS;
    // A derivation keeps most figures of the shorter text, not just a few: two stories told
    // with the same phrasing share some figures by chance (a day of the month, "14 teams").
    let fewer_numbers = pa
        .features
        .anchor_numbers()
        .min(pb.features.anchor_numbers());
    let keeps_figures =
        fewer_numbers < MIN_KEPT_FIGURES || numbers * 5 >= fewer_numbers * KEPT_FIGURES_FIFTHS;
    // Shared wording does not make a derivation on its own either: reports of two events in
    // one reporter's phrasing share a third of their word triples and a place name, but each
    // has its own figures. Short of near-verbatim text, a derivation keeps the figures: at
    // least one when both texts have some, and most of them when they have several.
    let figures_agree = fewer_numbers == 0 || numbers >= 1;
    // A heavy rewrite says every sentence again in other words (little shared wording) and
    // drops the sentences that held most figures, but what it keeps aligns closely,
    // sentence by sentence, names and figures included.
    let restates_closely =
        n_aligned >= MIN_RESTATED && ev.aligned.iter().all(|p| p.score >= RESTATED);
    let derives = ev.jaccard >= NEAR_VERBATIM
        || (keeps_figures
            && ((wording && figures_agree)
                || (numbers >= MIN_SHARED_NUMBERS && specifics >= MIN_DERIVED_SPECIFICS)
                || (restates_closely && numbers >= 1 && specifics >= MIN_DERIVED_SPECIFICS)));

    // Most of the shorter text's facts, aligned sentence by sentence, soon after: a rewrite
    // when the sentences are paraphrases, else two reports of one event told apart.
    let carries_facts = cov_shorter >= 0.35 && n_aligned >= 3 && close_in_time && derives;
    // Exact copy only for the same normalised text: a word-for-word copy that adds a credit
    // line ("(Nordwire)") still scores Jaccard ≈ 1, but the credit makes it syndication.
    let (kind, kind_reason, score) = if a.article.id == b.article.id {
        (RelationKind::ExactCopy, "same text".to_string(), 1.0)
    } else if ev.jaccard >= 0.8 || (cov_min >= 0.9 && near_verbatim) {
        (
            RelationKind::Syndicated,
            format!("near-verbatim (Jaccard {:.2})", ev.jaccard),
            0.85 + 0.15 * ev.jaccard.max(cov_min),
        )
    } else if let Some(n) = b_cites_a
        .as_ref()
        .filter(|_| share(nb) >= 0.3 || ev.coverage_a >= 0.3)
        .or(a_cites_b
            .as_ref()
            .filter(|_| share(na) >= 0.3 || ev.coverage_b >= 0.3))
        .filter(|_| n_aligned >= 2 && close_in_time && derives)
    {
        (
            RelationKind::Relay,
            format!("carries the content and cites \"{n}\""),
            0.6 + 0.4 * cov_max,
        )
    } else if let Some(up) = common_upstream(a, b).filter(|_| {
        b_cites_a.is_none()
            && a_cites_b.is_none()
            && close_in_time
            && cov_shorter >= 0.3
            && !(cov_shorter >= SIBLING_MAX_COVER && paraphrases_closely(b, &ev))
            && (derives || (ev.shared_entities.len() >= MIN_SIBLING_NAMES && figures_agree))
    }) {
        (
            RelationKind::Sibling,
            format!("both rest on \"{up}\" and share content"),
            0.5 + 0.4 * cov_shorter,
        )
    } else if carries_facts && paraphrases_closely(b, &ev) {
        (
            RelationKind::Rewrite,
            format!("paraphrase of most content (Jaccard {:.2})", ev.jaccard),
            0.5 + 0.5 * cov_shorter,
        )
    } else if carries_facts && numbers >= MIN_SHARED_NUMBERS && farm_rewrite(a, b) {
        (
            RelationKind::Rewrite,
            format!(
                "machine-made text carrying most facts of the other, figures included, and \
                 naming no source (Jaccard {:.2})",
                ev.jaccard
            ),
            0.5 + 0.5 * cov_shorter,
        )
    } else {
        let anchors = ev.shared_entities.len() + anchor_numbers(&ev);
        // Independent reports share the event's vocabulary and its place, not sentences:
        // a whole-text word overlap with a shared name, within two days, counts too.
        let vocab = pa.features.vocabulary_dice(pb.features);
        let event = carries_facts
            || (agrees
                && (n_aligned >= 3
                    || (n_aligned >= 1 && anchors >= 6)
                    || anchors >= 8
                    || (n_aligned >= 1
                        && vocab >= 0.22
                        && !ev.shared_entities.is_empty()
                        && apart.is_some_and(|d| d <= 2)))
                && apart.is_some_and(|d| d <= SAME_STORY_DAYS));
        if !event {
            return None;
        }
        (
            RelationKind::SameStory,
            format!(
                "same event: {n_aligned} aligned sentences, {anchors} shared anchors, {} days apart",
                apart.unwrap_or_default()
            ),
            if carries_facts {
                // As sure of one event as a rewrite would be: enough to join stories.
                SAME_STORY_JOIN
            } else {
                (0.3 + 0.05 * n_aligned as f32 + 0.02 * anchors as f32).min(0.8)
            },
        )
    };

    // SameStory reports are independent: nothing derives, so no direction.
    let dir = if kind == RelationKind::SameStory {
        Direction {
            vote: 0.0,
            reasons: vec!["independent reports".into()],
        }
    } else {
        direction(a, b, &ev, &b_cites_a, &a_cites_b)
    };
    let directed = dir.vote.abs() >= 1.0;
    let dir_reason = if directed {
        dir.reasons.join(", ")
    } else if dir.reasons.is_empty() {
        "no direction evidence".to_string()
    } else {
        format!("undirected ({})", dir.reasons.join(", "))
    };
    // Undirected: the order given, which the linker makes the order seen (the first-seen
    // time is the last hint left when nothing else decides).
    let a_first = !directed || dir.vote > 0.0;
    let (source, derived, mut evidence, credit) = if a_first {
        (a.article.id.clone(), b.article.id.clone(), ev, b_cites_a)
    } else {
        (
            b.article.id.clone(),
            a.article.id.clone(),
            swap(ev),
            a_cites_b,
        )
    };
    evidence.credit = credit;
    Some(Relation {
        source,
        derived,
        kind,
        score: score.clamp(0.0, 1.0),
        directed,
        reason: if matches!(kind, RelationKind::SameStory | RelationKind::ExactCopy) {
            format!("{kind_reason}; direction: {dir_reason}")
        } else {
            // Coverage is stated once the direction is known, in source/derived order.
            format!(
                "{kind_reason}; covers {:.2} of the source and {:.2} of the derived text; direction: {dir_reason}",
                evidence.coverage_a, evidence.coverage_b
            )
        },
        evidence,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlet_names_compare_loosely() {
        assert!(same_name("Meridian Press Agency", "Meridian Press"));
        assert!(same_name("the Baltic Morning newspaper", "Baltic Morning"));
        assert!(same_name("nordwire.example", "Nordwire"));
        assert!(!same_name("Baltic Morning", "Nordwire"));
        assert!(!same_name("", "Nordwire"));
    }
}
