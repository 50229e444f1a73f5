//! The provenance graph of a story as inline SVG.
//!
//! Layered top-down: the story's roots (members that derive from no other member) and the
//! outside sources its articles name sit in the top row; every other member sits one row
//! below the member it derives from in the provenance tree, and extra sightings of an
//! article's text (exact copies) one row below that article. Within a row, nodes follow
//! their parents' order, so tree edges rarely cross; x positions are evenly spaced.
//! Tree edges are straight; relations outside the tree (siblings, same-story, derivations
//! that lost to a stronger one) are drawn fainter and curved. Every edge carries its
//! evidence twice: a one-line SVG `<title>` shown on hover, and a full panel (kind, score,
//! reason, coverage, shared entities and numbers, the first aligned sentence pairs) kept in
//! a hidden element that the report's script shows when the edge is clicked.

use crate::data::{ArticleData, StoryData};
use crate::escape::Esc;
use newstrace_model::{ArticleId, Dated, Relation, RelationKind, Sighting, Span, When};
use newstrace_views::names::{serde_name, truncate, upstream_line};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// Most article nodes drawn in one graph; bigger stories are cut (earliest members kept)
/// and the graph says so.
pub const DEFAULT_MAX_NODES: usize = 60;
/// Most extra sightings drawn under one article.
const MAX_COPIES_PER_ARTICLE: usize = 4;
/// Most aligned sentence pairs quoted in an edge's evidence panel.
const ALIGNED_QUOTED: usize = 3;
/// Longest quoted sentence, in characters.
const QUOTE_CHARS: usize = 280;

const NODE_W: f64 = 168.0;
const NODE_H: f64 = 42.0;
const GAP_X: f64 = 22.0;
const GAP_Y: f64 = 64.0;
const MARGIN: f64 = 16.0;
const MIN_WIDTH: f64 = 640.0;

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NodeKind {
    /// A member article of the story.
    Article,
    /// Another sighting of a member's text (same text at another URL or outlet).
    Copy,
    /// An outside source the members name (an agency, "AFP via TASS"), not in the corpus.
    External,
}

impl NodeKind {
    /// The node's CSS class.
    pub fn class(self) -> &'static str {
        match self {
            NodeKind::Article => "node-article",
            NodeKind::Copy => "node-copy",
            NodeKind::External => "node-external",
        }
    }
}

/// One node, placed.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What it stands for.
    pub kind: NodeKind,
    /// The article id (articles and copies) or the source's name (external).
    pub key: String,
    /// First label line: the outlet (or byline, or source name).
    pub label: String,
    /// Second label line: the short date, or what an external node is.
    pub sublabel: String,
    /// Hover text.
    pub title: String,
    /// Row, 0 at the top.
    pub layer: usize,
    /// Centre.
    pub x: f64,
    /// Centre.
    pub y: f64,
}

/// One edge between two placed nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Index of the source node.
    pub from: usize,
    /// Index of the derived (or citing) node.
    pub to: usize,
    /// `exact-copy`, `syndicated`, `rewrite`, `relay`, `sibling`, `same-story` or `cites`.
    pub kind: String,
    /// Whether it is an edge of the provenance tree (drawn strong) or another relation.
    pub tree: bool,
    /// Whether the direction is a judgement (drawn with an arrowhead).
    pub directed: bool,
    /// Hover text.
    pub title: String,
    /// The evidence panel, as HTML.
    pub evidence: String,
}

/// A story's graph, laid out.
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    /// Nodes, in drawing order.
    pub nodes: Vec<Node>,
    /// Edges, in drawing order.
    pub edges: Vec<Edge>,
    /// Members not drawn because of the node cap.
    pub omitted: usize,
    /// Canvas width.
    pub width: f64,
    /// Canvas height.
    pub height: f64,
}

/// The edge kinds in legend order, with a word for each.
pub const EDGE_KINDS: [(&str, &str); 7] = [
    ("exact-copy", "exact copy (same text elsewhere)"),
    ("syndicated", "syndicated (near-verbatim)"),
    ("relay", "relay (carries it and cites the source)"),
    ("rewrite", "rewrite (paraphrase)"),
    ("sibling", "sibling (two derivations of one upstream)"),
    ("same-story", "same story (independent reports)"),
    ("cites", "names an outside source"),
];

/// `2026-03-03 07:40` (in the date's own offset) or `2026-03-03`.
pub fn short_date(d: &Dated) -> String {
    match &d.value {
        When::Day(day) => day.format("%Y-%m-%d").to_string(),
        When::Instant(t) => t.format("%Y-%m-%d %H:%M").to_string(),
    }
}

fn short_id(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

/// The name a person reads for an article: its outlet, else its byline, else its id.
pub fn article_name(outlet: Option<&str>, byline: Option<&str>, id: &str) -> String {
    outlet
        .filter(|s| !s.trim().is_empty())
        .or(byline.filter(|s| !s.trim().is_empty()).map(|b| b.trim()))
        .map(str::to_string)
        .unwrap_or_else(|| short_id(id).to_string())
}

/// An article naming an outside source: the chain as people read it, and the phrases.
struct Citation<'a> {
    by: &'a ArticleId,
    line: String,
    evidence: Vec<Span>,
}

/// Lays out the graph of `data`, drawing at most `max_nodes` member articles.
pub fn layout(data: &StoryData, max_nodes: usize) -> Graph {
    let detail = &data.detail;
    let drawn: Vec<_> = detail.members.iter().take(max_nodes.max(1)).collect();
    let omitted = detail.members.len() - drawn.len();
    let member_index: BTreeMap<&ArticleId, usize> =
        drawn.iter().enumerate().map(|(i, m)| (&m.id, i)).collect();

    // Provenance tree restricted to drawn members: derived -> source.
    let tree: Vec<&Relation> = detail.tree();
    let parent: BTreeMap<&ArticleId, &ArticleId> = tree
        .iter()
        .filter(|r| member_index.contains_key(&r.source) && member_index.contains_key(&r.derived))
        .map(|r| (&r.derived, &r.source))
        .collect();
    let depth = |id: &ArticleId| -> usize {
        let mut d = 0;
        let mut cur = id;
        // A cycle cannot come from `parents`, but stored data is not trusted: stop after
        // as many steps as there are nodes.
        while let Some(p) = parent.get(cur) {
            d += 1;
            cur = p;
            if d > member_index.len() {
                return 0;
            }
        }
        d
    };

    let mut nodes: Vec<Node> = Vec::new();
    // Parent node index, for ordering rows.
    let mut node_parent: Vec<Option<usize>> = Vec::new();

    // Outside sources first: the top row, left.
    let mut external: BTreeMap<String, Vec<Citation>> = BTreeMap::new();
    for m in &drawn {
        if let Some(a) = data.articles.get(&m.id).and_then(|a| a.analysis.as_ref()) {
            for u in &a.upstream {
                external.entry(u.name.clone()).or_default().push(Citation {
                    by: &m.id,
                    line: upstream_line(u),
                    evidence: u.evidence.clone(),
                });
            }
        }
    }
    for (name, citing) in &external {
        let in_corpus = drawn.iter().find(|m| {
            m.outlet
                .as_deref()
                .is_some_and(|o| o.eq_ignore_ascii_case(name))
        });
        let mut title = format!(
            "outside source: {name}\nnamed by {} article(s)",
            citing.len()
        );
        let sublabel = match in_corpus {
            Some(m) => {
                let _ = write!(
                    title,
                    "\nan article of this outlet is in the story: {}",
                    short_id(m.id.as_str())
                );
                "named source · in story".to_string()
            }
            None => "named source".to_string(),
        };
        nodes.push(Node {
            kind: NodeKind::External,
            key: name.clone(),
            label: truncate(name, 21),
            sublabel,
            title,
            layer: 0,
            x: 0.0,
            y: 0.0,
        });
        node_parent.push(None);
    }

    // Member articles.
    let mut article_node: BTreeMap<&ArticleId, usize> = BTreeMap::new();
    for m in &drawn {
        let name = article_name(m.outlet.as_deref(), m.byline.as_deref(), m.id.as_str());
        let when = m.published.as_ref().or(m.first_seen.as_ref());
        let mut title = format!(
            "{}\n{}\n{}",
            name,
            m.title.as_deref().unwrap_or("(no title)"),
            m.id
        );
        if let Some(d) = &m.published {
            let _ = write!(title, "\npublished {}", d.value);
        }
        if let Some(d) = &m.first_seen {
            let _ = write!(title, "\nfirst seen {}", d.value);
        }
        if m.sightings > 1 {
            let _ = write!(title, "\nseen in {} places", m.sightings);
        }
        article_node.insert(&m.id, nodes.len());
        nodes.push(Node {
            kind: NodeKind::Article,
            key: m.id.to_string(),
            label: truncate(&name, 21),
            sublabel: when.map(short_date).unwrap_or_else(|| "undated".into()),
            title,
            layer: depth(&m.id),
            x: 0.0,
            y: 0.0,
        });
        node_parent.push(None);
    }
    for m in &drawn {
        if let (Some(&p), Some(&me)) = (
            parent.get(&m.id).and_then(|p| article_node.get(p)),
            article_node.get(&m.id),
        ) {
            node_parent[me] = Some(p);
        }
    }

    // Extra sightings, under their article.
    let mut copies: Vec<(usize, usize, &Sighting, &ArticleData)> = Vec::new();
    for m in &drawn {
        let (Some(a), Some(&at)) = (data.articles.get(&m.id), article_node.get(&m.id)) else {
            continue;
        };
        let rep = &a.stored.article;
        let others = a
            .sightings
            .iter()
            .filter(|s| s.url != rep.url || s.outlet != rep.outlet)
            .take(MAX_COPIES_PER_ARTICLE);
        for s in others {
            let name = s
                .outlet
                .clone()
                .or_else(|| s.url.as_deref().and_then(host).map(str::to_string))
                .unwrap_or_else(|| "another copy".into());
            let mut title = format!("{name}: the same text as {}", short_id(rep.id.as_str()));
            if let Some(u) = &s.url {
                let _ = write!(title, "\n{u}");
            }
            if let Some(d) = &s.first_seen {
                let _ = write!(title, "\nfirst seen {}", d.value);
            }
            let idx = nodes.len();
            nodes.push(Node {
                kind: NodeKind::Copy,
                key: format!("{}#{}", rep.id, s.id),
                label: truncate(&name, 21),
                sublabel: s
                    .published
                    .as_ref()
                    .or(s.first_seen.as_ref())
                    .map(short_date)
                    .unwrap_or_else(|| "copy".into()),
                title,
                layer: nodes[at].layer + 1,
                x: 0.0,
                y: 0.0,
            });
            node_parent.push(Some(at));
            copies.push((at, idx, s, a));
        }
    }

    // Rows: order each by its parents' positions in the row above.
    let layers = nodes.iter().map(|n| n.layer).max().map_or(0, |l| l + 1);
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); layers];
    for (i, n) in nodes.iter().enumerate() {
        rows[n.layer].push(i);
    }
    let mut pos: Vec<usize> = vec![0; nodes.len()];
    for row in rows.iter_mut() {
        row.sort_by_key(|&i| {
            (
                node_parent[i].map_or(0, |p| pos[p]),
                nodes[i].kind != NodeKind::External,
                nodes[i].kind,
                i,
            )
        });
        for (k, &i) in row.iter().enumerate() {
            pos[i] = k;
        }
    }
    let widest = rows.iter().map(Vec::len).max().unwrap_or(1).max(1) as f64;
    let width = (widest * (NODE_W + GAP_X) + 2.0 * MARGIN).max(MIN_WIDTH);
    let height = 2.0 * MARGIN + layers as f64 * (NODE_H + GAP_Y) - GAP_Y;
    for (l, row) in rows.iter().enumerate() {
        let n = row.len() as f64;
        for (k, &i) in row.iter().enumerate() {
            nodes[i].x = MARGIN + (width - 2.0 * MARGIN) * (k as f64 + 0.5) / n;
            nodes[i].y = MARGIN + NODE_H / 2.0 + l as f64 * (NODE_H + GAP_Y);
        }
    }

    // Edges: relations between drawn members, then copies, then citations.
    let tree_pairs: BTreeSet<(&ArticleId, &ArticleId)> =
        tree.iter().map(|r| (&r.source, &r.derived)).collect();
    let mut edges = Vec::new();
    for r in &detail.relations {
        let (Some(&from), Some(&to)) = (article_node.get(&r.source), article_node.get(&r.derived))
        else {
            continue;
        };
        let kind = serde_name(&r.kind);
        let title = format!(
            "{} → {}: {kind} ({:.2})\n{}",
            nodes[from].label, nodes[to].label, r.score, r.reason
        );
        edges.push(Edge {
            from,
            to,
            evidence: relation_evidence(r, &nodes[from], &nodes[to], data),
            kind,
            tree: tree_pairs.contains(&(&r.source, &r.derived)),
            directed: r.directed
                && !matches!(r.kind, RelationKind::Sibling | RelationKind::SameStory),
            title,
        });
    }
    for (from, to, s, a) in copies {
        let title = format!(
            "{} → {}: exact copy (the same text)",
            nodes[from].label, nodes[to].label
        );
        edges.push(Edge {
            from,
            to,
            kind: "exact-copy".into(),
            tree: true,
            directed: true,
            evidence: copy_evidence(s, a),
            title,
        });
    }
    let ext_node: BTreeMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.kind == NodeKind::External)
        .map(|(i, n)| (n.key.as_str(), i))
        .collect();
    let mut cites = Vec::new();
    for (name, citing) in &external {
        let Some(&from) = ext_node.get(name.as_str()) else {
            continue;
        };
        for Citation { by, line, evidence } in citing {
            let Some(&to) = article_node.get(by) else {
                continue;
            };
            let text = data
                .articles
                .get(*by)
                .map_or("", |a| a.stored.article.text.as_str());
            cites.push(Edge {
                from,
                to,
                kind: "cites".into(),
                tree: true,
                directed: true,
                title: format!("{} names {line}", nodes[to].label),
                evidence: cite_evidence(line, &nodes[to], evidence, text),
            });
        }
    }
    edges.extend(cites);

    Graph {
        nodes,
        edges,
        omitted,
        width,
        height: height.max(NODE_H + 2.0 * MARGIN),
    }
}

/// The host of an http(s) URL.
fn host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    rest.split(['/', '?', '#']).next().filter(|h| !h.is_empty())
}

fn quote(span: &Span, text: &str) -> String {
    truncate(
        span.of(text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .as_str(),
        QUOTE_CHARS,
    )
}

fn pct(x: f32) -> String {
    if x.is_finite() {
        format!("{:.0} %", (x * 100.0).clamp(0.0, 100.0))
    } else {
        "–".into()
    }
}

fn node_link(n: &Node) -> String {
    match n.kind {
        NodeKind::Article => format!(
            r##"<a href="#article-{}">{}</a> <code>{}</code>"##,
            Esc(&n.key),
            Esc(&n.label),
            Esc(short_id(&n.key))
        ),
        _ => format!("{}", Esc(&n.label)),
    }
}

fn relation_evidence(r: &Relation, from: &Node, to: &Node, data: &StoryData) -> String {
    let ev = &r.evidence;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<h4><span class="kind k-{k}">{k}</span> score {s:.2}{d}</h4><p class="ev-pair">{a} → {b}</p><p class="reason">{reason}</p>"#,
        k = Esc(&serde_name(&r.kind)),
        s = r.score,
        d = if r.directed {
            ""
        } else {
            " · direction not judged"
        },
        a = node_link(from),
        b = node_link(to),
        reason = Esc(&r.reason),
    );
    out.push_str("<dl>");
    let _ = write!(
        out,
        "<dt>coverage</dt><dd>{} of the source, {} of the derived text; shingle Jaccard {:.2}</dd>",
        pct(ev.coverage_a),
        pct(ev.coverage_b),
        ev.jaccard
    );
    let list = |items: &[String]| {
        if items.is_empty() {
            "none".to_string()
        } else {
            items
                .iter()
                .map(|s| Esc(s).to_string())
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let _ = write!(
        out,
        "<dt>shared entities</dt><dd>{}</dd><dt>shared numbers</dt><dd>{}</dd>",
        list(&ev.shared_entities),
        list(&ev.shared_numbers)
    );
    let _ = write!(
        out,
        "<dt>aligned sentences</dt><dd>{} pair(s); {} sentence(s) only in the source, {} only in the derived text</dd></dl>",
        ev.aligned.len(),
        ev.only_in_a.len(),
        ev.only_in_b.len()
    );
    let text_a = data
        .articles
        .get(&r.source)
        .map(|a| a.stored.article.text.as_str());
    let text_b = data
        .articles
        .get(&r.derived)
        .map(|a| a.stored.article.text.as_str());
    if let (Some(ta), Some(tb)) = (text_a, text_b)
        && !ev.aligned.is_empty()
    {
        out.push_str(r#"<ol class="aligned">"#);
        for pair in ev.aligned.iter().take(ALIGNED_QUOTED) {
            let _ = write!(
                out,
                r#"<li><span class="sim">{:.2}</span><blockquote class="side-a">{}</blockquote><blockquote class="side-b">{}</blockquote></li>"#,
                pair.score,
                Esc(&quote(&pair.a, ta)),
                Esc(&quote(&pair.b, tb))
            );
        }
        out.push_str("</ol>");
    }
    out
}

fn copy_evidence(s: &Sighting, a: &ArticleData) -> String {
    let rep = &a.stored.article;
    let mut out = format!(
        r##"<h4><span class="kind k-exact-copy">exact-copy</span></h4><p class="ev-pair">the text of <a href="#article-{}">{}</a> seen again</p><dl>"##,
        Esc(rep.id.as_str()),
        Esc(short_id(rep.id.as_str()))
    );
    let row = |out: &mut String, k: &str, v: Option<&str>| {
        if let Some(v) = v {
            let _ = write!(out, "<dt>{k}</dt><dd>{}</dd>", Esc(v));
        }
    };
    row(&mut out, "outlet", s.outlet.as_deref());
    row(&mut out, "url", s.url.as_deref());
    row(&mut out, "title", s.title.as_deref());
    row(
        &mut out,
        "published",
        s.published.as_ref().map(|d| d.value.to_string()).as_deref(),
    );
    row(
        &mut out,
        "first seen",
        s.first_seen
            .as_ref()
            .map(|d| d.value.to_string())
            .as_deref(),
    );
    row(&mut out, "read from", Some(&origin_line(&s.origin)));
    out.push_str("</dl>");
    out
}

/// `path#record` of a record origin.
pub fn origin_line(o: &newstrace_model::RecordOrigin) -> String {
    match o.record {
        Some(r) => format!("{} (record {r})", o.path),
        None => o.path.clone(),
    }
}

fn cite_evidence(line: &str, to: &Node, spans: &[Span], text: &str) -> String {
    let mut out = format!(
        r#"<h4><span class="kind k-cites">cites</span></h4><p class="ev-pair">{} names <strong>{}</strong> as its source</p>"#,
        node_link(to),
        Esc(line)
    );
    let quoted: Vec<String> = spans
        .iter()
        .map(|s| quote(s, text))
        .filter(|q| !q.is_empty())
        .take(ALIGNED_QUOTED)
        .collect();
    if !quoted.is_empty() {
        out.push_str(r#"<ol class="aligned">"#);
        for q in quoted {
            let _ = write!(out, "<li><blockquote>{}</blockquote></li>", Esc(&q));
        }
        out.push_str("</ol>");
    }
    out
}

/// The SVG path of an edge: straight for tree edges between rows, curved otherwise.
fn edge_path(a: &Node, b: &Node, tree: bool) -> String {
    let half = NODE_H / 2.0;
    if a.layer == b.layer {
        // Same row: an arc over the top.
        let (x1, x2, y) = (a.x, b.x, a.y - half);
        let lift = 28.0 + (x2 - x1).abs() * 0.08;
        return format!(
            "M{x1:.1},{y:.1} Q{:.1},{:.1} {x2:.1},{y:.1}",
            (x1 + x2) / 2.0,
            y - lift
        );
    }
    let (y1, y2) = if a.layer < b.layer {
        (a.y + half, b.y - half)
    } else {
        (a.y - half, b.y + half)
    };
    if tree {
        format!("M{:.1},{y1:.1} L{:.1},{y2:.1}", a.x, b.x)
    } else {
        // Bend sideways so it does not hide under a tree edge between the same rows.
        let bend = if b.x >= a.x { 36.0 } else { -36.0 };
        format!(
            "M{:.1},{y1:.1} Q{:.1},{:.1} {:.1},{y2:.1}",
            a.x,
            (a.x + b.x) / 2.0 + bend,
            (y1 + y2) / 2.0,
            b.x
        )
    }
}

/// The graph as an `<svg>` element, and the hidden evidence panels its edges refer to
/// (ids `ev-{story}-{n}`); `story` keeps ids unique when several graphs share a page.
pub fn render_svg(g: &Graph, story: i64) -> (String, String) {
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="graph" xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" role="img" aria-label="provenance graph of story {story}">"#,
        w = g.width,
        h = g.height
    );
    let kinds: BTreeSet<&str> = g.edges.iter().map(|e| e.kind.as_str()).collect();
    svg.push_str("<defs>");
    // Arrowheads in user units: a marker sized by the stroke would balloon on a highlighted
    // (thicker) edge.
    for k in &kinds {
        let _ = write!(
            svg,
            r#"<marker id="ah-{story}-{k}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path class="ah k-{k}" d="M0,0 L10,5 L0,10 z"/></marker>"#,
            k = Esc(k)
        );
    }
    svg.push_str("</defs>");
    let mut panels = String::new();
    // Faint edges first, so tree edges are drawn over them.
    let order: Vec<usize> = (0..g.edges.len())
        .filter(|&i| !g.edges[i].tree)
        .chain((0..g.edges.len()).filter(|&i| g.edges[i].tree))
        .collect();
    for i in order {
        let e = &g.edges[i];
        let (a, b) = (&g.nodes[e.from], &g.nodes[e.to]);
        let d = edge_path(a, b, e.tree);
        let ev_id = format!("ev-{story}-{i}");
        let marker = if e.directed {
            format!(r#" marker-end="url(#ah-{story}-{})""#, Esc(&e.kind))
        } else {
            String::new()
        };
        let _ = write!(
            svg,
            r#"<g class="edge k-{k} {t}" data-ev="{ev_id}" data-from="{f}" data-to="{to}" tabindex="0" role="button"><title>{title}</title><path class="hit" d="{d}"/><path class="line" d="{d}"{marker}/></g>"#,
            k = Esc(&e.kind),
            t = if e.tree { "tree" } else { "alt" },
            f = Esc(&a.key),
            to = Esc(&b.key),
            title = Esc(&e.title),
        );
        let _ = write!(
            panels,
            r#"<div class="evidence" id="{ev_id}">{}</div>"#,
            e.evidence
        );
    }
    for n in &g.nodes {
        let (x, y) = (n.x - NODE_W / 2.0, n.y - NODE_H / 2.0);
        let body = format!(
            r#"<title>{title}</title><rect x="{x:.1}" y="{y:.1}" width="{NODE_W}" height="{NODE_H}" rx="7"/><text class="l1" x="{cx:.1}" y="{y1:.1}">{l1}</text><text class="l2" x="{cx:.1}" y="{y2:.1}">{l2}</text>"#,
            title = Esc(&n.title),
            cx = n.x,
            y1 = n.y - 3.0,
            y2 = n.y + 13.0,
            l1 = Esc(&n.label),
            l2 = Esc(&n.sublabel),
        );
        match n.kind {
            NodeKind::Article => {
                let _ = write!(
                    svg,
                    r##"<g class="node {c}" data-id="{id}"><a href="#article-{id}">{body}</a></g>"##,
                    c = n.kind.class(),
                    id = Esc(&n.key)
                );
            }
            _ => {
                let _ = write!(
                    svg,
                    r#"<g class="node {c}" data-id="{id}">{body}</g>"#,
                    c = n.kind.class(),
                    id = Esc(&n.key)
                );
            }
        }
    }
    svg.push_str("</svg>");
    (svg, panels)
}

/// The legend of edge and node styles, as HTML.
pub fn legend() -> String {
    let mut out = String::from(r#"<ul class="legend graph-legend">"#);
    for (k, words) in EDGE_KINDS {
        let _ = write!(
            out,
            r#"<li><svg width="34" height="10" aria-hidden="true"><g class="edge k-{k} tree"><path class="line" d="M1,5 L33,5"/></g></svg>{words}</li>"#
        );
    }
    out.push_str(
        r#"<li><svg width="34" height="10" aria-hidden="true"><g class="edge k-rewrite alt"><path class="line" d="M1,5 L33,5"/></g></svg>faint: a relation outside the provenance tree</li>"#,
    );
    for (class, words) in [
        ("node-article", "article in the store"),
        ("node-copy", "another sighting of the same text"),
        ("node-external", "outside source named by the articles"),
    ] {
        let _ = write!(
            out,
            r#"<li><svg width="22" height="14" aria-hidden="true"><g class="node {class}"><rect x="1" y="1" width="20" height="12" rx="3"/></g></svg>{words}</li>"#
        );
    }
    out.push_str("</ul>");
    out
}
