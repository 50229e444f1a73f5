//! GEXF 1.3 (Gephi's own format): attributes declared in `<attributes class="node">` and
//! `<attributes class="edge">`, values in `<attvalues>`; a relation's score is also the edge
//! `weight`. Every edge is directed (`defaultedgetype`): a relation whose direction the store
//! did not judge says so in its `directed` value only, because networkx and igraph refuse
//! graphs that mix directed and undirected edges.

use crate::graph::{AttrDef, AttrType, EDGE_ATTRS, Edge, GraphSink, NODE_ATTRS, Node, attribute};
use crate::{Error, Result, create_file};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The GEXF namespace and schema of version 1.3.
const NAMESPACE: &str = "http://gexf.net/1.3";
const SCHEMA_LOCATION: &str = "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd";

fn gexf_type(t: AttrType) -> &'static str {
    match t {
        AttrType::String => "string",
        AttrType::Long => "long",
        AttrType::Float => "float",
        AttrType::Boolean => "boolean",
    }
}

/// Writes one GEXF file.
pub(crate) struct GexfSink {
    path: PathBuf,
    xml: Writer<BufWriter<File>>,
}

impl GexfSink {
    /// Creates (or truncates) the file at `path`.
    pub(crate) fn create(path: &Path) -> Result<Self> {
        Ok(Self {
            path: path.to_path_buf(),
            xml: Writer::new_with_indent(create_file(path)?, b' ', 2),
        })
    }

    fn write<'a>(&mut self, event: impl Into<Event<'a>>) -> Result<()> {
        self.xml
            .write_event(event)
            .map_err(|e| Error::io(&self.path, e))
    }

    fn start(&mut self, element: BytesStart<'_>) -> Result<()> {
        self.write(Event::Start(element))
    }

    fn end(&mut self, name: &str) -> Result<()> {
        self.write(Event::End(BytesEnd::new(name)))
    }

    fn declare(&mut self, class: &str, attrs: &[AttrDef]) -> Result<()> {
        self.start(
            BytesStart::new("attributes").with_attributes([("class", class), ("mode", "static")]),
        )?;
        for a in attrs {
            self.write(Event::Empty(BytesStart::new("attribute").with_attributes(
                [("id", a.id), ("title", a.id), ("type", gexf_type(a.ty))],
            )))?;
        }
        self.end("attributes")
    }

    fn attvalues(&mut self, values: &[(&'static str, crate::graph::Value)]) -> Result<()> {
        if values.is_empty() {
            return Ok(());
        }
        self.start(BytesStart::new("attvalues"))?;
        for (id, v) in values {
            let mut e = BytesStart::new("attvalue");
            e.push_attribute(("for", *id));
            e.push_attribute(attribute("value", &v.text()));
            self.write(Event::Empty(e))?;
        }
        self.end("attvalues")
    }
}

impl GraphSink for GexfSink {
    fn begin(&mut self) -> Result<()> {
        self.write(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        self.start(BytesStart::new("gexf").with_attributes([
            ("xmlns", NAMESPACE),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            ("xsi:schemaLocation", SCHEMA_LOCATION),
            ("version", "1.3"),
        ]))?;
        // No date in <meta>: the same store must give the same bytes.
        self.start(BytesStart::new("meta"))?;
        self.start(BytesStart::new("creator"))?;
        self.write(Event::Text(quick_xml::events::BytesText::new("newstrace")))?;
        self.end("creator")?;
        self.start(BytesStart::new("description"))?;
        self.write(Event::Text(quick_xml::events::BytesText::new(
            "Articles, outside sources, relations and citations from a newstrace store",
        )))?;
        self.end("description")?;
        self.end("meta")?;
        self.start(
            BytesStart::new("graph")
                .with_attributes([("defaultedgetype", "directed"), ("mode", "static")]),
        )?;
        self.declare("node", &NODE_ATTRS)?;
        self.declare("edge", &EDGE_ATTRS)?;
        self.start(BytesStart::new("nodes"))
    }

    fn node(&mut self, node: &Node) -> Result<()> {
        let mut e = BytesStart::new("node");
        e.push_attribute(attribute("id", &node.id));
        e.push_attribute(attribute("label", &node.label));
        self.start(e)?;
        self.attvalues(&node.attrs)?;
        self.end("node")
    }

    fn end_nodes(&mut self) -> Result<()> {
        self.end("nodes")?;
        self.start(BytesStart::new("edges"))
    }

    fn edge(&mut self, edge: &Edge) -> Result<()> {
        let mut e = BytesStart::new("edge");
        e.push_attribute(attribute("id", &edge.id));
        e.push_attribute(attribute("source", &edge.source));
        e.push_attribute(attribute("target", &edge.target));
        if let Some(w) = edge.weight {
            e.push_attribute(attribute("weight", &w.to_string()));
        }
        self.start(e)?;
        self.attvalues(&edge.attrs)?;
        self.end("edge")
    }

    fn finish(mut self) -> Result<()> {
        self.end("edges")?;
        self.end("graph")?;
        self.end("gexf")?;
        let path = self.path;
        let mut out = self.xml.into_inner();
        out.write_all(b"\n")
            .and_then(|()| out.flush())
            .map_err(|e| Error::io(&path, e))
    }
}
