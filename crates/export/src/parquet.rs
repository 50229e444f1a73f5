//! Parquet: a directory with `articles.parquet`, `stories.parquet`, `edges.parquet` and
//! `findings.parquet`, ZSTD-compressed, written through Arrow record batches.
//!
//! The schema is fixed (see [`article_schema`] and friends): ids and text as `Utf8`, dates as
//! `Timestamp(Millisecond, "UTC")` (a bare day is its midnight UTC; the `*_source` column
//! keeps where it was read from), scores as `Float32`, story ids, counts and offsets as
//! `Int64` (not unsigned: Spark and some dataframe libraries read `UInt64` badly).
//!
//! Rows are buffered [`BATCH_ROWS`] at a time and row groups close at [`ROW_GROUP_ROWS`], so
//! memory stays bounded whatever the store's size.

use crate::rows::{
    ARTICLE_COLUMNS, ArticleRow, EDGE_COLUMNS, EdgeRow, FINDING_COLUMNS, FindingRow, STORY_COLUMNS,
    StoryMemberRow, epoch_millis,
};
use crate::table::TableSink;
use crate::{Error, Result, create_file};
use arrow_array::{
    ArrayRef, BooleanArray, Float32Array, Int64Array, RecordBatch, StringArray,
    TimestampMillisecondArray,
};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use newstrace_model::When;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Rows converted to one Arrow record batch at a time.
pub const BATCH_ROWS: usize = 1024;

/// Rows per Parquet row group (small enough that a group of long article texts stays a few
/// tens of megabytes in memory while it is encoded).
pub const ROW_GROUP_ROWS: usize = 8192;

fn timestamp() -> DataType {
    DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into()))
}

/// Builds a schema from the table's columns and their (type, nullable), checked to be the
/// same length so the columns list stays the one source of names.
fn schema(columns: &[&str], types: &[(DataType, bool)]) -> SchemaRef {
    debug_assert_eq!(columns.len(), types.len());
    Arc::new(Schema::new(
        columns
            .iter()
            .zip(types)
            .map(|(name, (ty, nullable))| Field::new(*name, ty.clone(), *nullable))
            .collect::<Vec<_>>(),
    ))
}

/// The schema of `articles.parquet`.
pub fn article_schema() -> SchemaRef {
    let s = (DataType::Utf8, false);
    let o = (DataType::Utf8, true);
    let t = (timestamp(), true);
    schema(
        &ARTICLE_COLUMNS,
        &[
            s.clone(),                // id
            o.clone(),                // external_id
            o.clone(),                // title
            o.clone(),                // byline
            o.clone(),                // outlet
            o.clone(),                // url
            o.clone(),                // description
            o.clone(),                // lang
            t.clone(),                // published
            o.clone(),                // published_source
            t.clone(),                // updated
            o.clone(),                // updated_source
            t,                        // first_seen
            o,                        // first_seen_source
            (DataType::Int64, false), // sightings
            (DataType::Int64, true),  // story_id
            s.clone(),                // signals
            s.clone(),                // upstream
            s,                        // text
        ],
    )
}

/// The schema of `stories.parquet`.
pub fn story_schema() -> SchemaRef {
    schema(
        &STORY_COLUMNS,
        &[(DataType::Int64, false), (DataType::Utf8, false)],
    )
}

/// The schema of `edges.parquet`.
pub fn edge_schema() -> SchemaRef {
    let s = (DataType::Utf8, false);
    let f = (DataType::Float32, false);
    schema(
        &EDGE_COLUMNS,
        &[
            s.clone(),                  // source
            s.clone(),                  // derived
            s.clone(),                  // kind
            f.clone(),                  // score
            (DataType::Boolean, false), // directed
            s,                          // reason
            (DataType::Int64, false),   // aligned_sentences
            f.clone(),                  // coverage_source
            f.clone(),                  // coverage_derived
            f,                          // jaccard
        ],
    )
}

/// The schema of `findings.parquet`.
pub fn finding_schema() -> SchemaRef {
    let s = (DataType::Utf8, false);
    let o = (DataType::Utf8, true);
    let i = (DataType::Int64, false);
    schema(
        &FINDING_COLUMNS,
        &[
            s.clone(), // article_id
            s.clone(), // kind
            s.clone(), // verdict
            s.clone(), // claim
            i.clone(), // span_start
            i,         // span_end
            o.clone(), // expected
            o.clone(), // kb_fact
            o,         // source
            s,         // reason
        ],
    )
}

fn utf8<'a>(values: impl Iterator<Item = &'a str>) -> ArrayRef {
    Arc::new(StringArray::from_iter_values(values))
}

fn opt_utf8<'a>(values: impl Iterator<Item = Option<&'a str>>) -> ArrayRef {
    Arc::new(values.collect::<StringArray>())
}

fn millis<'a>(values: impl Iterator<Item = Option<&'a When>>) -> ArrayRef {
    Arc::new(
        values
            .map(|w| w.map(epoch_millis))
            .collect::<TimestampMillisecondArray>()
            .with_timezone("UTC"),
    )
}

/// Counts and offsets are `u64` in the model; no store holds 2^63 of anything, but saturate
/// rather than wrap if one ever claims to.
fn int64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn article_columns(rows: &[ArticleRow]) -> Vec<ArrayRef> {
    vec![
        utf8(rows.iter().map(|r| r.id.as_str())),
        opt_utf8(rows.iter().map(|r| r.external_id.as_deref())),
        opt_utf8(rows.iter().map(|r| r.title.as_deref())),
        opt_utf8(rows.iter().map(|r| r.byline.as_deref())),
        opt_utf8(rows.iter().map(|r| r.outlet.as_deref())),
        opt_utf8(rows.iter().map(|r| r.url.as_deref())),
        opt_utf8(rows.iter().map(|r| r.description.as_deref())),
        opt_utf8(rows.iter().map(|r| r.lang.as_deref())),
        millis(rows.iter().map(|r| r.published.as_ref())),
        opt_utf8(rows.iter().map(|r| r.published_source.as_deref())),
        millis(rows.iter().map(|r| r.updated.as_ref())),
        opt_utf8(rows.iter().map(|r| r.updated_source.as_deref())),
        millis(rows.iter().map(|r| r.first_seen.as_ref())),
        opt_utf8(rows.iter().map(|r| r.first_seen_source.as_deref())),
        Arc::new(Int64Array::from_iter_values(
            rows.iter().map(|r| int64(r.sightings)),
        )),
        Arc::new(rows.iter().map(|r| r.story_id).collect::<Int64Array>()),
        Arc::new(StringArray::from_iter_values(
            rows.iter().map(ArticleRow::signals_joined),
        )),
        Arc::new(StringArray::from_iter_values(
            rows.iter().map(ArticleRow::upstream_joined),
        )),
        utf8(rows.iter().map(|r| r.text.as_str())),
    ]
}

fn story_columns(rows: &[StoryMemberRow]) -> Vec<ArrayRef> {
    vec![
        Arc::new(Int64Array::from_iter_values(
            rows.iter().map(|r| r.story_id),
        )),
        utf8(rows.iter().map(|r| r.article_id.as_str())),
    ]
}

fn edge_columns(rows: &[EdgeRow]) -> Vec<ArrayRef> {
    let f32s = |f: fn(&EdgeRow) -> f32| -> ArrayRef {
        Arc::new(Float32Array::from_iter_values(rows.iter().map(f)))
    };
    vec![
        utf8(rows.iter().map(|r| r.source.as_str())),
        utf8(rows.iter().map(|r| r.derived.as_str())),
        utf8(rows.iter().map(|r| r.kind.as_str())),
        f32s(|r| r.score),
        Arc::new(
            rows.iter()
                .map(|r| Some(r.directed))
                .collect::<BooleanArray>(),
        ),
        utf8(rows.iter().map(|r| r.reason.as_str())),
        Arc::new(Int64Array::from_iter_values(
            rows.iter().map(|r| int64(r.aligned_sentences)),
        )),
        f32s(|r| r.coverage_source),
        f32s(|r| r.coverage_derived),
        f32s(|r| r.jaccard),
    ]
}

fn finding_columns(rows: &[FindingRow]) -> Vec<ArrayRef> {
    vec![
        utf8(rows.iter().map(|r| r.article_id.as_str())),
        utf8(rows.iter().map(|r| r.kind.as_str())),
        utf8(rows.iter().map(|r| r.verdict.as_str())),
        utf8(rows.iter().map(|r| r.claim.as_str())),
        Arc::new(Int64Array::from_iter_values(
            rows.iter().map(|r| int64(r.span_start)),
        )),
        Arc::new(Int64Array::from_iter_values(
            rows.iter().map(|r| int64(r.span_end)),
        )),
        opt_utf8(rows.iter().map(|r| r.expected.as_deref())),
        opt_utf8(rows.iter().map(|r| r.kb_fact.as_deref())),
        opt_utf8(rows.iter().map(|r| r.source.as_deref())),
        utf8(rows.iter().map(|r| r.reason.as_str())),
    ]
}

/// One Parquet file: its writer, its schema and the rows not yet written.
struct Table<R> {
    path: PathBuf,
    schema: SchemaRef,
    writer: ArrowWriter<BufWriter<File>>,
    rows: Vec<R>,
    columns: fn(&[R]) -> Vec<ArrayRef>,
}

impl<R> Table<R> {
    fn create(
        dir: &Path,
        stem: &str,
        schema: SchemaRef,
        columns: fn(&[R]) -> Vec<ArrayRef>,
    ) -> Result<Self> {
        let path = dir.join(format!("{stem}.parquet"));
        let props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .build();
        let writer = ArrowWriter::try_new(create_file(&path)?, schema.clone(), Some(props))
            .map_err(|e| parquet_error(&path, e))?;
        Ok(Self {
            path,
            schema,
            writer,
            rows: Vec::with_capacity(BATCH_ROWS),
            columns,
        })
    }

    fn push(&mut self, row: R) -> Result<()> {
        self.rows.push(row);
        if self.rows.len() >= BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let batch = RecordBatch::try_new(self.schema.clone(), (self.columns)(&self.rows))
            .map_err(|e| parquet_error(&self.path, e))?;
        self.writer
            .write(&batch)
            .map_err(|e| parquet_error(&self.path, e))?;
        self.rows.clear();
        Ok(())
    }

    fn finish(mut self) -> Result<()> {
        self.flush()?;
        let path = self.path;
        let out = self
            .writer
            .into_inner()
            .map_err(|e| parquet_error(&path, e))?;
        // Unwrapping the buffer flushes it; a failed flush is an I/O error of this file.
        out.into_inner()
            .map(drop)
            .map_err(|e| Error::io(&path, e.into_error()))
    }
}

fn parquet_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Parquet {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

/// Writes the four Parquet files.
pub(crate) struct ParquetSink {
    articles: Table<ArticleRow>,
    stories: Table<StoryMemberRow>,
    edges: Table<EdgeRow>,
    findings: Table<FindingRow>,
}

impl ParquetSink {
    /// Creates (or truncates) the four files in the directory `dir`.
    pub(crate) fn create(dir: &Path) -> Result<Self> {
        Ok(Self {
            articles: Table::create(dir, "articles", article_schema(), article_columns)?,
            stories: Table::create(dir, "stories", story_schema(), story_columns)?,
            edges: Table::create(dir, "edges", edge_schema(), edge_columns)?,
            findings: Table::create(dir, "findings", finding_schema(), finding_columns)?,
        })
    }
}

impl TableSink for ParquetSink {
    fn article(&mut self, row: ArticleRow) -> Result<()> {
        self.articles.push(row)
    }

    fn story_member(&mut self, row: StoryMemberRow) -> Result<()> {
        self.stories.push(row)
    }

    fn edge(&mut self, row: EdgeRow) -> Result<()> {
        self.edges.push(row)
    }

    fn finding(&mut self, row: FindingRow) -> Result<()> {
        self.findings.push(row)
    }

    fn finish(self) -> Result<()> {
        self.articles.finish()?;
        self.stories.finish()?;
        self.edges.finish()?;
        self.findings.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_name_every_column_of_their_table() {
        for (schema, columns) in [
            (article_schema(), &ARTICLE_COLUMNS[..]),
            (story_schema(), &STORY_COLUMNS[..]),
            (edge_schema(), &EDGE_COLUMNS[..]),
            (finding_schema(), &FINDING_COLUMNS[..]),
        ] {
            let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            assert_eq!(names, columns);
        }
    }
}
