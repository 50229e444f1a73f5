//! Article text with its evidence marked: entities, attributions, quotes, machine-made
//! signals and check findings become `<mark>` elements with one class per kind.
//!
//! Spans are byte offsets into `Article::text` and come from stored data, so none is
//! trusted: a span that is empty, reversed, past the end or off a `char` boundary is
//! dropped. Spans may overlap or nest; the text is cut at every span boundary and each
//! segment gets the classes and explanations of every span covering it, so nothing is lost
//! and the markup stays well nested.

use crate::escape::Esc;
use newstrace_model::{Analysis, EntityKind, Finding, Span};
use newstrace_views::names::{serde_name, upstream_line};
use std::collections::BTreeSet;
use std::fmt::Write;

/// Most spans marked in one article; a hostile or degenerate analysis cannot blow up the page.
pub const MAX_MARKS: usize = 5_000;

/// What a mark shows evidence of. The CSS class of each is [`MarkKind::class`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MarkKind {
    /// A person.
    Person,
    /// An organisation.
    Organization,
    /// A place.
    Place,
    /// An unclassified name.
    OtherEntity,
    /// An attribution (source name, cue, attributed content).
    Attribution,
    /// A direct quotation.
    Quote,
    /// Evidence of machine-made content.
    Signal,
    /// A check finding's claim.
    Finding,
}

impl MarkKind {
    /// Every kind, in legend order.
    pub const ALL: [MarkKind; 8] = [
        MarkKind::Person,
        MarkKind::Organization,
        MarkKind::Place,
        MarkKind::OtherEntity,
        MarkKind::Attribution,
        MarkKind::Quote,
        MarkKind::Signal,
        MarkKind::Finding,
    ];

    /// The CSS class of marks of this kind.
    pub fn class(self) -> &'static str {
        match self {
            MarkKind::Person => "m-person",
            MarkKind::Organization => "m-org",
            MarkKind::Place => "m-place",
            MarkKind::OtherEntity => "m-other",
            MarkKind::Attribution => "m-attr",
            MarkKind::Quote => "m-quote",
            MarkKind::Signal => "m-signal",
            MarkKind::Finding => "m-finding",
        }
    }

    /// The legend's word for it.
    pub fn label(self) -> &'static str {
        match self {
            MarkKind::Person => "person",
            MarkKind::Organization => "organisation",
            MarkKind::Place => "place",
            MarkKind::OtherEntity => "other name",
            MarkKind::Attribution => "attribution",
            MarkKind::Quote => "quote",
            MarkKind::Signal => "machine-made signal",
            MarkKind::Finding => "check finding",
        }
    }

    /// The kind of mark an entity of `kind` gets.
    pub fn for_entity(kind: EntityKind) -> Self {
        match kind {
            EntityKind::Person => MarkKind::Person,
            EntityKind::Organization => MarkKind::Organization,
            EntityKind::Place => MarkKind::Place,
            EntityKind::Other => MarkKind::OtherEntity,
        }
    }
}

/// One piece of evidence to mark: where, what, and a line explaining it (shown on hover).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// Byte span into the article text.
    pub span: Span,
    /// What it is evidence of.
    pub kind: MarkKind,
    /// Why, for a person.
    pub note: String,
}

/// The marks of an article's analysis and findings, in no particular order.
pub fn marks(analysis: Option<&Analysis>, findings: &[Finding]) -> Vec<Mark> {
    let mut out = Vec::new();
    if let Some(a) = analysis {
        for e in &a.entities {
            let kind = MarkKind::for_entity(e.kind);
            let mut note = format!("{}: {}", kind.label(), e.canonical);
            if let Some(role) = &e.role {
                let _ = write!(note, " ({}", role.title);
                if let Some(of) = &role.of {
                    let _ = write!(note, ", {of}");
                }
                note.push(')');
            }
            for s in &e.spans {
                out.push(Mark {
                    span: *s,
                    kind,
                    note: note.clone(),
                });
            }
        }
        for at in &a.attributions {
            let mut note = format!("attribution ({}): {}", serde_name(&at.form), at.cited.name);
            if let Some(r) = &at.reporter {
                let _ = write!(note, " via {}", r.name);
            }
            if let Some(cue) = &at.cue {
                let _ = write!(note, " — “{cue}”");
            }
            for s in &at.spans {
                out.push(Mark {
                    span: *s,
                    kind: MarkKind::Attribution,
                    note: note.clone(),
                });
            }
        }
        for u in &a.upstream {
            let note = format!("upstream source: {}", upstream_line(u));
            for s in &u.evidence {
                out.push(Mark {
                    span: *s,
                    kind: MarkKind::Attribution,
                    note: note.clone(),
                });
            }
        }
        for q in &a.quotes {
            let note = match (&q.speaker, &q.cue) {
                (Some(who), Some(cue)) => format!("quote: {who} ({cue})"),
                (Some(who), None) => format!("quote: {who}"),
                _ => "quote: speaker not found".to_string(),
            };
            for s in &q.spans {
                out.push(Mark {
                    span: *s,
                    kind: MarkKind::Quote,
                    note: note.clone(),
                });
            }
        }
        for sig in &a.signals {
            let note = format!("{}: {}", serde_name(&sig.kind), sig.reason);
            for s in &sig.spans {
                out.push(Mark {
                    span: *s,
                    kind: MarkKind::Signal,
                    note: note.clone(),
                });
            }
        }
    }
    for f in findings {
        let note = format!(
            "{} ({}): {}",
            serde_name(&f.kind),
            serde_name(&f.verdict),
            f.reason
        );
        for s in std::iter::once(&f.span).chain(&f.other_spans) {
            out.push(Mark {
                span: *s,
                kind: MarkKind::Finding,
                note: note.clone(),
            });
        }
    }
    out
}

/// Whether `span` can be cut out of `text`: non-empty, inside it, on `char` boundaries.
fn usable(span: &Span, text: &str) -> bool {
    span.start < span.end && text.get(span.start..span.end).is_some()
}

/// `text` as escaped HTML with `marks` wrapped in `<mark>` elements. Overlapping marks are
/// split at every boundary; a segment covered by several marks gets all their classes and
/// all their notes (in its `title`). Unusable spans are skipped; never panics.
pub fn highlight(text: &str, marks: &[Mark]) -> String {
    let mut valid: Vec<&Mark> = marks
        .iter()
        .filter(|m| usable(&m.span, text))
        .take(MAX_MARKS)
        .collect();
    valid.sort_by(|a, b| {
        (a.span.start, a.span.end, a.kind, &a.note).cmp(&(
            b.span.start,
            b.span.end,
            b.kind,
            &b.note,
        ))
    });
    valid.dedup_by(|a, b| a == b);

    let mut cuts: BTreeSet<usize> = BTreeSet::from([0, text.len()]);
    for m in &valid {
        cuts.insert(m.span.start);
        cuts.insert(m.span.end);
    }
    let cuts: Vec<usize> = cuts.into_iter().collect();

    let mut out = String::with_capacity(text.len() + text.len() / 4);
    // Sweep: `active` holds the marks covering the current segment; `next` the first mark
    // not yet started.
    let mut active: Vec<&Mark> = Vec::new();
    let mut next = 0;
    for w in cuts.windows(2) {
        let (from, to) = (w[0], w[1]);
        active.retain(|m| m.span.end > from);
        while next < valid.len() && valid[next].span.start <= from {
            if valid[next].span.end > from {
                active.push(valid[next]);
            }
            next += 1;
        }
        // Every cut is a char boundary of `text` (0, len, or a usable span's end), so this
        // never fails; fall back to nothing rather than panic.
        let piece = text.get(from..to).unwrap_or("");
        if active.is_empty() {
            let _ = write!(out, "{}", Esc(piece));
            continue;
        }
        let classes: BTreeSet<&str> = active.iter().map(|m| m.kind.class()).collect();
        let mut notes: Vec<&str> = Vec::new();
        for m in &active {
            if !notes.contains(&m.note.as_str()) {
                notes.push(&m.note);
            }
        }
        let class = classes.into_iter().collect::<Vec<_>>().join(" ");
        let _ = write!(
            out,
            r#"<mark class="{}" title="{}">{}</mark>"#,
            class,
            Esc(&notes.join("\n")),
            Esc(piece)
        );
    }
    out
}

/// The legend of the mark classes, as an HTML list.
pub fn legend() -> String {
    let mut out = String::from(r#"<ul class="legend marks-legend">"#);
    for k in MarkKind::ALL {
        let _ = write!(
            out,
            r#"<li><mark class="{}">{}</mark></li>"#,
            k.class(),
            k.label()
        );
    }
    out.push_str("</ul>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text a browser shows for `html`.
    fn visible(html: &str) -> String {
        scraper::Html::parse_fragment(html)
            .root_element()
            .text()
            .collect()
    }

    fn mark(start: usize, end: usize, kind: MarkKind, note: &str) -> Mark {
        Mark {
            span: Span::new(start, end),
            kind,
            note: note.into(),
        }
    }

    #[test]
    fn no_marks_is_the_escaped_text() {
        assert_eq!(highlight("a < b & c", &[]), "a &lt; b &amp; c");
        assert_eq!(highlight("", &[]), "");
    }

    #[test]
    fn a_single_mark_wraps_its_bytes() {
        let text = "NATO said so.";
        let out = highlight(text, &[mark(0, 4, MarkKind::Organization, "org: NATO")]);
        assert_eq!(
            out,
            r#"<mark class="m-org" title="org: NATO">NATO</mark> said so."#
        );
    }

    #[test]
    fn overlapping_marks_split_into_segments_with_every_covering_class() {
        // quote covers 0..12, person 5..9 inside it, attribution 9..17 straddling its end.
        let text = "\"Yes, Kaia is\" he said";
        let marks = [
            mark(0, 14, MarkKind::Quote, "quote"),
            mark(6, 10, MarkKind::Person, "person: Kaia"),
            mark(10, 18, MarkKind::Attribution, "attr"),
        ];
        let out = highlight(text, &marks);
        let expected = [
            "<mark class=\"m-quote\" title=\"quote\">&quot;Yes, </mark>",
            "<mark class=\"m-person m-quote\" title=\"quote\nperson: Kaia\">Kaia</mark>",
            "<mark class=\"m-attr m-quote\" title=\"quote\nattr\"> is&quot;</mark>",
            "<mark class=\"m-attr\" title=\"attr\"> he </mark>said",
        ]
        .concat();
        assert_eq!(out, expected);
        // Nothing of the text is lost or doubled.
        assert_eq!(visible(&out), text);
    }

    #[test]
    fn bad_spans_are_dropped_without_panicking() {
        let text = "Høgh said"; // 'ø' is two bytes: 1..3
        let marks = [
            mark(2, 4, MarkKind::Person, "splits ø"),
            mark(5, 3, MarkKind::Quote, "reversed"),
            mark(4, 4, MarkKind::Quote, "empty"),
            mark(8, 400, MarkKind::Signal, "past the end"),
            mark(usize::MAX - 1, usize::MAX, MarkKind::Signal, "huge"),
            mark(0, 5, MarkKind::Person, "Høgh"),
        ];
        let out = highlight(text, &marks);
        assert_eq!(
            out,
            r#"<mark class="m-person" title="Høgh">Høgh</mark> said"#
        );
    }

    #[test]
    fn identical_and_nested_marks_do_not_duplicate_text() {
        let text = "Riga, Latvia";
        let marks = [
            mark(0, 12, MarkKind::Place, "place"),
            mark(0, 12, MarkKind::Place, "place"),
            mark(6, 12, MarkKind::Place, "place: Latvia"),
        ];
        let out = highlight(text, &marks);
        assert_eq!(visible(&out), text);
        assert!(out.contains("title=\"place\nplace: Latvia\""), "{out}");
    }

    #[test]
    fn hostile_text_and_notes_are_escaped_inside_marks() {
        let text = "<img src=x onerror=alert(1)>";
        let out = highlight(
            text,
            &[mark(
                0,
                text.len(),
                MarkKind::Quote,
                "\" onmouseover=\"alert(1)",
            )],
        );
        assert!(!out.contains("<img"), "{out}");
        assert!(!out.contains("\" onmouseover"), "{out}");
    }

    #[test]
    fn marks_come_from_every_kind_of_evidence() {
        use newstrace_model::{
            Attribution, AttributionForm, Entity, FindingKind, Quote, Signal, SignalKind,
            SourceKind, SourceRef, Verdict,
        };
        let analysis = Analysis {
            entities: vec![Entity {
                text: "Kaia Teder".into(),
                kind: EntityKind::Person,
                canonical: "Kaia Teder".into(),
                kb_id: None,
                role: None,
                aliases: vec![],
                spans: vec![Span::new(0, 10), Span::new(20, 24)],
                reason: "honorific".into(),
            }],
            attributions: vec![Attribution {
                reporter: None,
                cited: SourceRef {
                    name: "Kaia Teder".into(),
                    kind: SourceKind::Person,
                    country: None,
                    span: Some(Span::new(0, 10)),
                },
                cue: Some("said".into()),
                cue_span: Some(Span::new(11, 15)),
                content: None,
                form: AttributionForm::Verb,
                spans: vec![Span::new(11, 15)],
            }],
            quotes: vec![Quote {
                speaker: Some("Kaia Teder".into()),
                speaker_span: None,
                cue: None,
                cue_span: None,
                text: "x".into(),
                spans: vec![Span::new(30, 35)],
                reason: "X said".into(),
            }],
            signals: vec![Signal {
                kind: SignalKind::FillerDensity,
                reason: "filler".into(),
                spans: vec![Span::new(40, 45)],
            }],
            ..Analysis::default()
        };
        let findings = [Finding {
            kind: FindingKind::InternalDate,
            claim: "c".into(),
            span: Span::new(50, 55),
            verdict: Verdict::Inconsistent,
            expected: None,
            kb_fact: None,
            source: None,
            reason: "two dates".into(),
            other_spans: vec![Span::new(60, 65)],
        }];
        let kinds: BTreeSet<MarkKind> = marks(Some(&analysis), &findings)
            .iter()
            .map(|m| m.kind)
            .collect();
        assert_eq!(
            kinds,
            BTreeSet::from([
                MarkKind::Person,
                MarkKind::Attribution,
                MarkKind::Quote,
                MarkKind::Signal,
                MarkKind::Finding
            ])
        );
        assert_eq!(marks(Some(&analysis), &findings).len(), 7);
        assert!(marks(None, &[]).is_empty());
    }
}
