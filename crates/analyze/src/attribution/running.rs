//! Attributions in running text: reporting verbs ("X said", "said X", "X, the ..., said"),
//! cue phrases ("according to X"), relays ("TASS, citing AFP", "Y via X") and "according to
//! the same source".

use super::lexicon::{Cue, CueKind, LEXICON};
use super::tokens::{Kind, Tokens};
use super::{People, classify};
use newstrace_model::{Attribution, AttributionForm, SourceKind, SourceRef, Span};

/// How far a clause or its content is followed, in tokens. Real sentences are far shorter;
/// the cap keeps the cost linear on text without sentence ends (a 1 MB line).
const MAX_CLAUSE_TOKENS: usize = 150;

/// How many tokens a name may span when walking back over capitalised words.
const MAX_NAME_TOKENS: usize = 12;

/// Words that join the parts of a name ("Ursula von der Leyen", "Ministry of Defence").
const CONNECTORS: [&str; 12] = [
    "von", "der", "de", "van", "al", "bin", "la", "le", "du", "da", "di", "of",
];

/// Words a determiner-led phrase treats as its start.
const DETERMINERS: [&str; 6] = ["the", "a", "an", "this", "these", "those"];

/// Phrases that point back at the previous source.
const SAME_SOURCE: [&str; 5] = [
    "the same source",
    "same source",
    "the same report",
    "the same outlet",
    "the same agency",
];

/// Words naming a time, never a source ("Sanders on Tuesday said", "said Tuesday").
const TIME: [&str; 28] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "week",
    "month",
    "year",
    "night",
    "morning",
    "afternoon",
    "evening",
    "weekend",
    "tonight",
];

/// Words that lead into a time ("on Tuesday", "this week", "early Friday").
const TIME_LEAD: [&str; 10] = [
    "on", "this", "last", "next", "early", "late", "earlier", "later", "in", "that",
];

/// Particles that make "called" a phrasal verb ("called in", "called off"), not a naming.
const CALL_PARTICLES: [&str; 8] = ["in", "off", "up", "back", "out", "to", "into", "at"];

/// Nouns of speech and stance that a named possessor holds ("Trump's claim").
const HELD_NOUNS: [&str; 40] = [
    "claim",
    "claims",
    "plan",
    "comment",
    "comments",
    "remarks",
    "statement",
    "statements",
    "assertion",
    "admission",
    "conclusion",
    "decision",
    "threat",
    "promise",
    "pledge",
    "proposal",
    "estimate",
    "theory",
    "argument",
    "view",
    "views",
    "position",
    "insistence",
    "emphasis",
    "accusation",
    "criticism",
    "warning",
    "demand",
    "denial",
    "testimony",
    "announcement",
    "suggestion",
    "belief",
    "vow",
    "allegation",
    "contention",
    "prediction",
    "determination",
    "missive",
    "tweets",
];

/// Words that may stand between a possessor and its noun ("Trump's own admission").
const HELD_MODS: [&str; 8] = [
    "own", "earlier", "latest", "repeated", "recent", "infamous", "previous", "public",
];

/// A token range `first..=last` naming a source.
#[derive(Debug, Clone, Copy)]
struct Np {
    first: usize,
    last: usize,
}

/// Finds running-text attributions, in text order.
pub(crate) fn find(t: &Tokens<'_>, people: &mut People, out: &mut Vec<Attribution>) {
    let mut phrase = String::new();
    let mut i = 0;
    // Reporter spans of relays, so a verb whose subject is a relay's reporter is folded in.
    let mut relays: Vec<Span> = Vec::new();
    while i < t.toks.len() {
        if !t.is_word(i) {
            if let Some(a) = dash_credit(t, i, people).or_else(|| speaker_label(t, i, people)) {
                out.push(a);
            }
            i += 1;
            continue;
        }
        if let Some((a, next)) = held(t, i, people) {
            out.push(a);
            i = next;
            continue;
        }
        let Some(cue) = match_cue(t, i, &mut phrase).or_else(|| action(t, i)) else {
            i += 1;
            continue;
        };
        let n = cue.words;
        let last = i + n - 1;
        let cue_span = Span::new(t.toks[i].start, t.toks[last].end);
        // Verbs are lower-case in running text; "Reports from TASS" is not a verb.
        if cue.kind != CueKind::Before && t.is_cap(i) {
            i += 1;
            continue;
        }
        let found = match cue.kind {
            CueKind::Verb => verb(t, i, last, cue, people, out),
            CueKind::Before => before(t, i, last, people, out),
            CueKind::Chain => chain(t, i, last, people, &mut relays).or_else(|| {
                // "Clinton cited derogatory comments": no source relayed, a plain verb.
                (t.lo(i) != "via")
                    .then(|| verb(t, i, last, cue, people, out))
                    .flatten()
            }),
        };
        if let Some(mut a) = found {
            a.cue = Some(cue_span.of(t.text).to_string());
            a.cue_span = Some(cue_span);
            a.spans.push(cue_span);
            if let Some(c) = a.content {
                a.spans.push(c);
            }
            a.spans.sort();
            let folded = a.form == AttributionForm::Verb
                && a.reporter.is_none()
                && a.cited.span.is_some_and(|s| relays.contains(&s));
            if !folded {
                out.push(a);
            }
        }
        i = last + 1;
    }
}

/// "Trump's claim that ...", "by Trump's own admission": a named possessor holding a
/// statement or stance whose content follows (or that is the ground of what is said); the noun
/// is the cue. Returns the attribution and the token after the noun.
fn held(t: &Tokens<'_>, i: usize, people: &mut People) -> Option<(Attribution, usize)> {
    let lo = t.lo(i);
    let named = t.is_cap(i)
        && ["'s", "’s", "s'", "s’"].iter().any(|e| lo.ends_with(e))
        && lo.chars().count() > 3;
    if !named {
        return None;
    }
    let mut k = i + 1;
    if t.is_word(k) && HELD_MODS.contains(&t.lo(k)) {
        k += 1;
    }
    if !t.is_word(k) || !HELD_NOUNS.contains(&t.lo(k)) {
        return None;
    }
    // "Trump's comments came ...", "under Trump's plan": a topic, not an attribution.
    let stated = t.lo(k + 1) == "that" && t.is_word(k + 1);
    let by = i > 0 && t.lo(i - 1) == "by" && t.is_word(i - 1);
    if !(stated || by) {
        return None;
    }
    let mut first = i;
    while first > 0
        && i - first < MAX_NAME_TOKENS
        && !t.toks[first].sent_start
        && t.is_cap(first - 1)
    {
        let plo = t.lo(first - 1);
        if LEXICON.function.contains(plo) || TIME.contains(&plo) {
            break;
        }
        first -= 1;
    }
    let np = Np { first, last: i };
    let cue = Span::new(t.toks[k].start, t.toks[k].end);
    Some((signed(t, np, cue, people), k + 1))
}

/// The longest cue starting at word `i`.
fn match_cue(t: &Tokens<'_>, i: usize, phrase: &mut String) -> Option<Cue> {
    let lex = &*LEXICON;
    if lex.multi_first.contains(t.lo(i)) {
        for n in (2..=lex.max_words).rev() {
            if !(i..i + n).all(|k| t.is_word(k)) {
                continue;
            }
            phrase.clear();
            for k in i..i + n {
                if k > i {
                    phrase.push(' ');
                }
                phrase.push_str(t.lo(k));
            }
            if let Some(c) = lex.cues.get(phrase.as_str()) {
                return Some(*c);
            }
        }
    }
    lex.cues.get(t.lo(i)).copied().filter(|c| c.words == 1)
}

/// "X said", "said X", "X, the ..., said", "..., saying".
fn verb(
    t: &Tokens<'_>,
    i: usize,
    last: usize,
    cue: Cue,
    people: &mut People,
    out: &[Attribution],
) -> Option<Attribution> {
    let prev = i.checked_sub(1);
    let after_quote =
        prev.is_some_and(|p| is_quote(t, p) || (t.is(p, ',') && p > 0 && is_quote(t, p - 1)));
    let after_break = prev.is_none_or(|p| {
        t.is(p, ',') || t.is(p, '—') || t.is(p, '–') || t.is(p, ':') || t.toks[i].sent_start
    });
    let mut src = None;
    let mut inverted = false;
    if cue.participle && prev.is_some_and(|p| t.is(p, ',')) {
        src = clause_subject(t, i, out);
    }
    if src.is_none()
        && (after_quote || after_break)
        && !cue.participle
        && !cue.belief
        && let Some(np) = forward(t, last + 1, false)
    {
        {
            // After a bare comma, "said he would" opens the content; "said X." closes it.
            let closes =
                t.is_stop(np.last + 1) || t.is(np.last + 1, ',') || np.last + 1 >= t.toks.len();
            let named = t.is_cap(np.first) || LEXICON.pronouns.contains(t.lo(np.first));
            let time = TIME.contains(&t.lo(np.first));
            if !time && (after_quote || (closes && named)) {
                src = Some(np);
                inverted = true;
            }
        }
    }
    if src.is_none() {
        src = backward(t, i);
    }
    if src.is_none() && cue.participle {
        src = clause_subject(t, i, out);
    }
    let np = src?;
    if !inverted && np.last < i {
        // "He has been criticized", "They were backed by": a passive; its subject is not
        // the source.
        let passive = !cue.participle
            && (np.last + 1..i).any(|k| {
                matches!(
                    t.lo(k),
                    "was" | "were" | "been" | "be" | "is" | "are" | "being"
                )
            });
        // "Stein said she plans": the holder of a reported belief is the reported clause's
        // own subject, already attributed by the outer verb.
        let reported = is_pronoun_subject(t, np)
            && np.first > 0
            && (is_speech(t, np.first - 1)
                || (t.lo(np.first - 1) == "that" && np.first > 1 && is_speech(t, np.first - 2)));
        if passive || reported {
            return None;
        }
    }
    // "The economic plans were vague": a noun, not a verb.
    if cue.belief
        && matches!(
            t.lo(last + 1),
            "were" | "are" | "was" | "is" | "have" | "had" | "has" | "will" | "would"
        )
    {
        return None;
    }
    // "Farmers moved cattle": a capitalised word opening a sentence is a name only if the
    // entity finder says so (or it is written in capitals or with a title).
    if cue.belief
        && np.first == np.last
        && t.toks[np.first].sent_start
        && !is_pronoun_subject(t, np)
        && people.entity_at(np_span(t, np)).is_none()
        && !LEXICON.cues.contains_key(t.lo(i))
    {
        return None;
    }
    // "“What I would say is ...”", "“He said it over and over”": a pronoun inside a quotation
    // belongs to the quoted speaker's own words, attributed by the verb outside.
    if !inverted && np.first == np.last && t.toks[np.first].quoted && is_personal(t.lo(np.first)) {
        return None;
    }
    // "Clinton called Trump's remarks ...": a naming verb; not "a group called X", "called in",
    // nor the participle in "members, called to service".
    if matches!(t.lo(i), "called" | "calls")
        && (prev.is_some_and(|p| t.is(p, ',') || t.lo(p) == "so")
            || CALL_PARTICLES.contains(&t.lo(last + 1))
            || matches!(t.lo(np.first), "a" | "an")
            || (np.first > 0 && t.lo(np.first - 1) == "what"))
    {
        return None;
    }
    // "You say": the reader or interviewer addressed, not a source.
    if np.first == np.last && t.lo(np.first) == "you" {
        return None;
    }
    // A belief's holder is named, a personal pronoun, or a determined phrase ("the campaign");
    // "economic plans" is a noun phrase, not a holder.
    let relative = is_relative_subject(t, np);
    if cue.belief
        && !t.is_cap(np.last)
        && !is_pronoun_subject(t, np)
        && !relative
        && !DETERMINERS[..3].contains(&t.lo(np.first))
    {
        return None;
    }
    if cue.belief
        && np.first == np.last
        && matches!(
            t.lo(np.first),
            "i" | "you" | "we" | "who" | "which" | "it" | "them" | "me" | "us"
        )
        && !relative
    {
        return None;
    }
    let cited = source_ref(t, np, people);
    let content = if inverted {
        None
    } else {
        content_after(t, last + 1)
    };
    let mut spans: Vec<Span> = cited.span.into_iter().collect();
    spans.sort();
    Some(Attribution {
        reporter: None,
        cited,
        cue: None,
        cue_span: None,
        content,
        form: AttributionForm::Verb,
        spans,
    })
}

/// Whether token `k` is a quotation mark (`''` counts as one).
fn is_quote(t: &Tokens<'_>, k: usize) -> bool {
    ['”', '"', '’', '\'', '“', '‘'].iter().any(|&c| t.is(k, c))
}

/// "according to X", "as reported by X"; "according to the same source".
fn before(
    t: &Tokens<'_>,
    i: usize,
    last: usize,
    people: &mut People,
    out: &[Attribution],
) -> Option<Attribution> {
    let np = forward(t, last + 1, true)?;
    let span = np_span(t, np);
    let content = content_around(t, i, np.last + 1);
    let lower = span.of(t.text).to_lowercase();
    if SAME_SOURCE.contains(&lower.as_str()) {
        let prev = out
            .iter()
            .rev()
            .find(|a| a.form != AttributionForm::Quote)?;
        let mut cited = prev.cited.clone();
        cited.span = Some(span);
        let reporter = prev.reporter.clone().map(|mut r| {
            r.span = None;
            r
        });
        return Some(Attribution {
            reporter,
            cited,
            cue: None,
            cue_span: None,
            content,
            form: AttributionForm::SameSource,
            spans: vec![span],
        });
    }
    let cited = source_ref(t, np, people);
    Some(Attribution {
        reporter: None,
        cited,
        cue: None,
        cue_span: None,
        content,
        form: AttributionForm::Verb,
        spans: vec![span],
    })
}

/// "TASS, citing AFP", "X, which cited Y", "X quoted Y as saying", "Y via X".
fn chain(
    t: &Tokens<'_>,
    i: usize,
    last: usize,
    people: &mut People,
    relays: &mut Vec<Span>,
) -> Option<Attribution> {
    let fwd = forward(t, last + 1, true)?;
    // Only a named source is relayed ("citing AFP", "citing the Belgian edition").
    let named = t.is_cap(fwd.last)
        || (fwd.first..=fwd.last).any(|k| LEXICON.outlet_words.contains(t.lo(k)));
    if !named {
        return None;
    }
    let back = if i > 0 && t.is(i - 1, ',') {
        name_before(t, i - 1)
    } else {
        backward(t, i)
    };
    // "X reported on Monday, citing Y": the day is not a reporter.
    let back = back.filter(|np| {
        !(np.first..=np.last).all(|k| {
            let lo = t.lo(k);
            !t.is_word(k) || TIME.contains(&lo) || TIME_LEAD.contains(&lo)
        })
    });
    let via = t.lo(i) == "via";
    // "Clinton cited derogatory comments Trump had made", "cited Trump's remarks": what was
    // cited is a thing, not a relayed source.
    let outletish = (fwd.first..=fwd.last).any(|k| LEXICON.outlet_words.contains(t.lo(k)));
    let thing = (!t.is_cap(fwd.first) && !DETERMINERS[..3].contains(&t.lo(fwd.first)))
        || t.lo(fwd.last).ends_with("'s")
        || t.lo(fwd.last).ends_with("’s");
    if !via && thing && !outletish {
        return None;
    }
    let (cited, reporter) = if via { (back?, Some(fwd)) } else { (fwd, back) };
    let cited = source_ref(t, cited, people);
    let reporter = reporter.map(|r| source_ref(t, r, people));
    if via
        && cited.kind != SourceKind::Outlet
        && reporter
            .as_ref()
            .is_none_or(|r| r.kind != SourceKind::Outlet)
    {
        return None;
    }
    if let Some(s) = reporter.as_ref().and_then(|r| r.span) {
        relays.push(s);
    }
    let spans = cited
        .span
        .into_iter()
        .chain(reporter.as_ref().and_then(|r| r.span))
        .collect();
    Some(Attribution {
        reporter,
        cited,
        cue: None,
        cue_span: None,
        content: None,
        form: AttributionForm::Verb,
        spans,
    })
}

/// The source before a verb at `i`: its subject, skipping auxiliaries and adverbs, or the
/// name before an appositive ("X, the ..., said").
fn backward(t: &Tokens<'_>, i: usize) -> Option<Np> {
    let lex = &*LEXICON;
    let mut j = i;
    loop {
        if j == 0 || t.toks[j].sent_start {
            return None;
        }
        j -= 1;
        if t.is_stop(j) {
            return None;
        }
        if t.is(j, ')') {
            // "Jason Chaffetz (R-Utah) said": step over the parenthesis.
            // Abbreviations inside count ("(D-Wis.)"): only a line break stops the search.
            let mut k = j;
            while k > 0 && !t.is(k, '(') && j - k < 12 && !matches!(t.toks[k].kind, Kind::Break) {
                k -= 1;
            }
            if t.is(k, '(') {
                j = k;
                continue;
            }
            return None;
        }
        let lo = t.lo(j);
        let adverb = lo.len() > 4
            && lo.ends_with("ly")
            && !lex.generic.contains(lo)
            && !lex.outlet_words.contains(lo);
        if t.is_word(j) && !t.is_cap(j) && (lex.skip.contains(lo) || adverb) {
            continue;
        }
        if t.is_word(j) && TIME.contains(&lo) {
            // "Sanders on Tuesday said", "Trump this week also said": step over the date.
            while j > 0
                && !t.toks[j].sent_start
                && t.is_word(j - 1)
                && (TIME_LEAD.contains(&t.lo(j - 1)) || TIME.contains(&t.lo(j - 1)))
            {
                j -= 1;
            }
            continue;
        }
        break;
    }
    if t.is_word(j) {
        return np_ending_at(t, j);
    }
    if t.is(j, ',') || t.is(j, '—') || t.is(j, '–') || t.is(j, '-') {
        // An appositive: the name before the comma that opens it. Appositives hold commas
        // of their own ("X, 59, of Ashton, Md., said"): try the clause's first comma, then
        // the nearest.
        let mut k = j;
        let mut steps = 0;
        let mut commas = Vec::new();
        while k > 0 && steps < 60 && !t.toks[k].sent_start {
            k -= 1;
            steps += 1;
            if t.is_stop(k) || is_quote(t, k) {
                break;
            }
            if t.is(k, ',') || t.is(k, '—') || t.is(k, '–') || t.is(k, '-') {
                commas.push(k);
            }
        }
        if let Some(&first) = commas.last()
            && let Some(np) = name_before(t, first)
        {
            return Some(np);
        }
        return commas.first().and_then(|&c| name_before(t, c));
    }
    None
}

/// A capitalised name ending just before token `k` (a comma), or a pronoun there.
fn name_before(t: &Tokens<'_>, k: usize) -> Option<Np> {
    let j = k.checked_sub(1)?;
    if t.toks[k].sent_start || !t.is_word(j) {
        return None;
    }
    let np = np_ending_at(t, j)?;
    (t.is_cap(np.last) || LEXICON.pronouns.contains(t.lo(np.last))).then_some(np)
}

/// The noun phrase whose last word is `j`: a pronoun, a capitalised name, or a short
/// lower-case phrase with its determiner ("the report", "the Belgian edition").
fn np_ending_at(t: &Tokens<'_>, j: usize) -> Option<Np> {
    let lex = &*LEXICON;
    let lo = t.lo(j);
    if lex.pronouns.contains(lo) {
        return Some(Np { first: j, last: j });
    }
    // A possessive ("Clinton's remarks") or a number is never the subject.
    if lex.function.contains(lo)
        || lo.ends_with("'s")
        || lo.ends_with("’s")
        || lo.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let mut first = j;
    if t.is_cap(j) {
        while first > 0
            && j - first < MAX_NAME_TOKENS
            && !t.toks[first].sent_start
            && t.is_word(first - 1)
        {
            let p = first - 1;
            let plo = t.lo(p);
            let joins = (t.is_cap(p) && !lex.function.contains(plo))
                || (CONNECTORS.contains(&plo) && plo != "of");
            if !joins {
                break;
            }
            first = p;
        }
        while first < j && CONNECTORS.contains(&t.lo(first)) {
            first += 1;
        }
    } else {
        let mut count = 0;
        while count < 4 && first > 0 && !t.toks[first].sent_start && t.is_word(first - 1) {
            let plo = t.lo(first - 1);
            if lex.function.contains(plo) || lex.skip.contains(plo) || lex.pronouns.contains(plo) {
                break;
            }
            first -= 1;
            count += 1;
        }
    }
    if first > 0 && !t.toks[first].sent_start && DETERMINERS[..3].contains(&t.lo(first - 1)) {
        let head_lower = !t.is_cap(j);
        let outletish = (first..=j).any(|k| lex.outlet_words.contains(t.lo(k)));
        if head_lower || outletish {
            first -= 1;
        }
    }
    Some(Np { first, last: j })
}

/// The source named from token `k` on: a pronoun, a capitalised name, a determiner-led
/// phrase, or (with `loose`) a lower-case phrase ("according to official reporting").
fn forward(t: &Tokens<'_>, k: usize, loose: bool) -> Option<Np> {
    let lex = &*LEXICON;
    if !t.is_word(k) || t.toks[k].sent_start && k > 0 && !loose {
        return None;
    }
    let lo = t.lo(k);
    if lex.pronouns.contains(lo) {
        return matches!(lo, "he" | "she" | "they" | "we" | "i")
            .then_some(Np { first: k, last: k });
    }
    let det = DETERMINERS[..3].contains(&lo);
    if !det && lex.function.contains(lo) {
        return None;
    }
    if !det && !t.is_cap(k) && !loose {
        return None;
    }
    let mut last = k;
    let mut words = 1;
    while words < 8 && t.is_word(last + 1) && !t.toks[last + 1].sent_start {
        let n = last + 1;
        let nlo = t.lo(n);
        let ok = if CONNECTORS.contains(&nlo) {
            t.is_cap(n + 1) || (nlo != "of" && t.is_word(n + 1))
        } else if t.is_cap(n) {
            !lex.function.contains(nlo)
        } else {
            // Lower-case words continue a phrase that has not reached a name yet.
            (det || loose)
                && !t.is_cap(last)
                && !lex.function.contains(nlo)
                && !lex.cues.contains_key(nlo)
        };
        if !ok {
            break;
        }
        last = n;
        words += 1;
    }
    if det && last == k {
        return None;
    }
    Some(Np { first: k, last })
}

/// The subject of the clause a participle at `i` hangs from ("X attached ..., noting that").
fn clause_subject(t: &Tokens<'_>, i: usize, out: &[Attribution]) -> Option<Np> {
    let mut s = i;
    while s > 0 && i - s < MAX_CLAUSE_TOKENS && !t.toks[s].sent_start && !t.is_stop(s - 1) {
        s -= 1;
    }
    let sentence_start = t.toks.get(s).map_or(0, |x| x.start);
    if let Some(a) = out
        .last()
        .filter(|a| a.cited.span.is_some_and(|sp| sp.start >= sentence_start))
    {
        let sp = a.cited.span?;
        // Tokens are in text order: find the span's ends by binary search, not a scan (a
        // scan per attribution would be quadratic on a long text).
        let first = t.toks.partition_point(|x| x.start < sp.start);
        let last = t.toks.partition_point(|x| x.end <= sp.end).checked_sub(1)?;
        if t.toks.get(first)?.start != sp.start || t.toks.get(last)?.end != sp.end {
            return None;
        }
        return Some(Np { first, last });
    }
    // The first name or pronoun of the sentence, before any verb we know.
    let mut k = s;
    while k < i {
        if t.is_word(k) {
            let lo = t.lo(k);
            if matches!(lo, "he" | "she" | "they" | "we" | "i") {
                return Some(Np { first: k, last: k });
            }
            if t.is_cap(k)
                && !LEXICON.function.contains(lo)
                && !LEXICON.skip.contains(lo)
                && !TIME.contains(&lo)
            {
                let mut last = k;
                while last + 1 < i
                    && (t.is_cap(last + 1)
                        || CONNECTORS.contains(&t.lo(last + 1)) && t.is_cap(last + 2))
                {
                    last += 1;
                }
                return Some(Np { first: k, last });
            }
            if !t.is_cap(k) {
                // A lower-case word before any name: the subject is not a name.
                if LEXICON.cues.contains_key(lo) {
                    return None;
                }
            }
        }
        k += 1;
    }
    None
}

/// The byte span of a phrase.
fn np_span(t: &Tokens<'_>, np: Np) -> Span {
    Span::new(t.toks[np.first].start, t.toks[np.last].end)
}

/// The source a phrase names.
fn source_ref(t: &Tokens<'_>, np: Np, people: &mut People) -> SourceRef {
    let span = np_span(t, np);
    let words: Vec<&str> = (np.first..=np.last)
        .filter(|&k| t.is_word(k))
        .map(|k| t.s(k))
        .collect();
    let mut source = classify(span, &words, people, t);
    // "Irish MEP Mick Wallace said": the source is the person; the title before the name is
    // the role. The span stays the whole phrase, the evidence as written.
    if let Some(name) = people.person_ending(span)
        && name.start > span.start
    {
        source.name = name.of(t.text).to_string();
        source.kind = SourceKind::Person;
    }
    source
}

/// The reported content after a cue: from `k` (after "that" or ":") to the clause's end.
fn content_after(t: &Tokens<'_>, k: usize) -> Option<Span> {
    let mut start = k;
    // "told reporters that ...": skip a short object.
    for d in 0..5 {
        if t.lo(k + d) == "that" && t.is_word(k + d) {
            start = k + d + 1;
            break;
        }
        if !t.is_word(k + d) {
            break;
        }
    }
    if t.is(start, ':') {
        start += 1;
    }
    if !t.is_word(start) || t.toks[start].sent_start {
        return None;
    }
    let mut end = start;
    while end + 1 < t.toks.len()
        && end - start < MAX_CLAUSE_TOKENS
        && !t.is_stop(end + 1)
        && !t.toks[end + 1].sent_start
    {
        end += 1;
    }
    while end > start && matches!(t.toks[end].kind, Kind::Punct(_)) {
        end -= 1;
    }
    Some(Span::new(t.toks[start].start, t.toks[end].end))
}

/// The content an "according to X" phrase attributes: the rest of its sentence.
fn content_around(t: &Tokens<'_>, cue: usize, after: usize) -> Option<Span> {
    let at_start = cue == 0 || t.toks[cue].sent_start || t.is_stop(cue - 1);
    if at_start {
        let k = if t.is(after, ',') { after + 1 } else { after };
        return content_after(t, k);
    }
    let mut s = cue;
    while s > 0 && cue - s < MAX_CLAUSE_TOKENS && !t.toks[s].sent_start && !t.is_stop(s - 1) {
        s -= 1;
    }
    let mut e = cue.checked_sub(1)?;
    while e > s && matches!(t.toks[e].kind, Kind::Punct(_)) {
        e -= 1;
    }
    (e >= s && t.is_word(e)).then(|| Span::new(t.toks[s].start, t.toks[e].end))
}

/// Whether token `k` is a dash that can introduce a speaker: `―`, `—`, `–` or `--`.
/// Returns the index of its last token.
fn dash_at(t: &Tokens<'_>, k: usize) -> Option<usize> {
    if t.is(k, '―') || t.is(k, '—') || t.is(k, '–') {
        return Some(k);
    }
    (t.is(k, '-') && t.is(k + 1, '-') && t.toks[k].end == t.toks[k + 1].start).then_some(k + 1)
}

/// "“...” ― Jane Doe": a quotation signed after a dash; the dash is the cue.
fn dash_credit(t: &Tokens<'_>, i: usize, people: &mut People) -> Option<Attribution> {
    let d = dash_at(t, i)?;
    let mut p = i.checked_sub(1)?;
    if matches!(t.toks[p].kind, Kind::Punct('.' | ',' | '!' | '?')) && p > 0 {
        p -= 1;
    }
    if !is_quote(t, p) && !is_quote(t, i - 1) {
        return None;
    }
    let np = forward(t, d + 1, false)?;
    if !t.is_cap(np.first) || LEXICON.pronouns.contains(t.lo(np.first)) {
        return None;
    }
    // The signature ends there: a stop, a line break, the next quotation, or the text's end.
    let next = np.last + 1;
    let closes = next >= t.toks.len() || t.is_stop(next) || is_quote(t, next) || t.is(next, ',');
    if !closes {
        return None;
    }
    Some(signed(
        t,
        np,
        Span::new(t.toks[i].start, t.toks[d].end),
        people,
    ))
}

/// "WALLACE: Let's start", "Pence: Flowers won't be there": a speaker's label at the start
/// of a line; the colon is the cue. The label is written in capitals or names a known person
/// or organisation.
fn speaker_label(t: &Tokens<'_>, i: usize, people: &mut People) -> Option<Attribution> {
    if !t.is(i, ':') || i == 0 || !t.is_word(i - 1) {
        return None;
    }
    let mut first = i - 1;
    while first > 0 && t.is_word(first - 1) && i - first < 4 {
        first -= 1;
    }
    let line_start = |k: usize| k == 0 || matches!(t.toks[k - 1].kind, Kind::Break);
    let opens = line_start(first) || (first > 0 && is_quote(t, first - 1) && line_start(first - 1));
    if !opens || !(first..i).all(|k| t.is_cap(k)) {
        return None;
    }
    // Something must follow on the same line.
    if !t.toks.get(i + 1).is_some_and(|x| x.kind != Kind::Break) {
        return None;
    }
    let np = Np { first, last: i - 1 };
    let span = np_span(t, np);
    let caps = (first..i).all(|k| {
        t.s(k)
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
    }) && span.len() > 1;
    let known = people.entity_at(span).is_some_and(|e| {
        matches!(
            e.kind,
            newstrace_model::EntityKind::Person | newstrace_model::EntityKind::Organization
        )
    });
    if !caps && !known {
        return None;
    }
    Some(signed(
        t,
        np,
        Span::new(t.toks[i].start, t.toks[i].end),
        people,
    ))
}

/// An attribution of what precedes or follows to the source `np`, with the cue at `cue`.
fn signed(t: &Tokens<'_>, np: Np, cue: Span, people: &mut People) -> Attribution {
    let cited = source_ref(t, np, people);
    let mut spans: Vec<Span> = cited.span.into_iter().chain([cue]).collect();
    spans.sort();
    Attribution {
        reporter: None,
        cited,
        cue: Some(cue.of(t.text).to_string()),
        cue_span: Some(cue),
        content: None,
        form: AttributionForm::Verb,
        spans,
    }
}

/// Whether a word is a personal pronoun subject, or a contraction of one ("I’m", "he's").
fn is_personal(lo: &str) -> bool {
    let base = lo.split(['\'', '’']).next().unwrap_or(lo);
    matches!(base, "i" | "we" | "you" | "he" | "she" | "they")
}

/// Whether `np` is "who" opening a relative clause after a comma ("Christie, who has
/// campaigned"): it stands for the name before it.
fn is_relative_subject(t: &Tokens<'_>, np: Np) -> bool {
    np.first == np.last && t.lo(np.first) == "who" && np.first > 0 && t.is(np.first - 1, ',')
}

/// Whether `np` is a single personal pronoun.
fn is_pronoun_subject(t: &Tokens<'_>, np: Np) -> bool {
    np.first == np.last && matches!(t.lo(np.first), "he" | "she" | "they" | "i" | "we" | "you")
}

/// Whether token `k` is a one-word speech verb ("said", "says", "told").
fn is_speech(t: &Tokens<'_>, k: usize) -> bool {
    t.is_word(k)
        && LEXICON
            .cues
            .get(t.lo(k))
            .is_some_and(|c| c.kind == CueKind::Verb && !c.belief && c.words == 1)
}

/// An action verb not in the lists whose subject opens its sentence ("Politifact ruled",
/// "The city sent"): PolNeAR attributes stances and acts to their agents. Past tenses in
/// `-ed` only, read as beliefs (a named or pronoun subject, never inverted).
fn action(t: &Tokens<'_>, i: usize) -> Option<Cue> {
    let lo = t.lo(i);
    if lo.len() < 5 || !lo.ends_with("ed") || t.is_cap(i) || LEXICON.function.contains(lo) {
        return None;
    }
    // It takes an object or a clause: "Politifact ruled that", not "Trump waited.".
    if !t.is_word(i + 1) {
        return None;
    }
    // The subject must open the sentence and stand right before the verb (adverbs and
    // auxiliaries aside).
    let np = backward(t, i)?;
    if !t.toks[np.first].sent_start && !is_relative_subject(t, np) {
        return None;
    }
    Some(Cue {
        kind: CueKind::Verb,
        words: 1,
        participle: false,
        belief: true,
    })
}
