//! The graph exports: one walk over the store producing nodes and edges for a [`GraphSink`]
//! (GEXF, GraphML), and the XML escaping both share.
//!
//! Nodes are the articles (id: the article id) and the outside sources their analyses name
//! upstream (id: `source:NAME`, attribute `kind` = `external`). Edges are the stored relations
//! (source → derived; attribute `directed` false when the store did not judge the direction)
//! and one `cites` edge from an article to each outside source it names.
//!
//! Memory: nodes and edges are written as the store is walked; only the set of distinct
//! outside-source names is held, because their nodes must be written before any edge.

use crate::rows::{ArticleRow, EdgeRow, ExternalSource};
use crate::{Counts, Result};
use newstrace_store::Store;
use newstrace_views::names::upstream_line;
use quick_xml::events::attributes::Attribute;
use quick_xml::name::QName;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The type of a declared attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrType {
    /// Text.
    String,
    /// A 64-bit integer.
    Long,
    /// A 32-bit float.
    Float,
    /// `true` or `false`.
    Boolean,
}

/// A declared node or edge attribute: its id (also its title) and type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttrDef {
    /// The id and the name shown in Gephi.
    pub id: &'static str,
    /// Its type.
    pub ty: AttrType,
}

const fn def(id: &'static str, ty: AttrType) -> AttrDef {
    AttrDef { id, ty }
}

/// Node attributes. `kind` is `article` or `external`; `source_kind` (outlet, person,
/// organization, unnamed) is set on external nodes only.
pub const NODE_ATTRS: [AttrDef; 10] = [
    def("kind", AttrType::String),
    def("outlet", AttrType::String),
    def("title", AttrType::String),
    def("url", AttrType::String),
    def("published", AttrType::String),
    def("first_seen", AttrType::String),
    def("story", AttrType::Long),
    def("signals", AttrType::String),
    def("sightings", AttrType::Long),
    def("source_kind", AttrType::String),
];

/// Edge attributes. `kind` is a relation kind or `cites`; `score` is absent on `cites`
/// edges; `reason` of a `cites` edge is the chain as people read it (`AFP via TASS`).
pub const EDGE_ATTRS: [AttrDef; 4] = [
    def("kind", AttrType::String),
    def("score", AttrType::Float),
    def("directed", AttrType::Boolean),
    def("reason", AttrType::String),
];

/// An attribute value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text.
    Str(String),
    /// An integer.
    Long(i64),
    /// A float.
    Float(f32),
    /// A boolean.
    Bool(bool),
}

impl Value {
    /// The value as XML attribute or element text (before escaping).
    pub fn text(&self) -> String {
        match self {
            Value::Str(s) => s.clone(),
            Value::Long(n) => n.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Bool(b) => b.to_string(),
        }
    }
}

/// A node: its unique id, its label and the attributes it has (by [`AttrDef::id`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Unique id.
    pub id: String,
    /// What Gephi shows.
    pub label: String,
    /// Attribute values, in [`NODE_ATTRS`] order; absent ones are left out.
    pub attrs: Vec<(&'static str, Value)>,
}

/// An edge between two written nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Unique id (`e0`, `e1`, ...).
    pub id: String,
    /// Source node id.
    pub source: String,
    /// Target node id.
    pub target: String,
    /// Whether the direction means something.
    pub directed: bool,
    /// Weight for layout (the relation's score), when it has one.
    pub weight: Option<f32>,
    /// Attribute values, in [`EDGE_ATTRS`] order; absent ones are left out.
    pub attrs: Vec<(&'static str, Value)>,
}

/// A writer of one graph file. Calls come in this order: `begin`, every `node`, `end_nodes`,
/// every `edge`, `finish`.
pub trait GraphSink {
    /// Writes the header and the attribute declarations.
    fn begin(&mut self) -> Result<()>;
    /// Writes one node.
    fn node(&mut self, node: &Node) -> Result<()>;
    /// Ends the nodes (every edge's ends are written by now).
    fn end_nodes(&mut self) -> Result<()>;
    /// Writes one edge.
    fn edge(&mut self, edge: &Edge) -> Result<()>;
    /// Closes the document and flushes the file.
    fn finish(self) -> Result<()>;
}

fn article_node(r: &ArticleRow) -> Node {
    let mut attrs = vec![("kind", Value::Str("article".into()))];
    let mut text = |id: &'static str, v: &Option<String>| {
        if let Some(v) = v {
            attrs.push((id, Value::Str(v.clone())));
        }
    };
    text("outlet", &r.outlet);
    text("title", &r.title);
    text("url", &r.url);
    if let Some(p) = &r.published {
        attrs.push(("published", Value::Str(p.to_string())));
    }
    if let Some(f) = &r.first_seen {
        attrs.push(("first_seen", Value::Str(f.to_string())));
    }
    if let Some(s) = r.story_id {
        attrs.push(("story", Value::Long(s)));
    }
    attrs.push(("signals", Value::Str(r.signals_joined())));
    attrs.push((
        "sightings",
        Value::Long(i64::try_from(r.sightings).unwrap_or(i64::MAX)),
    ));
    let label = r
        .title
        .clone()
        .or_else(|| r.outlet.clone())
        .unwrap_or_else(|| r.id.clone());
    Node {
        id: r.id.clone(),
        label,
        attrs,
    }
}

fn external_node(s: &ExternalSource) -> Node {
    Node {
        id: s.node_id(),
        label: s.name.clone(),
        attrs: vec![
            ("kind", Value::Str("external".into())),
            ("source_kind", Value::Str(s.kind.clone())),
        ],
    }
}

fn relation_edge(n: u64, r: EdgeRow) -> Edge {
    Edge {
        id: format!("e{n}"),
        weight: Some(r.score),
        directed: r.directed,
        attrs: vec![
            ("kind", Value::Str(r.kind)),
            ("score", Value::Float(r.score)),
            ("directed", Value::Bool(r.directed)),
            ("reason", Value::Str(r.reason)),
        ],
        source: r.source,
        target: r.derived,
    }
}

/// Walks the store into `sink` and closes it.
pub fn export_graph<S: GraphSink>(store: &Store, mut sink: S) -> Result<Counts> {
    let mut counts = Counts::default();
    sink.begin()?;
    // Outside sources by name; a name met with several kinds keeps the first (in article id
    // order), so node ids stay unique and the choice is stable.
    let mut externals: BTreeMap<String, ExternalSource> = BTreeMap::new();
    store.for_each_article(|stored| -> Result<()> {
        let id = stored.article.id.clone();
        let analysis = store.analysis(&id)?;
        if let Some(a) = &analysis {
            for u in &a.upstream {
                externals
                    .entry(u.name.clone())
                    .or_insert_with(|| ExternalSource::new(&u.name, u.kind));
            }
        }
        let row = ArticleRow::new(stored, analysis.as_ref(), store.story_of(&id)?);
        counts.articles += 1;
        sink.node(&article_node(&row))
    })?;
    for source in externals.values() {
        counts.external_sources += 1;
        sink.node(&external_node(source))?;
    }
    sink.end_nodes()?;

    let mut next_edge = 0_u64;
    store.for_each_relation(|r| -> Result<()> {
        counts.edges += 1;
        next_edge += 1;
        sink.edge(&relation_edge(next_edge - 1, EdgeRow::from(r)))
    })?;
    // A second walk for the cites edges: every node had to be written before them, and
    // holding every article's sources until then would grow with the store.
    store.for_each_article(|stored| -> Result<()> {
        let Some(analysis) = store.analysis(&stored.article.id)? else {
            return Ok(());
        };
        // One edge per named source; an article naming AFP directly and via TASS gets one
        // edge whose reason lists both chains.
        let mut chains: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for u in &analysis.upstream {
            chains.entry(&u.name).or_default().push(upstream_line(u));
        }
        for (name, lines) in chains {
            let Some(source) = externals.get(name) else {
                continue;
            };
            counts.cites += 1;
            next_edge += 1;
            sink.edge(&Edge {
                id: format!("e{}", next_edge - 1),
                source: stored.article.id.to_string(),
                target: source.node_id(),
                directed: true,
                weight: None,
                attrs: vec![
                    ("kind", Value::Str("cites".into())),
                    ("directed", Value::Bool(true)),
                    ("reason", Value::Str(lines.join("; "))),
                ],
            })?;
        }
        Ok(())
    })?;
    sink.finish()?;
    Ok(counts)
}

/// Text made safe for XML 1.0: characters XML cannot carry at all, even escaped (control
/// characters other than tab, line feed and carriage return; U+FFFE, U+FFFF), become U+FFFD.
/// This is the only change an export makes to text.
pub fn xml_safe(s: &str) -> Cow<'_, str> {
    let bad = |c: char| {
        (c < '\u{20}' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if s.chars().any(bad) {
        Cow::Owned(
            s.chars()
                .map(|c| if bad(c) { '\u{FFFD}' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

/// An XML attribute with its value escaped so that a conforming parser reads back exactly
/// `value`: quick-xml's escaping of markup characters and `\r`, plus character references for
/// line feeds and tabs, which attribute-value normalisation would otherwise turn into spaces.
pub fn attribute<'a>(key: &'a str, value: &str) -> Attribute<'a> {
    let escaped = quick_xml::escape::escape(xml_safe(value));
    let escaped = if escaped.contains(['\n', '\t']) {
        Cow::Owned(escaped.replace('\n', "&#10;").replace('\t', "&#9;"))
    } else {
        escaped
    };
    Attribute {
        key: QName(key),
        value: Cow::Owned(escaped.into_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::XmlVersion;

    #[test]
    fn attribute_values_survive_markup_quotes_and_line_breaks() {
        let value = "A \"quote\", <tag> & 'apostrophe'\nsecond line\r\n\tindented";
        let attr = attribute("value", value);
        assert!(!attr.value.contains('\n'), "{}", attr.value);
        let back = attr.normalized_value(XmlVersion::Explicit1_0).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn characters_xml_cannot_carry_are_replaced() {
        assert_eq!(xml_safe("bell\u{7} here"), "bell\u{FFFD} here");
        assert!(matches!(xml_safe("tab\tok"), Cow::Borrowed(_)));
    }
}
