//! Exports of the newstrace store for other tools: tables (NDJSON, CSV, Parquet) for
//! notebooks, dataframes and SQL engines, and graphs (GEXF, GraphML) for Gephi and friends.
//!
//! Every export holds the same four things: the **articles** (with their story, the kinds of
//! machine-made signals and the outside sources their analysis found), the **stories** (one
//! row per member article), the **edges** (stored relations between articles) and the
//! **findings** (check results). Graphs add one node per outside source that an analysis names
//! upstream (AFP, TASS, ...) and a `cites` edge from each article to it.
//!
//! The store is walked row by row ([`Store::for_each_article`] and friends), so memory stays
//! bounded by one row (or one Parquet row group), not by the size of the store. The walks are
//! in primary-key order, so the same store always exports the same bytes (Parquet: the same
//! rows).
//!
//! Each format is one module implementing [`table::TableSink`] (ndjson, csv, parquet) or
//! [`graph::GraphSink`] (gexf, graphml); the walks in `table` and `graph` feed them.
//!
//! ```no_run
//! use newstrace_export::{Format, export};
//! let store = newstrace_store::Store::open("newstrace.db".as_ref())?;
//! let counts = export(&store, Format::Csv, "out/".as_ref())?;
//! println!("{} articles, {} edges", counts.articles, counts.edges);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod csv;
mod gexf;
pub mod graph;
mod graphml;
mod ndjson;
mod parquet;
pub mod rows;
pub mod table;

use newstrace_store::{Store, StoreError};
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One file, one JSON object per line, each with a `type` field.
    Ndjson,
    /// A directory of four CSV files.
    Csv,
    /// One GEXF 1.3 graph file.
    Gexf,
    /// One GraphML graph file.
    Graphml,
    /// A directory of four Parquet files.
    Parquet,
}

impl Format {
    /// Every format, in the order help texts list them.
    pub const ALL: [Format; 5] = [
        Format::Ndjson,
        Format::Csv,
        Format::Gexf,
        Format::Graphml,
        Format::Parquet,
    ];

    /// The name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Ndjson => "ndjson",
            Format::Csv => "csv",
            Format::Gexf => "gexf",
            Format::Graphml => "graphml",
            Format::Parquet => "parquet",
        }
    }

    /// Whether the output is a directory of files (one per table) rather than one file.
    pub fn writes_directory(self) -> bool {
        matches!(self, Format::Csv | Format::Parquet)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = Error;

    /// Parses a name as [`Format::as_str`] writes it (any case).
    fn from_str(s: &str) -> Result<Self> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| Error::UnknownFormat(s.to_string()))
    }
}

/// How many rows of each kind an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Articles (graph: article nodes).
    pub articles: u64,
    /// Story memberships (graph: 0, the story id is a node attribute).
    pub story_members: u64,
    /// Relations between articles.
    pub edges: u64,
    /// Check findings (graph: 0).
    pub findings: u64,
    /// Outside sources (graph only: external nodes).
    pub external_sources: u64,
    /// Article-to-source `cites` edges (graph only).
    pub cites: u64,
}

/// What can go wrong exporting.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Writing an output file failed.
    #[error("writing {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The CSV writer failed.
    #[error("writing {path}: {source}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// The CSV error.
        source: ::csv::Error,
    },
    /// The Parquet or Arrow writer failed.
    #[error("writing {path}: {reason}")]
    Parquet {
        /// The file.
        path: PathBuf,
        /// What the writer said.
        reason: String,
    },
    /// A value could not be serialised.
    #[error("serialising a {what} row: {source}")]
    Json {
        /// The kind of row.
        what: &'static str,
        /// The serde error.
        source: serde_json::Error,
    },
    /// A format name that is not one of [`Format::ALL`].
    #[error("unknown export format `{0}` (one of: ndjson, csv, gexf, graphml, parquet)")]
    UnknownFormat(String),
    /// The output path cannot be used for this format.
    #[error("{0}")]
    Output(String),
}

/// Result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Exports the whole store to `out` in `format`: a file for NDJSON, GEXF and GraphML, a
/// directory (created if missing) for CSV and Parquet. Existing files of the same names are
/// replaced.
pub fn export(store: &Store, format: Format, out: &Path) -> Result<Counts> {
    if format.writes_directory() {
        if out.is_file() {
            return Err(Error::Output(format!(
                "{format} writes a directory of files, but {} is a file",
                out.display()
            )));
        }
        std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    } else if out.is_dir() {
        return Err(Error::Output(format!(
            "{format} writes one file, but {} is a directory",
            out.display()
        )));
    }
    match format {
        Format::Ndjson => table::export_tables(store, ndjson::NdjsonSink::create(out)?),
        Format::Csv => table::export_tables(store, csv::CsvSink::create(out)?),
        Format::Parquet => table::export_tables(store, parquet::ParquetSink::create(out)?),
        Format::Gexf => graph::export_graph(store, gexf::GexfSink::create(out)?),
        Format::Graphml => graph::export_graph(store, graphml::GraphmlSink::create(out)?),
    }
}

/// Creates `path` for writing, buffered.
pub(crate) fn create_file(path: &Path) -> Result<std::io::BufWriter<std::fs::File>> {
    std::fs::File::create(path)
        .map(std::io::BufWriter::new)
        .map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip_and_unknown_ones_are_errors() {
        for f in Format::ALL {
            assert_eq!(f.as_str().parse::<Format>().unwrap(), f);
        }
        assert_eq!("GEXF".parse::<Format>().unwrap(), Format::Gexf);
        assert!(matches!(
            "xlsx".parse::<Format>(),
            Err(Error::UnknownFormat(_))
        ));
    }
}
