//! The timeline of a story's coverage: one row per member, a dot at its publication time
//! (a ring at its first sighting by a crawler or archive when that differs), on a shared
//! time axis. One row per member keeps labels from ever overlapping.

use crate::escape::Esc;
use crate::graph::{article_name, short_date};
use newstrace_store::ArticleSummary;
use std::fmt::Write;

const WIDTH: f64 = 760.0;
const LEFT: f64 = 24.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 34.0;
const ROW: f64 = 20.0;
/// Most members drawn; the rest are counted.
pub const MAX_ROWS: usize = 60;

/// Tick steps to choose from, in seconds, smallest first.
const STEPS: [i64; 7] = [
    3_600,
    6 * 3_600,
    86_400,
    7 * 86_400,
    30 * 86_400,
    365 * 86_400,
    3650 * 86_400,
];

/// The timeline of `members` (earliest first) as an `<svg>` element plus a note on undated
/// or omitted members; empty when no member is dated.
pub fn render(members: &[ArticleSummary]) -> String {
    let dated: Vec<(&ArticleSummary, i64, Option<i64>)> = members
        .iter()
        .filter_map(|m| {
            let main = m.published.as_ref().or(m.first_seen.as_ref())?;
            let seen = m
                .first_seen
                .as_ref()
                .filter(|_| m.published.is_some())
                .map(|d| d.value.timestamp());
            Some((m, main.value.timestamp(), seen))
        })
        .take(MAX_ROWS)
        .collect();
    let undated: Vec<&ArticleSummary> = members
        .iter()
        .filter(|m| m.published.is_none() && m.first_seen.is_none())
        .collect();
    let mut out = String::new();
    if dated.is_empty() {
        if !members.is_empty() {
            out.push_str(r#"<p class="note">No member of this story is dated.</p>"#);
        }
        return out;
    }
    let times = dated
        .iter()
        .flat_map(|(_, t, s)| std::iter::once(*t).chain(*s));
    let (mut lo, mut hi) = times.fold((i64::MAX, i64::MIN), |(lo, hi), t| (lo.min(t), hi.max(t)));
    if hi - lo < 3_600 {
        lo -= 1_800;
        hi += 1_800;
    }
    let span = (hi - lo) as f64;
    let x = |t: i64| LEFT + (WIDTH - LEFT - RIGHT) * ((t - lo) as f64 / span);
    let height = TOP + ROW * dated.len() as f64 + 6.0;
    let _ = write!(
        out,
        r#"<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0}" viewBox="0 0 {WIDTH} {height:.0}" role="img" aria-label="coverage timeline">"#
    );
    // Axis with ticks at round steps (UTC).
    let step = STEPS
        .iter()
        .copied()
        .find(|s| (hi - lo) / s <= 8)
        .unwrap_or(STEPS[STEPS.len() - 1]);
    let _ = write!(
        out,
        r#"<line class="axis" x1="{LEFT}" y1="{y:.1}" x2="{x2:.1}" y2="{y:.1}"/>"#,
        y = TOP - 10.0,
        x2 = WIDTH - RIGHT
    );
    let mut t = lo.div_euclid(step) * step;
    if t < lo {
        t += step;
    }
    while t <= hi {
        let label = chrono::DateTime::from_timestamp(t, 0)
            .map(|d| {
                if step < 86_400 {
                    d.format("%m-%d %H:%M").to_string()
                } else {
                    d.format("%Y-%m-%d").to_string()
                }
            })
            .unwrap_or_default();
        let _ = write!(
            out,
            r#"<line class="tick" x1="{px:.1}" y1="{a:.1}" x2="{px:.1}" y2="{height:.0}"/><text class="tick-label" x="{px:.1}" y="{ly:.1}" text-anchor="{anchor}">{label}</text>"#,
            px = x(t),
            // Labels at the ends stay inside the canvas.
            anchor = if x(t) < 50.0 {
                "start"
            } else if x(t) > WIDTH - 50.0 {
                "end"
            } else {
                "middle"
            },
            a = TOP - 14.0,
            ly = TOP - 18.0,
        );
        t += step;
    }
    for (row, (m, t, seen)) in dated.iter().enumerate() {
        let y = TOP + ROW * row as f64 + ROW / 2.0;
        let px = x(*t);
        let name = article_name(m.outlet.as_deref(), m.byline.as_deref(), m.id.as_str());
        let when = m
            .published
            .as_ref()
            .or(m.first_seen.as_ref())
            .map(short_date)
            .unwrap_or_default();
        let mut title = format!(
            "{name} — {}\n{when}",
            m.title.as_deref().unwrap_or("(no title)")
        );
        // The label starts past whichever marker lies on its side.
        let mut reach = (px, px);
        if let Some(s) = seen
            && s != t
        {
            let sx = x(*s);
            reach = (px.min(sx), px.max(sx));
            let _ = write!(
                out,
                r#"<line class="gap" x1="{px:.1}" y1="{y:.1}" x2="{sx:.1}" y2="{y:.1}"/><circle class="seen" cx="{sx:.1}" cy="{y:.1}" r="4"/>"#
            );
            if let Some(d) = &m.first_seen {
                let _ = write!(title, "\nfirst seen {}", short_date(d));
            }
        }
        // The label goes past the markers on a side with room for it, else beside the
        // publication dot over the line (the label has a halo).
        let label = format!("{name} · {when}");
        let est = label.chars().count() as f64 * 6.3;
        let (lx, anchor) = if WIDTH - RIGHT - reach.1 >= est {
            (reach.1 + 9.0, "start")
        } else if reach.0 - LEFT >= est {
            (reach.0 - 9.0, "end")
        } else if px + est < WIDTH {
            (px + 9.0, "start")
        } else {
            (px - 9.0, "end")
        };
        let _ = write!(
            out,
            r##"<a href="#article-{id}"><title>{title}</title><circle class="pub" cx="{px:.1}" cy="{y:.1}" r="5"/><text class="row-label" x="{lx:.1}" y="{ty:.1}" text-anchor="{anchor}">{label}</text></a>"##,
            id = Esc(m.id.as_str()),
            title = Esc(&title),
            ty = y + 4.0,
            label = Esc(&label),
        );
    }
    out.push_str("</svg>");
    let omitted = members.len() - dated.len() - undated.len();
    if !undated.is_empty() {
        let names: Vec<String> = undated
            .iter()
            .map(|m| {
                Esc(&article_name(
                    m.outlet.as_deref(),
                    m.byline.as_deref(),
                    m.id.as_str(),
                ))
                .to_string()
            })
            .collect();
        let _ = write!(out, r#"<p class="note">Undated: {}.</p>"#, names.join(", "));
    }
    if omitted > 0 {
        let _ = write!(
            out,
            r#"<p class="note">{omitted} more dated member(s) not drawn.</p>"#
        );
    }
    out.push_str(r#"<p class="note">● published (else first seen) · ○ first seen by a crawler or archive</p>"#);
    out
}
