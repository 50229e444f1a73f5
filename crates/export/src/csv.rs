//! CSV: a directory with `articles.csv`, `stories.csv` (one row per story member),
//! `edges.csv` and `findings.csv`, each with a header row. Quoting is the `csv` crate's
//! (RFC 4180): fields with commas, quotes or line breaks are quoted, quotes doubled.
//! Missing values are empty fields; lists are joined into one field (signals by `,`,
//! upstream sources by `; `).

use crate::rows::{
    ARTICLE_COLUMNS, ArticleRow, EDGE_COLUMNS, EdgeRow, FINDING_COLUMNS, FindingRow, STORY_COLUMNS,
    StoryMemberRow,
};
use crate::table::TableSink;
use crate::{Error, Result, create_file};
use newstrace_model::When;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// One CSV file of the directory.
struct Table {
    path: PathBuf,
    out: ::csv::Writer<BufWriter<File>>,
}

impl Table {
    fn create(dir: &Path, stem: &str, header: &[&str]) -> Result<Self> {
        let path = dir.join(format!("{stem}.csv"));
        let mut table = Self {
            out: ::csv::Writer::from_writer(create_file(&path)?),
            path,
        };
        table.write(header)?;
        Ok(table)
    }

    fn write<I, T>(&mut self, record: I) -> Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.out.write_record(record).map_err(|source| Error::Csv {
            path: self.path.clone(),
            source,
        })
    }

    fn finish(mut self) -> Result<()> {
        self.out.flush().map_err(|e| Error::io(&self.path, e))
    }
}

/// Writes the four CSV files.
pub(crate) struct CsvSink {
    articles: Table,
    stories: Table,
    edges: Table,
    findings: Table,
}

impl CsvSink {
    /// Creates (or truncates) the four files in the directory `dir`.
    pub(crate) fn create(dir: &Path) -> Result<Self> {
        Ok(Self {
            articles: Table::create(dir, "articles", &ARTICLE_COLUMNS)?,
            stories: Table::create(dir, "stories", &STORY_COLUMNS)?,
            edges: Table::create(dir, "edges", &EDGE_COLUMNS)?,
            findings: Table::create(dir, "findings", &FINDING_COLUMNS)?,
        })
    }
}

fn opt(s: Option<String>) -> String {
    s.unwrap_or_default()
}

fn date(w: Option<When>) -> String {
    w.map(|w| w.to_string()).unwrap_or_default()
}

impl TableSink for CsvSink {
    fn article(&mut self, r: ArticleRow) -> Result<()> {
        let signals = r.signals_joined();
        let upstream = r.upstream_joined();
        self.articles.write([
            r.id,
            opt(r.external_id),
            opt(r.title),
            opt(r.byline),
            opt(r.outlet),
            opt(r.url),
            opt(r.description),
            opt(r.lang),
            date(r.published),
            opt(r.published_source),
            date(r.updated),
            opt(r.updated_source),
            date(r.first_seen),
            opt(r.first_seen_source),
            r.sightings.to_string(),
            r.story_id.map(|s| s.to_string()).unwrap_or_default(),
            signals,
            upstream,
            r.text,
        ])
    }

    fn story_member(&mut self, r: StoryMemberRow) -> Result<()> {
        self.stories.write([r.story_id.to_string(), r.article_id])
    }

    fn edge(&mut self, r: EdgeRow) -> Result<()> {
        self.edges.write([
            r.source,
            r.derived,
            r.kind,
            r.score.to_string(),
            r.directed.to_string(),
            r.reason,
            r.aligned_sentences.to_string(),
            r.coverage_source.to_string(),
            r.coverage_derived.to_string(),
            r.jaccard.to_string(),
        ])
    }

    fn finding(&mut self, r: FindingRow) -> Result<()> {
        self.findings.write([
            r.article_id,
            r.kind,
            r.verdict,
            r.claim,
            r.span_start.to_string(),
            r.span_end.to_string(),
            opt(r.expected),
            opt(r.kb_fact),
            opt(r.source),
            r.reason,
        ])
    }

    fn finish(self) -> Result<()> {
        self.articles.finish()?;
        self.stories.finish()?;
        self.edges.finish()?;
        self.findings.finish()
    }
}
