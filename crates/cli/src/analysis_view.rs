//! How an analysis looks on stdout: the JSON object of `analyze --json`, and a readable view
//! with the evidence highlighted.

use crate::view::{ArticleJson, serde_name};
use newstrace_model::{Analysis, Article, Span};
use serde::Serialize;
use std::io::IsTerminal;

/// `{"article": {...}, "sentences": [...], ...}`: the article's summary fields plus every
/// finding of the analysis.
#[derive(Serialize)]
pub struct AnalysisJson<'a> {
    article: ArticleJson<'a>,
    #[serde(flatten)]
    analysis: &'a Analysis,
}

impl<'a> AnalysisJson<'a> {
    /// The JSON view of `analysis` of `article`.
    pub fn new(article: &'a Article, analysis: &'a Analysis) -> Self {
        Self {
            article: ArticleJson::summary(article, 1),
            analysis,
        }
    }
}

/// Highlighting: ANSI colours on a terminal, `[[...]]` brackets otherwise.
struct Marks {
    open: &'static str,
    close: &'static str,
}

impl Marks {
    fn detect() -> Self {
        if std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
            Self {
                open: "\x1b[1;33m",
                close: "\x1b[0m",
            }
        } else {
            Self {
                open: "[[",
                close: "]]",
            }
        }
    }
}

/// The text around `span` on one line, the span itself highlighted.
fn snippet(text: &str, span: &Span, marks: &Marks) -> String {
    const CONTEXT: usize = 50;
    let start = floor_char(text, span.start.saturating_sub(CONTEXT));
    let end = ceil_char(text, (span.end + CONTEXT).min(text.len()));
    let (before, mid, after) = (
        text.get(start..span.start).unwrap_or(""),
        span.of(text),
        text.get(span.end..end).unwrap_or(""),
    );
    let one_line = |s: &str| s.replace(['\n', '\r'], " ");
    format!(
        "{}{}{}{}{}{}{}",
        if start > 0 { "…" } else { "" },
        one_line(before),
        marks.open,
        one_line(mid),
        marks.close,
        one_line(after),
        if end < text.len() { "…" } else { "" }
    )
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Prints the analysis for a person, section by section, each finding with its evidence.
pub fn print_analysis(article: &Article, a: &Analysis) {
    let marks = Marks::detect();
    let text = &article.text;
    println!("{}", article.title.as_deref().unwrap_or("(no title)"));
    println!(
        "  {}  {}  {}",
        article.id,
        article.outlet.as_deref().unwrap_or("-"),
        article
            .published
            .as_ref()
            .map(|d| d.value.to_string())
            .unwrap_or_else(|| "undated".into())
    );
    println!(
        "  {} sentences, {} entities, {} quotes, {} dates",
        a.sentences.len(),
        a.entities.len(),
        a.quotes.len(),
        a.dates.len()
    );

    section("Upstream sources", a.upstream.is_empty());
    for u in &a.upstream {
        println!("  {}", crate::view::upstream_line(u));
        for s in u.evidence.iter().take(3) {
            println!("      {}", snippet(text, s, &marks));
        }
    }

    section("Attributions", a.attributions.is_empty());
    for at in &a.attributions {
        let reporter = at
            .reporter
            .as_ref()
            .map(|r| format!("{} ← ", r.name))
            .unwrap_or_default();
        println!(
            "  {reporter}{} [{}] cue {:?}",
            at.cited.name,
            serde_name(&at.form),
            at.cue.as_deref().unwrap_or("-")
        );
        if let Some(s) = at.cue_span.or(at.cited.span) {
            println!("      {}", snippet(text, &s, &marks));
        }
    }

    section("Machine-made signals", a.signals.is_empty());
    for s in &a.signals {
        println!("  {}: {}", serde_name(&s.kind), s.reason);
        for span in s.spans.iter().take(3) {
            println!("      {}", snippet(text, span, &marks));
        }
    }

    section("Entities", a.entities.is_empty());
    for e in &a.entities {
        let role = e.role.as_ref().map(|r| {
            format!(
                ", {}{}",
                r.title,
                r.of.as_deref()
                    .map(|o| format!(" of {o}"))
                    .unwrap_or_default()
            )
        });
        let kb = e
            .kb_id
            .as_deref()
            .map(|k| format!(" [{k}]"))
            .unwrap_or_default();
        println!(
            "  {:<13}{}{}{kb} ×{}",
            serde_name(&e.kind),
            e.text,
            role.unwrap_or_default(),
            e.spans.len()
        );
    }

    section("Quotes", a.quotes.is_empty());
    for q in &a.quotes {
        println!(
            "  {} ({}): “{}”",
            q.speaker.as_deref().unwrap_or("unknown speaker"),
            q.reason,
            crate::view::truncate(&q.text, 100)
        );
    }

    section("Timeline", a.timeline.is_empty());
    for c in &a.timeline {
        println!(
            "  {:<12} {}",
            c.date.text,
            crate::view::truncate(&c.event, 90)
        );
    }
}

fn section(name: &str, empty: bool) {
    println!("\n{name}{}", if empty { ": none" } else { ":" });
}
