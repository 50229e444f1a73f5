//! Short names and lines for people: the words the JSON uses, outlets, cut text.

use serde::Serialize;

/// The name a unit enum serialises to (`relay`, `ai-byline`, `detected`): the same word the
/// JSON output uses, so text and JSON never disagree.
pub fn serde_name<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// An upstream source for a person: `AFP via TASS`, `the Belgian edition (Belgium) via TASS`.
pub fn upstream_line(u: &newstrace_model::UpstreamSource) -> String {
    let country = u
        .country
        .as_deref()
        .map(|c| format!(" ({c})"))
        .unwrap_or_default();
    let via = if u.via.is_empty() {
        String::new()
    } else {
        format!(" via {}", u.via.join(" ← "))
    };
    format!("{}{country}{via}", u.name)
}

/// `s` cut to at most `max` characters, with an ellipsis when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}
