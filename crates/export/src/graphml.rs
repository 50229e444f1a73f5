//! GraphML: attributes declared as `<key>` elements with `attr.name` and `attr.type`, values
//! in `<data>` elements. Every edge is directed (`edgedefault`): a relation whose direction the
//! store did not judge says so in its `directed` data value only, because networkx and igraph
//! refuse GraphML graphs that mix directed and undirected edges. Node labels are the `label`
//! key, which Gephi and yEd show.

use crate::graph::{
    AttrType, EDGE_ATTRS, Edge, GraphSink, NODE_ATTRS, Node, Value, attribute, xml_safe,
};
use crate::{Error, Result, create_file};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

const NAMESPACE: &str = "http://graphml.graphdrawing.org/xmlns";
const SCHEMA_LOCATION: &str = "http://graphml.graphdrawing.org/xmlns \
    http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd";

fn graphml_type(t: AttrType) -> &'static str {
    match t {
        AttrType::String => "string",
        AttrType::Long => "long",
        AttrType::Float => "float",
        AttrType::Boolean => "boolean",
    }
}

/// Key ids are prefixed by what they are for, because node and edge attributes share names
/// (`kind`) and GraphML key ids must be unique in the document.
fn key_id(class: &str, attr: &str) -> String {
    format!("{}_{attr}", &class[..1])
}

/// Writes one GraphML file.
pub(crate) struct GraphmlSink {
    path: PathBuf,
    xml: Writer<BufWriter<File>>,
}

impl GraphmlSink {
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

    fn key(&mut self, class: &str, name: &str, ty: AttrType) -> Result<()> {
        let id = key_id(class, name);
        self.write(Event::Empty(BytesStart::new("key").with_attributes([
            ("id", id.as_str()),
            ("for", class),
            ("attr.name", name),
            ("attr.type", graphml_type(ty)),
        ])))
    }

    fn data(&mut self, class: &str, values: &[(&'static str, Value)]) -> Result<()> {
        for (name, v) in values {
            let id = key_id(class, name);
            self.write(Event::Start(
                BytesStart::new("data").with_attributes([("key", id.as_str())]),
            ))?;
            // Element text keeps line feeds and tabs as they are; BytesText escapes markup
            // characters and `\r` (which end-of-line handling would otherwise fold).
            self.write(Event::Text(BytesText::new(&xml_safe(&v.text()))))?;
            self.write(Event::End(BytesEnd::new("data")))?;
        }
        Ok(())
    }
}

impl GraphSink for GraphmlSink {
    fn begin(&mut self) -> Result<()> {
        self.write(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        self.write(Event::Start(BytesStart::new("graphml").with_attributes([
            ("xmlns", NAMESPACE),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            ("xsi:schemaLocation", SCHEMA_LOCATION),
        ])))?;
        self.key("node", "label", AttrType::String)?;
        for a in NODE_ATTRS {
            self.key("node", a.id, a.ty)?;
        }
        for a in EDGE_ATTRS {
            self.key("edge", a.id, a.ty)?;
        }
        self.write(Event::Start(BytesStart::new("graph").with_attributes([
            ("id", "newstrace"),
            ("edgedefault", "directed"),
        ])))
    }

    fn node(&mut self, node: &Node) -> Result<()> {
        let mut e = BytesStart::new("node");
        e.push_attribute(attribute("id", &node.id));
        self.write(Event::Start(e))?;
        self.data("node", &[("label", Value::Str(node.label.clone()))])?;
        self.data("node", &node.attrs)?;
        self.write(Event::End(BytesEnd::new("node")))
    }

    fn end_nodes(&mut self) -> Result<()> {
        Ok(())
    }

    fn edge(&mut self, edge: &Edge) -> Result<()> {
        let mut e = BytesStart::new("edge");
        e.push_attribute(attribute("id", &edge.id));
        e.push_attribute(attribute("source", &edge.source));
        e.push_attribute(attribute("target", &edge.target));
        self.write(Event::Start(e))?;
        self.data("edge", &edge.attrs)?;
        self.write(Event::End(BytesEnd::new("edge")))
    }

    fn finish(mut self) -> Result<()> {
        self.write(Event::End(BytesEnd::new("graph")))?;
        self.write(Event::End(BytesEnd::new("graphml")))?;
        let path = self.path;
        let mut out = self.xml.into_inner();
        out.write_all(b"\n")
            .and_then(|()| out.flush())
            .map_err(|e| Error::io(&path, e))
    }
}
