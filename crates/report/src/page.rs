//! Pages and page fragments: the index of stories, a story section, an article section,
//! and the document shell around them.

use crate::data::{ArticleData, StoryData, load_article, load_story};
use crate::escape::{Esc, safe_href};
use crate::graph::{self, article_name, origin_line, short_date};
use crate::highlight::{self, highlight, marks};
use crate::{Error, Links, ReportOptions, Result, assets, timeline};
use newstrace_model::{Dated, EntityKind, Finding};
use newstrace_store::{ArticleSummary, Store, StoryRow};
use newstrace_views::names::{serde_name, upstream_line};
use newstrace_views::story::{members, resolve_story};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// Most rows of a story's entity table.
const MAX_ENTITY_ROWS: usize = 80;
/// Outlets named in an index row.
const INDEX_OUTLETS: usize = 3;

/// One row of the story index.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexEntry {
    /// Story id.
    pub id: i64,
    /// Title of its earliest article.
    pub title: Option<String>,
    /// Earliest date of its articles, short form.
    pub first: Option<String>,
    /// Number of articles.
    pub articles: usize,
    /// Its outlets (distinct, earliest first).
    pub outlets: Vec<String>,
    /// Whether the page has a section (or a page) for it to link to.
    pub linked: bool,
}

impl IndexEntry {
    /// The index row of a story whose members (earliest first) are `members`.
    pub fn new(id: i64, members: &[ArticleSummary]) -> Self {
        let first = members.first();
        let mut outlets: Vec<String> = Vec::new();
        for m in members {
            let name = article_name(m.outlet.as_deref(), m.byline.as_deref(), m.id.as_str());
            if !outlets.contains(&name) {
                outlets.push(name);
            }
        }
        Self {
            id,
            title: first.and_then(|m| m.title.clone()),
            first: first
                .and_then(|m| m.published.as_ref().or(m.first_seen.as_ref()))
                .map(short_date),
            articles: members.len(),
            outlets,
            linked: true,
        }
    }
}

/// The HTML document around `body`: the shared CSS and script inline, and a content
/// security policy that lets the page load nothing from anywhere.
pub fn document(title: &str, body: &str) -> String {
    format!(
        concat!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ",
            "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
            "<title>{title}</title>\n<style>{css}</style>\n</head>\n<body>\n{body}\n",
            "<script>{js}</script>\n</body>\n</html>\n"
        ),
        title = Esc(title),
        css = assets::CSS,
        body = body,
        js = assets::JS,
    )
}

/// The story index as an HTML fragment: a filterable table (the script pages it).
pub fn index(entries: &[IndexEntry], links: &Links) -> String {
    let mut out = String::from(
        r#"<section class="index" id="stories"><h2>Stories</h2><input type="search" class="filter" placeholder="Filter stories by title or outlet" aria-label="filter stories"><table class="stories"><thead><tr><th>story</th><th>title</th><th class="num">articles</th><th>first date</th><th>outlets</th></tr></thead><tbody>"#,
    );
    for e in entries {
        let title = Esc(e.title.as_deref().unwrap_or("(no title)")).to_string();
        let title = if e.linked {
            format!(r#"<a href="{}">{title}</a>"#, Esc(&links.story(e.id)))
        } else {
            title
        };
        let mut outlets: Vec<String> = e
            .outlets
            .iter()
            .take(INDEX_OUTLETS)
            .map(|o| Esc(o).to_string())
            .collect();
        if e.outlets.len() > INDEX_OUTLETS {
            outlets.push(format!("+{}", e.outlets.len() - INDEX_OUTLETS));
        }
        let _ = write!(
            out,
            r#"<tr class="{cls}"><td class="num">{id}</td><td>{title}</td><td class="num">{n}</td><td>{first}</td><td>{outlets}</td></tr>"#,
            cls = if e.articles > 1 { "multi" } else { "single" },
            id = e.id,
            n = e.articles,
            first = Esc(e.first.as_deref().unwrap_or("undated")),
            outlets = outlets.join(", "),
        );
    }
    out.push_str("</tbody></table></section>");
    out
}

fn date_line(label: &str, d: &Option<Dated>) -> Option<String> {
    d.as_ref().map(|d| {
        let detail = d
            .detail
            .as_deref()
            .map(|x| format!(": {x}"))
            .unwrap_or_default();
        format!(
            r#"<span title="{label} — from {src}{detail}">{label} {when}</span>"#,
            src = Esc(d.source.as_str()),
            detail = Esc(&detail),
            when = Esc(&short_date(d)),
        )
    })
}

/// One article as an HTML section (`id="article-<id>"`): metadata, sightings, the text with
/// its evidence marked, its outside sources, signals and findings. With `story_link` the
/// section is a page of its own and links to its story; without, it sits inside its story,
/// and where articles have pages of their own ([`Links::Paths`]) its heading links there.
pub fn article_section(a: &ArticleData, links: &Links, story_link: bool) -> String {
    let art = &a.stored.article;
    let id = art.id.as_str();
    let title = Esc(art.title.as_deref().unwrap_or("(no title)")).to_string();
    let heading = match links {
        Links::Paths { .. } if !story_link => {
            format!(r#"<a href="{}">{title}</a>"#, Esc(&links.article(id)))
        }
        _ => title,
    };
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<article class="article" id="article-{}"><h3>{heading}</h3>"#,
        Esc(id),
    );
    // Metadata line.
    let mut meta: Vec<String> = Vec::new();
    if let Some(o) = &art.outlet {
        meta.push(format!(r#"<strong>{}</strong>"#, Esc(o)));
    }
    if let Some(b) = &art.byline {
        meta.push(format!("by {}", Esc(b)));
    }
    meta.extend(date_line("published", &art.published));
    meta.extend(date_line("updated", &art.updated));
    meta.extend(date_line("first seen", &art.first_seen));
    if let Some(l) = &art.lang {
        meta.push(format!("lang {}", Esc(&l.code)));
    }
    meta.push(format!("<code>{}</code>", Esc(id)));
    if let Some(u) = art.url.as_deref() {
        match safe_href(u) {
            Some(href) => meta.push(format!(
                r#"<a class="ext" href="{}" rel="noopener noreferrer nofollow">original</a>"#,
                Esc(href)
            )),
            None => meta.push(format!(r#"<span class="url">{}</span>"#, Esc(u))),
        }
    }
    if story_link && let Some(s) = a.story {
        meta.push(format!(
            r#"<a href="{}">story {s}</a>"#,
            Esc(&links.story(s))
        ));
    }
    let _ = write!(out, r#"<p class="meta">{}</p>"#, meta.join(" · "));
    if let Some(d) = &art.description {
        let _ = write!(out, r#"<p class="standfirst">{}</p>"#, Esc(d));
    }
    // Sightings.
    if a.sightings.len() > 1 {
        let _ = write!(
            out,
            r#"<details class="sightings"><summary>Seen in {} places</summary><table><thead><tr><th>outlet</th><th>url</th><th>published</th><th>first seen</th><th>read from</th></tr></thead><tbody>"#,
            a.sightings.len()
        );
        for s in &a.sightings {
            let url = match s.url.as_deref() {
                Some(u) => match safe_href(u) {
                    Some(h) => format!(
                        r#"<a class="ext" href="{}" rel="noopener noreferrer nofollow">{}</a>"#,
                        Esc(h),
                        Esc(u)
                    ),
                    None => Esc(u).to_string(),
                },
                None => String::new(),
            };
            let day = |d: &Option<Dated>| d.as_ref().map(short_date).unwrap_or_default();
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{url}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                Esc(s.outlet.as_deref().unwrap_or("")),
                Esc(&day(&s.published)),
                Esc(&day(&s.first_seen)),
                Esc(&origin_line(&s.origin))
            );
        }
        out.push_str("</tbody></table></details>");
    }
    // Text.
    let text_marks = marks(a.analysis.as_ref(), &a.findings);
    let _ = write!(
        out,
        r#"<div class="text">{}</div>"#,
        highlight(&art.text, &text_marks)
    );
    // Lists.
    if let Some(an) = &a.analysis {
        if !an.upstream.is_empty() {
            let items: Vec<String> = an
                .upstream
                .iter()
                .map(|u| format!("<li>{}</li>", Esc(&upstream_line(u))))
                .collect();
            let _ = write!(
                out,
                r#"<div class="facts"><h4>Outside sources</h4><ul>{}</ul></div>"#,
                items.concat()
            );
        }
        if !an.signals.is_empty() {
            let items: Vec<String> = an
                .signals
                .iter()
                .map(|s| {
                    format!(
                        r#"<li><span class="tag signal">{}</span> {}</li>"#,
                        Esc(&serde_name(&s.kind)),
                        Esc(&s.reason)
                    )
                })
                .collect();
            let _ = write!(
                out,
                r#"<div class="facts"><h4>Machine-made signals</h4><ul>{}</ul></div>"#,
                items.concat()
            );
        }
    } else {
        out.push_str(r#"<p class="note">Not analysed yet.</p>"#);
    }
    if !a.findings.is_empty() {
        let _ = write!(
            out,
            r#"<div class="facts"><h4>Check findings</h4>{}</div>"#,
            findings_list(&a.findings)
        );
    }
    out.push_str("</article>");
    out
}

fn findings_list(findings: &[Finding]) -> String {
    let mut out = String::from(r#"<ul class="findings">"#);
    for f in findings {
        let _ = write!(
            out,
            r#"<li><span class="tag finding">{} · {}</span> {}"#,
            Esc(&serde_name(&f.kind)),
            Esc(&serde_name(&f.verdict)),
            Esc(&f.reason)
        );
        let mut dl = String::new();
        for (k, v) in [
            ("claim", Some(&f.claim)),
            ("expected", f.expected.as_ref()),
            ("fact", f.kb_fact.as_ref()),
            ("source", f.source.as_ref()),
        ] {
            if let Some(v) = v {
                let _ = write!(dl, "<dt>{k}</dt><dd>{}</dd>", Esc(v));
            }
        }
        let _ = write!(out, "<dl>{dl}</dl></li>");
    }
    out.push_str("</ul>");
    out
}

fn entity_kind_word(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Person => "person",
        EntityKind::Organization => "organisation",
        EntityKind::Place => "place",
        EntityKind::Other => "other",
    }
}

/// The entities a story's articles name: name, kind, and how many members mention it.
fn entity_table(data: &StoryData) -> String {
    let mut seen: BTreeMap<(String, EntityKind), BTreeSet<&str>> = BTreeMap::new();
    for (id, a) in &data.articles {
        if let Some(an) = &a.analysis {
            for e in &an.entities {
                seen.entry((e.canonical.clone(), e.kind))
                    .or_default()
                    .insert(id.as_str());
            }
        }
    }
    if seen.is_empty() {
        return r#"<p class="note">No entities found (or not analysed yet).</p>"#.into();
    }
    let mut rows: Vec<((String, EntityKind), usize)> =
        seen.into_iter().map(|(k, v)| (k, v.len())).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let total = data.articles.len();
    let mut out = format!(
        r#"<table class="entities"><thead><tr><th>name</th><th>kind</th><th class="num">articles (of {total})</th></tr></thead><tbody>"#
    );
    for ((name, kind), n) in rows.iter().take(MAX_ENTITY_ROWS) {
        let _ = write!(
            out,
            r#"<tr><td><span class="swatch {cls}"></span>{name}</td><td>{kind}</td><td class="num">{n}</td></tr>"#,
            cls = highlight::MarkKind::for_entity(*kind).class(),
            name = Esc(name),
            kind = entity_kind_word(*kind),
        );
    }
    out.push_str("</tbody></table>");
    if rows.len() > MAX_ENTITY_ROWS {
        let _ = write!(
            out,
            r#"<p class="note">{} more entities not listed.</p>"#,
            rows.len() - MAX_ENTITY_ROWS
        );
    }
    out
}

/// One story as an HTML section (`id="story-<id>"`): its provenance graph with legend and
/// evidence panel, its timeline, entities and findings, then its articles.
pub fn story_section(data: &StoryData, opts: &ReportOptions) -> String {
    let d = &data.detail;
    let sid = d.summary.id;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<section class="story" id="story-{sid}"><header><h2><span class="sid">Story {sid}</span> {}</h2>"#,
        Esc(d.summary.title.as_deref().unwrap_or("(no title)"))
    );
    let entry = IndexEntry::new(sid, &d.members);
    let _ = write!(
        out,
        r#"<p class="meta">{} article(s) · from {} · {}</p></header>"#,
        entry.articles,
        Esc(entry.first.as_deref().unwrap_or("undated")),
        entry
            .outlets
            .iter()
            .map(|o| Esc(o).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );

    let g = graph::layout(data, opts.max_graph_nodes);
    let (svg, panels) = graph::render_svg(&g, sid);
    out.push_str(r#"<div class="story-graph"><h3>Provenance</h3>"#);
    if !g.edges.is_empty() {
        out.push_str(&graph::legend());
    }
    let _ = write!(out, r#"<div class="graph-wrap">{svg}</div>"#);
    if g.omitted > 0 {
        let _ = write!(
            out,
            r#"<p class="note">Showing the earliest {} of {} articles.</p>"#,
            d.members.len() - g.omitted,
            d.members.len()
        );
    }
    if g.edges.is_empty() {
        out.push_str(r#"<p class="note">No other article in the store derives from or relates to this one.</p></div>"#);
    } else {
        let _ = write!(
            out,
            r#"<div class="ev-panel" aria-live="polite"><p class="hint">Hover over an edge for a summary; click it for its evidence.</p></div><div class="evidence-store" hidden>{panels}</div></div>"#
        );
    }
    let _ = write!(
        out,
        r#"<div class="two"><div><h3>Timeline</h3>{}</div><div><h3>Entities</h3>{}</div></div>"#,
        timeline::render(&d.members),
        entity_table(data)
    );
    if !d.findings.is_empty() {
        out.push_str("<h3>Findings</h3>");
        for (id, fs) in &d.findings {
            let name = data
                .articles
                .get(id)
                .map(|a| {
                    article_name(
                        a.stored.article.outlet.as_deref(),
                        a.stored.article.byline.as_deref(),
                        id.as_str(),
                    )
                })
                .unwrap_or_else(|| id.to_string());
            let _ = write!(
                out,
                r##"<p class="finding-of">In <a href="#article-{}">{}</a>:</p>{}"##,
                Esc(id.as_str()),
                Esc(&name),
                findings_list(fs)
            );
        }
    }
    if !d.disagreements.is_empty() {
        let name = |id: &newstrace_model::ArticleId| {
            data.articles
                .get(id)
                .map(|a| {
                    article_name(
                        a.stored.article.outlet.as_deref(),
                        a.stored.article.byline.as_deref(),
                        id.as_str(),
                    )
                })
                .unwrap_or_else(|| id.to_string())
        };
        out.push_str(r#"<h3>Disagreements</h3><ul class="findings">"#);
        for x in &d.disagreements {
            let _ = write!(
                out,
                r##"<li><a href="#article-{}">{}</a> gives <b>{}</b>, <a href="#article-{}">{}</a> gives <b>{}</b> ({}) <span class="note">{}</span></li>"##,
                Esc(x.a.as_str()),
                Esc(&name(&x.a)),
                Esc(&x.a_value),
                Esc(x.b.as_str()),
                Esc(&name(&x.b)),
                Esc(&x.b_value),
                Esc(&x.what),
                Esc(&x.reason)
            );
        }
        out.push_str("</ul>");
    }
    out.push_str(r#"<h3>Articles</h3>"#);
    out.push_str(&highlight::legend());
    for m in &d.members {
        if let Some(a) = data.articles.get(&m.id) {
            out.push_str(&article_section(a, &opts.links, false));
        }
    }
    let missing = d.members.len() - data.articles.len();
    if missing > 0 {
        let _ = write!(
            out,
            r#"<p class="note">{missing} more article(s) of this story are not shown.</p>"#
        );
    }
    out.push_str("</section>");
    out
}

fn header(opts: &ReportOptions, lines: &[String]) -> String {
    let mut out = format!(r#"<header class="top"><h1>{}</h1>"#, Esc(&opts.title));
    for l in lines {
        let _ = write!(out, r#"<p class="meta">{l}</p>"#);
    }
    if let Some(g) = &opts.generated {
        let _ = write!(out, r#"<p class="meta">{}</p>"#, Esc(g));
    }
    out.push_str("</header>");
    out
}

/// Every story with its members, ordered for the report: most articles first, then by id.
fn ordered_stories(store: &Store) -> Result<Vec<(StoryRow, Vec<ArticleSummary>)>> {
    let mut out = Vec::new();
    for row in store.stories()? {
        let ms = members(store, &row)?;
        out.push((row, ms));
    }
    out.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.id.cmp(&b.0.id)));
    Ok(out)
}

/// The whole single-file report: header, index, then a section per story shown.
pub fn report(store: &Store, opts: &ReportOptions) -> Result<String> {
    let stories = ordered_stories(store)?;
    let counts = store.count()?;
    // Which stories get a section: in index order, while the story and article caps allow.
    let mut shown = 0usize;
    let mut budget = opts.max_articles;
    let mut entries: Vec<IndexEntry> = Vec::new();
    let mut sections: Vec<&StoryRow> = Vec::new();
    for (row, ms) in stories.iter().take(opts.max_index) {
        let mut e = IndexEntry::new(row.id, ms);
        let cost = ms.len().min(opts.max_graph_nodes);
        e.linked = shown < opts.max_stories && cost <= budget;
        if e.linked {
            shown += 1;
            budget -= cost;
            sections.push(row);
        }
        entries.push(e);
    }
    let mut lines = vec![format!(
        "{} stories · {} articles · {} sightings",
        stories.len(),
        counts.articles,
        counts.sightings
    )];
    if stories.len() > entries.len() {
        lines.push(format!(
            "The index lists the {} largest of {} stories.",
            entries.len(),
            stories.len()
        ));
    }
    if sections.len() < entries.len() {
        lines.push(format!(
            "Full sections for the {} largest stories; the others are listed only.",
            sections.len()
        ));
    }
    let mut body = header(opts, &lines);
    if stories.is_empty() {
        body.push_str(
            r#"<p class="note">The store holds no stories yet: run <code>newstrace run</code> on some articles first.</p>"#,
        );
    }
    body.push_str(&index(&entries, &opts.links));
    let links = ReportOptions {
        links: Links::Anchors,
        ..opts.clone()
    };
    for row in sections {
        let data = load_story(store, row, opts.max_graph_nodes)?;
        body.push_str(&story_section(&data, &links));
    }
    Ok(document(&opts.title, &body))
}

/// A page of the story index alone (links follow `opts.links`).
pub fn render_index_page(store: &Store, opts: &ReportOptions) -> Result<String> {
    let stories = ordered_stories(store)?;
    let entries: Vec<IndexEntry> = stories
        .iter()
        .take(opts.max_index)
        .map(|(row, ms)| IndexEntry::new(row.id, ms))
        .collect();
    let lines = vec![format!("{} stories", stories.len())];
    let body = header(opts, &lines) + &index(&entries, &opts.links);
    Ok(document(&opts.title, &body))
}

/// A page for one story (`key`: a story number, or an article id, prefix or external id in
/// it): its section with graph, timeline, entities, findings and articles.
pub fn render_story_page(store: &Store, key: &str, opts: &ReportOptions) -> Result<String> {
    let row = resolve_story(store, key)?;
    let data = load_story(store, &row, opts.max_graph_nodes)?;
    let title = format!(
        "Story {} — {}",
        row.id,
        data.detail.summary.title.as_deref().unwrap_or("(no title)")
    );
    let body = header(opts, &[]) + &story_section(&data, opts);
    Ok(document(&title, &body))
}

/// A page for one article (`key`: id, unique prefix or external id): its section with the
/// evidence marked, and a link to its story.
pub fn render_article_page(store: &Store, key: &str, opts: &ReportOptions) -> Result<String> {
    let a = load_article(store, key)?
        .ok_or_else(|| Error::NotFound(format!("no article matches `{key}`")))?;
    let title = a
        .stored
        .article
        .title
        .clone()
        .unwrap_or_else(|| a.stored.article.id.to_string());
    let body = header(opts, &[]) + &highlight::legend() + &article_section(&a, &opts.links, true);
    Ok(document(&title, &body))
}
