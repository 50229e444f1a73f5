//! NDJSON: one file, one JSON object per line, each with a `type` field (`article`,
//! `story`, `edge`, `finding`) followed by that table's columns. Lines come table by table.

use crate::rows::{ArticleRow, EdgeRow, FindingRow, StoryMemberRow};
use crate::table::TableSink;
use crate::{Error, Result, create_file};
use serde::Serialize;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// One line: the row behind its `type` tag.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
enum Line<'a> {
    Article(&'a ArticleRow),
    Story(&'a StoryMemberRow),
    Edge(&'a EdgeRow),
    Finding(&'a FindingRow),
}

/// Writes the NDJSON file.
pub(crate) struct NdjsonSink {
    path: PathBuf,
    out: BufWriter<File>,
}

impl NdjsonSink {
    /// Creates (or truncates) the file at `path`.
    pub(crate) fn create(path: &Path) -> Result<Self> {
        Ok(Self {
            path: path.to_path_buf(),
            out: create_file(path)?,
        })
    }

    fn line(&mut self, what: &'static str, line: Line<'_>) -> Result<()> {
        serde_json::to_writer(&mut self.out, &line).map_err(|source| {
            if source.is_io() {
                Error::io(&self.path, source.into())
            } else {
                Error::Json { what, source }
            }
        })?;
        self.out
            .write_all(b"\n")
            .map_err(|e| Error::io(&self.path, e))
    }
}

impl TableSink for NdjsonSink {
    fn article(&mut self, row: ArticleRow) -> Result<()> {
        self.line("article", Line::Article(&row))
    }

    fn story_member(&mut self, row: StoryMemberRow) -> Result<()> {
        self.line("story", Line::Story(&row))
    }

    fn edge(&mut self, row: EdgeRow) -> Result<()> {
        self.line("edge", Line::Edge(&row))
    }

    fn finding(&mut self, row: FindingRow) -> Result<()> {
        self.line("finding", Line::Finding(&row))
    }

    fn finish(mut self) -> Result<()> {
        self.out.flush().map_err(|e| Error::io(&self.path, e))
    }
}
