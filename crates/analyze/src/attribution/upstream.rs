//! Upstream sources: the outlets at the ends of the attribution chains.

use newstrace_model::{Attribution, AttributionForm, SourceKind, UpstreamSource};

/// Builds the upstream list: each distinct end-of-chain outlet once, with the outlets it is
/// relayed through, nearest the article first. Only chain ends are listed, so an outlet seen
/// only as the relay of another outlet is not listed on its own, while one that relays
/// non-outlet sources ("official statements via TASS") ends the outlet chain and is. Outlets the whole article
/// came through (datelines, credit lines, source tags) are added as the relay of body
/// sources that name none. People are quoted, not relayed: they are not upstream.
pub(crate) fn build(atts: &[Attribution]) -> Vec<UpstreamSource> {
    let atts = resolve(atts);
    let atts = atts.as_slice();
    let key = |s: &str| outlet_key(s);
    let mut out: Vec<UpstreamSource> = Vec::new();
    let wire_form = |f: AttributionForm| {
        matches!(
            f,
            AttributionForm::Dateline | AttributionForm::Credit | AttributionForm::SourceTag
        )
    };
    // Outlets the article as a whole came through.
    let mut article_relays: Vec<String> = Vec::new();
    for a in atts.iter().filter(|a| wire_form(a.form)) {
        let relay = match &a.reporter {
            Some(r) if r.kind == SourceKind::Outlet => Some(&r.name),
            _ if a.cited.kind == SourceKind::Outlet && a.form != AttributionForm::Credit => {
                Some(&a.cited.name)
            }
            _ => None,
        };
        if let Some(r) = relay
            && !article_relays.iter().any(|x| key(x) == key(r))
        {
            article_relays.push(r.clone());
        }
    }
    for a in atts {
        let reporter_outlet = a.reporter.as_ref().filter(|r| r.kind == SourceKind::Outlet);
        let (end, mut via) = if a.cited.kind == SourceKind::Outlet {
            (
                &a.cited,
                reporter_outlet
                    .map(|r| vec![r.name.clone()])
                    .unwrap_or_default(),
            )
        } else if let Some(r) = reporter_outlet {
            (r, Vec::new())
        } else {
            continue;
        };
        if via.is_empty() && !wire_form(a.form) {
            via = article_relays
                .iter()
                .filter(|r| key(r) != key(&end.name))
                .cloned()
                .collect();
        }
        let evidence: Vec<_> = a.spans.clone();
        match out.iter_mut().find(|u| key(&u.name) == key(&end.name)) {
            Some(u) => {
                for v in via {
                    if !u.via.iter().any(|x| key(x) == key(&v)) {
                        u.via.push(v);
                    }
                }
                u.evidence.extend(evidence);
                u.country = u.country.take().or_else(|| end.country.clone());
            }
            None => out.push(UpstreamSource {
                name: end.name.clone(),
                kind: SourceKind::Outlet,
                country: end.country.clone(),
                via,
                evidence,
            }),
        }
    }
    fold_relays(out)
}

/// How far (in bytes) a "citing Y" may follow the outlet that does the citing.
const CHAIN_REACH: usize = 160;

/// Words that describe an outlet rather than name it ("the Baltic Morning newspaper").
const DESCRIPTORS: [&str; 9] = [
    "newspaper",
    "news agency",
    "agency",
    "wire service",
    "broadcaster",
    "website",
    "outlet",
    "daily newspaper",
    "news outlet",
];

/// A comparison key for outlet names: lowercase, without a leading "the" or a trailing
/// descriptor, so "the Baltic Morning newspaper" and "Baltic Morning" are one outlet, and
/// "Meridian Press Agency" and "Meridian Press" too. Empty for a bare anaphor ("the agency").
fn outlet_key(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    let mut k = lower
        .strip_prefix("the ")
        .unwrap_or(&lower)
        .trim()
        .to_string();
    for d in DESCRIPTORS {
        if k == d {
            return String::new();
        }
        if let Some(rest) = k.strip_suffix(d)
            && rest.ends_with(' ')
        {
            k = rest.trim().to_string();
            break;
        }
    }
    k.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Resolves what the upstream list should not take literally: a bare "the agency" names the
/// outlet named last before it; and a "citing Y" with no reporter of its own is relayed by
/// the outlet whose attribution it follows in the same clause ("the Baltic Morning newspaper
/// reported on Monday, citing Meridian" → Meridian via Baltic Morning).
fn resolve(atts: &[Attribution]) -> Vec<Attribution> {
    let start = |a: &Attribution| a.cited.span.map_or(usize::MAX, |s| s.start);
    let mut out: Vec<Attribution> = atts.to_vec();
    let mut last_named: Option<newstrace_model::SourceRef> = None;
    let mut order: Vec<usize> = (0..out.len()).collect();
    order.sort_by_key(|&i| start(&out[i]));
    for &i in &order {
        let a = &mut out[i];
        if a.cited.kind == SourceKind::Outlet {
            if outlet_key(&a.cited.name).is_empty() {
                if let Some(named) = &last_named {
                    a.cited.name = named.name.clone();
                    a.cited.country = a.cited.country.take().or_else(|| named.country.clone());
                }
            } else {
                last_named = Some(a.cited.clone());
            }
        }
    }
    // Outlet attributions by where their cue ends: each "citing" looks only at the window
    // before it, so the cost stays linear in the number of attributions.
    let mut by_cue_end: Vec<(usize, usize)> = out
        .iter()
        .enumerate()
        .filter(|(_, b)| b.cited.kind == SourceKind::Outlet && b.reporter.is_none())
        .filter_map(|(j, b)| b.cue_span.map(|c| (c.end, j)))
        .collect();
    by_cue_end.sort_unstable();
    for &i in &order {
        let relays = matches!(out[i].cue.as_deref(), Some("citing" | "quoting"));
        let Some(cue) = out[i].cue_span else { continue };
        if !relays || out[i].reporter.is_some() || out[i].cited.kind != SourceKind::Outlet {
            continue;
        }
        let from = by_cue_end.partition_point(|&(end, _)| end + CHAIN_REACH < cue.start);
        let to = by_cue_end.partition_point(|&(end, _)| end <= cue.start);
        let own = outlet_key(&out[i].cited.name);
        let by = by_cue_end[from..to]
            .iter()
            .rev()
            .map(|&(_, j)| &out[j])
            .find(|b| outlet_key(&b.cited.name) != own)
            .map(|b| b.cited.clone());
        if let Some(reporter) = by {
            out[i].reporter = Some(reporter);
        }
    }
    out
}

/// An outlet that relays another is listed in that chain, not again on its own: its entry is
/// folded into the chain that names it in `via`, evidence and all.
fn fold_relays(mut out: Vec<UpstreamSource>) -> Vec<UpstreamSource> {
    let mut i = 0;
    while i < out.len() {
        let k = outlet_key(&out[i].name);
        let host =
            (0..out.len()).find(|&j| j != i && out[j].via.iter().any(|v| outlet_key(v) == k));
        match host {
            Some(j) => {
                let folded = out.remove(i);
                let j = if j > i { j - 1 } else { j };
                out[j].evidence.extend(folded.evidence);
            }
            None => i += 1,
        }
    }
    for u in &mut out {
        u.evidence.sort();
        u.evidence.dedup();
    }
    out
}
