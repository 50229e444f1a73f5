//! Cross-article contradictions: two aligned sentences of one story that give the same
//! quantity different values ("2,884 protesters" against "2,500 protesters", "March 9"
//! against "March 10"), with both spans.

// Month names: a number after one is a day of that month.
use newstrace_analyze::dates::MONTH_NAMES as MONTHS;
use newstrace_model::{AlignedSentences, ArticleId, Span};
use serde::{Deserialize, Serialize};

/// Least similarity for two aligned sentences to be read as one statement whose figures
/// must agree: below it they may be two statements that share a few words.
pub const SAME_STATEMENT: f32 = 0.5;

/// One quantity two articles give differently.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Disagreement {
    /// The first article.
    pub a: ArticleId,
    /// The figure as the first article gives it, and where.
    pub a_value: String,
    /// Span of the figure in the first article's text.
    pub a_span: Span,
    /// The second article.
    pub b: ArticleId,
    /// The figure as the second article gives it.
    pub b_value: String,
    /// Span of the figure in the second article's text.
    pub b_span: Span,
    /// What the figure counts or dates ("protesters", "March").
    pub what: String,
    /// One line for a person.
    pub reason: String,
}

/// A number in a sentence with what it counts: the word after it, or the month before it.
#[derive(Debug, Clone, PartialEq)]
struct Figure {
    value: String,
    what: String,
    span: Span,
}

/// Figures of `sentence` (which starts at byte `offset` of its text).
fn figures(sentence: &str, offset: usize) -> Vec<Figure> {
    // Tokens with byte ranges: runs of alphanumerics, with digit groups joined by , or .
    let mut toks: Vec<(usize, usize)> = Vec::new();
    let bytes = sentence.as_bytes();
    let mut i = 0;
    while i < sentence.len() {
        let Some(c) = sentence[i..].chars().next() else {
            break;
        };
        if c.is_alphanumeric() {
            let start = i;
            while i < sentence.len() {
                let Some(c) = sentence[i..].chars().next() else {
                    break;
                };
                let joins_digits = (c == ',' || c == '.')
                    && i > start
                    && bytes[i - 1].is_ascii_digit()
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
                if c.is_alphanumeric() || joins_digits {
                    i += c.len_utf8();
                } else {
                    break;
                }
            }
            toks.push((start, i));
        } else {
            i += c.len_utf8();
        }
    }
    let word = |k: usize| sentence[toks[k].0..toks[k].1].to_lowercase();
    let mut out = Vec::new();
    for (k, &(s, e)) in toks.iter().enumerate() {
        let t = &sentence[s..e];
        if !t
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
        {
            continue;
        }
        let month = k
            .checked_sub(1)
            .map(word)
            .filter(|w| MONTHS.contains(&w.as_str()));
        let what = match month {
            Some(m) => m,
            None => match toks.get(k + 1) {
                Some(_) => word(k + 1),
                None => continue,
            },
        };
        // A year or a bare digit after a number-word is no measured quantity.
        if what.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        out.push(Figure {
            value: t.replace(',', ""),
            what,
            span: Span::new(offset + s, offset + e),
        });
    }
    out
}

/// The figures that two aligned sentences give differently: same thing counted, different
/// value, and neither sentence also gives the other's value (a sentence that gives both
/// "2,500 on Monday and 2,884 by Tuesday" contradicts nothing).
pub fn disagreements(
    a: (&ArticleId, &str),
    b: (&ArticleId, &str),
    aligned: &[AlignedSentences],
) -> Vec<Disagreement> {
    let mut out = Vec::new();
    for pair in aligned.iter().filter(|p| p.score >= SAME_STATEMENT) {
        let (Some(sa), Some(sb)) = (
            a.1.get(pair.a.start..pair.a.end),
            b.1.get(pair.b.start..pair.b.end),
        ) else {
            continue;
        };
        let (fa, fb) = (figures(sa, pair.a.start), figures(sb, pair.b.start));
        for x in &fa {
            let Some(y) = fb.iter().find(|y| y.what == x.what) else {
                continue;
            };
            let b_has_x = fb.iter().any(|f| f.value == x.value);
            let a_has_y = fa.iter().any(|f| f.value == y.value);
            if x.value == y.value || b_has_x || a_has_y {
                continue;
            }
            let what = if MONTHS.contains(&x.what.as_str()) {
                capitalise(&x.what)
            } else {
                x.what.clone()
            };
            out.push(Disagreement {
                a: a.0.clone(),
                a_value: x.span.of(a.1).to_string(),
                a_span: x.span,
                b: b.0.clone(),
                b_value: y.span.of(b.1).to_string(),
                b_span: y.span,
                reason: format!(
                    "one gives {} {what}, the other {} (aligned sentences, similarity {:.2})",
                    x.span.of(a.1),
                    y.span.of(b.1),
                    pair.score
                ),
                what,
            });
        }
    }
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(a: &str, b: &str) -> Vec<Disagreement> {
        let pair = AlignedSentences {
            a: Span::new(0, a.len()),
            b: Span::new(0, b.len()),
            score: 0.8,
        };
        disagreements(
            (&ArticleId::from_stored("a"), a),
            (&ArticleId::from_stored("b"), b),
            &[pair],
        )
    }

    #[test]
    fn a_count_given_differently_is_found_with_both_spans() {
        let a = "About 2,884 protesters gathered in Oldenmark on Monday.";
        let b = "Some 2,500 protesters gathered in Oldenmark on Monday.";
        let d = one(a, b);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].what, "protesters");
        assert_eq!(d[0].a_span.of(a), "2,884");
        assert_eq!(d[0].b_span.of(b), "2,500");
    }

    #[test]
    fn a_day_of_the_month_given_differently_is_found() {
        let d = one(
            "The strike began on March 9 at the port.",
            "The strike began on March 10 at the port.",
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].what, "March");
    }

    #[test]
    fn agreeing_or_both_given_figures_are_no_contradiction() {
        assert!(one("14 teams were sent.", "They sent 14 teams.").is_empty());
        assert!(
            one(
                "2,500 were evacuated on Monday and 2,884 by Tuesday.",
                "By Tuesday 2,884 were evacuated, after 2,500 on Monday."
            )
            .is_empty()
        );
        // Different things counted.
        assert!(one("14 teams arrived.", "12 trucks arrived.").is_empty());
    }
}
