//! Command-line arguments: every command, its flags, its help text and examples.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Exit codes, as documented in the README.
pub mod exit {
    /// Everything went well.
    pub const OK: u8 = 0;
    /// A usage error, or an error that stopped the command (I/O, store).
    pub const ERROR: u8 = 1;
    /// Some records failed; everything else was processed.
    pub const PARTIAL: u8 = 2;
}

const ABOUT: &str = "Read news the way a verification desk does: ingest piles of articles \
(text, HTML, JSON/JSONL, RSS/Atom, WARC; .gz/.zst) into an embedded store, with every date \
and sighting kept with its evidence.";

const AFTER_HELP: &str = "\
Examples:
  newstrace run examples/corpus              ingest a folder and print a summary
  newstrace ingest --db news.db dump.jsonl.gz feeds/
  newstrace list --json
  newstrace show 4a496f42
  newstrace search 'joint declaration'
  newstrace extract page.html --json

Exit codes: 0 all good; 1 usage or I/O error; 2 some records failed, the rest were processed.";

/// The `newstrace` command line.
#[derive(Debug, Parser)]
#[command(name = "newstrace", version, about = ABOUT, after_help = AFTER_HELP, propagate_version = true)]
pub struct Cli {
    /// More log output on stderr (-v info, -vv debug, -vvv trace).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Only errors on stderr; no progress bar, no per-record warnings.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// A knowledge-base file merged over the built-in core (repeatable; later files win).
    /// Files listed in the config file (NEWSTRACE_CONFIG, else ./newstrace.conf) come first.
    #[arg(long = "kb", value_name = "PATH", global = true)]
    pub kb: Vec<PathBuf>,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Every command.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The main job: ingest PATHs, then print a summary of what the store holds.
    #[command(
        after_help = "Examples:\n  newstrace run examples/corpus\n  newstrace run --db news.db crawl.warc.gz feeds/\n  newstrace run --json examples/corpus"
    )]
    Run(IngestArgs),
    /// Read PATHs into the store (idempotent: ingesting the same input twice adds nothing).
    #[command(
        after_help = "Examples:\n  newstrace ingest dump.jsonl\n  cat page.html | newstrace ingest -\n  newstrace ingest --max-file-size 200M archive/"
    )]
    Ingest(IngestArgs),
    /// List the articles in the store, oldest publication first.
    #[command(
        after_help = "Examples:\n  newstrace list\n  newstrace list --outlet 'Example Wire' --limit 20\n  newstrace list --json | jq '.[].title'"
    )]
    List(ListArgs),
    /// Show one article: metadata, every sighting, the text.
    #[command(
        after_help = "Examples:\n  newstrace show 4a496f42        (an id or a unique prefix of 4+ characters)\n  newstrace show wire-0001       (an external id)\n  newstrace show 4a496f42 --json"
    )]
    Show(ShowArgs),
    /// Full-text search over titles and text.
    #[command(
        after_help = "Examples:\n  newstrace search 'joint declaration'\n  newstrace search NATO --limit 5 --json"
    )]
    Search(SearchArgs),
    /// Analyse one article (by id) or every article of a FILE: sentences, entities,
    /// attributions and upstream sources, quotes, dates, dated claims, machine-made signals.
    #[command(
        after_help = "Examples:\n  newstrace analyze 4a496f42            (a stored article: id, prefix or external id)\n  newstrace analyze story.txt           (a file, without a store)\n  newstrace analyze page.html --json\n\nJSON: one object {article, sentences, entities, attributions, upstream, quotes, dates,\ntimeline, signals} per article; an array when a FILE holds several articles."
    )]
    Analyze(AnalyzeArgs),
    /// Check an article's claims (by id) or every article of a FILE against the knowledge
    /// base and against itself: event dates, what treaties introduced, roles out of term,
    /// one event given two dates.
    #[command(
        after_help = "Examples:\n  newstrace check 4a496f42\n  newstrace check story.txt --json\n  newstrace check --kb my-facts.kb story.txt\n\nJSON: {\"findings\": [{kind, claim, span, verdict, expected, kb_fact, source, reason}]}\n(an array of those when a FILE holds several articles)."
    )]
    Check(AnalyzeArgs),
    /// Knowledge-base tools.
    #[command(subcommand)]
    Kb(KbCommand),
    /// The stories in the store: articles grouped by the real-world event they report.
    #[command(
        after_help = "Examples:\n  newstrace stories\n  newstrace stories --json | jq '.[] | {id, title}'"
    )]
    Stories(StoriesArgs),
    /// Export the store (articles, stories, edges, findings) as NDJSON, CSV or Parquet
    /// tables, or as a GEXF or GraphML graph for Gephi.
    #[command(after_help = EXPORT_HELP)]
    Export(ExportArgs),
    /// One story: its articles in time order, the provenance tree, entities, timeline, findings.
    #[command(
        after_help = "Examples:\n  newstrace story 3\n  newstrace story 4a496f42      (the story of this article)\n  newstrace story 3 --json"
    )]
    Story(ShowArgs),
    /// Write one self-contained HTML file: every story with its provenance graph (evidence
    /// on each edge), timeline, entities and findings, and every article with its evidence
    /// marked in the text. It opens from disk and loads nothing from the network.
    #[command(
        after_help = "Examples:\n  newstrace report --out report.html\n  newstrace report --db news.db --out news.html --max-stories 100\n  newstrace run examples/corpus --report report.html"
    )]
    Report(ReportArgs),
    /// The chain from an article back to its origins, each hop with its evidence.
    #[command(
        after_help = "Examples:\n  newstrace trace 4a496f42\n  newstrace trace eastgate-2026-03-09-kestrel-strike --json"
    )]
    Trace(ShowArgs),
    /// Serve the store over HTTP: a paginated JSON API (described at /openapi.json) and a web
    /// UI with stories, articles and search. Read-only unless --allow-ingest.
    #[command(after_help = SERVE_HELP)]
    Serve(ServeArgs),
    /// Write a synthetic corpus (JSONL) and its truth file: stories with originals, relays,
    /// rewrites, syndicated copies, hard negatives and skewed clocks; deterministic by seed.
    #[command(
        after_help = "Example:\n  newstrace gen --stories 1000 --out corpus.jsonl --truth truth.json\n  newstrace eval links --corpus corpus.jsonl --truth truth.json"
    )]
    Gen(GenArgs),
    /// Measure the latency of adding one article at a time to an existing store (insert,
    /// analyse, link against everything stored) with the index loaded once, as a
    /// long-running process would. Writes the added articles into the store: use a copy.
    #[command(
        name = "bench-add",
        after_help = "Example:\n  cp big.db scratch.db && newstrace bench-add --db scratch.db --count 200 --json"
    )]
    BenchAdd(BenchAddArgs),
    /// Print what would be ingested from FILE, without a store.
    #[command(
        after_help = "Examples:\n  newstrace extract page.html\n  newstrace extract feed.xml --json\n  curl -s https://example.org/story | newstrace extract -"
    )]
    Extract(ExtractArgs),
    /// Measure newstrace on a public evaluation set.
    #[command(subcommand)]
    Eval(EvalCommand),
}

/// Where the store lives.
#[derive(Debug, Args)]
pub struct DbArgs {
    /// The store file (created if missing).
    #[arg(
        long,
        value_name = "PATH",
        default_value = "newstrace.db",
        env = "NEWSTRACE_DB"
    )]
    pub db: PathBuf,
}

/// Arguments of `ingest` and `run`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Files or directories (recursed); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Machine-readable summary on stdout.
    #[arg(long)]
    pub json: bool,
    /// When done, also write the HTML report of the whole store to FILE (as `newstrace
    /// report --out FILE` does).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

/// Size caps, in bytes with an optional K/M/G suffix.
#[derive(Debug, Args)]
pub struct LimitArgs {
    /// Largest input read whole (HTML, text, JSON document, feed).
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_size)]
    pub max_file_size: u64,
    /// Largest single record of a JSONL or WARC file.
    #[arg(long, value_name = "SIZE", default_value = "16M", value_parser = parse_size)]
    pub max_record_size: u64,
    /// Largest size one compressed input may inflate to (guards against decompression bombs).
    #[arg(long, value_name = "SIZE", default_value = "8G", value_parser = parse_size)]
    pub max_inflated_size: u64,
}

/// Arguments of `list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Only articles from this outlet.
    #[arg(long)]
    pub outlet: Option<String>,
    /// At most this many articles.
    #[arg(long, default_value_t = 1000)]
    pub limit: usize,
    /// Skip this many first.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// JSON array on stdout.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `gen`.
#[derive(Debug, Args)]
pub struct GenArgs {
    /// Seed: the same seed writes the same bytes.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Number of stories (about 4 articles each).
    #[arg(long, default_value_t = 100)]
    pub stories: usize,
    /// The corpus file (JSONL).
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// The truth file (JSON, format in docs/TRUTH.md).
    #[arg(long, value_name = "PATH")]
    pub truth: PathBuf,
}

/// Arguments of `eval links`.
#[derive(Debug, Args)]
pub struct LinksEvalArgs {
    /// The corpus (JSONL with `id` fields), ingested into a fresh temporary store.
    #[arg(long, value_name = "FILE")]
    pub corpus: PathBuf,
    /// The truth file (docs/TRUTH.md).
    #[arg(long, value_name = "FILE")]
    pub truth: PathBuf,
    /// JSON object on stdout.
    #[arg(long)]
    pub json: bool,
    /// Also write every predicted edge (JSONL: source, derived, kind, score, reason), to
    /// study the errors against the truth.
    #[arg(long, value_name = "FILE")]
    pub edges_out: Option<PathBuf>,
}

/// Arguments of `bench-add`.
#[derive(Debug, Args)]
pub struct BenchAddArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Articles to add, one at a time (generated, see `newstrace gen`).
    #[arg(long, default_value_t = 200)]
    pub count: usize,
    /// Seed of the generated articles (another seed than the store's corpus gives other
    /// events told with the same phrasing).
    #[arg(long, default_value_t = 20_261_123)]
    pub seed: u64,
    /// JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `stories`.
#[derive(Debug, Args)]
pub struct StoriesArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// JSON array on stdout.
    #[arg(long)]
    pub json: bool,
}

const EXPORT_HELP: &str = "\
Examples:
  newstrace export --format parquet --out export/
  newstrace export --db news.db --format csv --out tables/
  newstrace export --format gexf --out stories.gexf      (open in Gephi)
  newstrace export --format ndjson --out all.ndjson && jq -c 'select(.type==\"edge\")' all.ndjson

What is written (the same store always gives the same bytes; Parquet: the same rows):
  ndjson   one file; one JSON object per line with a \"type\" field (article, story, edge,
           finding), table by table
  csv      a directory: articles.csv, stories.csv, edges.csv, findings.csv (header row)
  parquet  a directory: articles.parquet, stories.parquet, edges.parquet, findings.parquet
           (ZSTD; dates Timestamp(ms, UTC), scores Float32, story ids Int64)
  gexf     one GEXF 1.3 file; graphml: one GraphML file. Nodes: articles (outlet, title, url,
           published, first_seen, story, signals, sightings) and outside sources named
           upstream (kind=external); edges: relations (kind, score, directed, reason) and
           article -> source \"cites\" edges

Columns:
  articles  id, external_id, title, byline, outlet, url, description, lang, published,
            published_source, updated, updated_source, first_seen, first_seen_source,
            sightings, story_id, signals (comma-joined kinds), upstream ('; '-joined), text
  stories   story_id, article_id (one row per member article)
  edges     source, derived, kind, score, directed, reason, aligned_sentences,
            coverage_source, coverage_derived, jaccard
  findings  article_id, kind, verdict, claim, span_start, span_end, expected, kb_fact,
            source, reason";

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The format.
    #[arg(
        long,
        value_name = "FORMAT",
        value_parser = ["ndjson", "csv", "gexf", "graphml", "parquet"]
    )]
    pub format: String,
    /// Where to write: a file (ndjson, gexf, graphml) or a directory, created if missing (csv,
    /// parquet). Files of the same names are replaced.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// A JSON summary (rows written per table) on stdout.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The HTML file to write (`-` for standard output).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Most stories given a full section (largest first); the index lists up to 20,000.
    #[arg(long, value_name = "N", default_value_t = 500)]
    pub max_stories: usize,
}

const SERVE_HELP: &str = "\
Examples:
  newstrace serve                                  http://127.0.0.1:8080 on ./newstrace.db
  newstrace serve --db news.db --addr 0.0.0.0:9000
  NEWSTRACE_TOKEN=s3cret newstrace serve --allow-ingest
  curl -H 'Authorization: Bearer s3cret' --data-binary @new.jsonl http://127.0.0.1:8080/api/ingest

Routes: /api/articles, /api/articles/{id}, /api/stories, /api/stories/{id}, /api/trace/{id},
/api/edges, /api/findings, /api/entities, /api/search?q=, /api/health, POST /api/ingest,
/openapi.json; pages /, /stories/{id}, /articles/{id}, /search. Lists take limit (1-500,
default 50) and offset. The address actually bound is printed on stdout.";

/// Arguments of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The store file (it must exist unless --allow-ingest).
    #[arg(
        long,
        value_name = "PATH",
        default_value = "newstrace.db",
        env = "NEWSTRACE_DB"
    )]
    pub db: PathBuf,
    /// Address to listen on (port 0: any free port).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Enable POST /api/ingest (needs --token).
    #[arg(long)]
    pub allow_ingest: bool,
    /// Bearer token POST /api/ingest requires.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "NEWSTRACE_TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,
    /// Read-only store connections serving queries (default: twice the cores, 2 to 16).
    #[arg(long, value_name = "N")]
    pub readers: Option<usize>,
    /// Seconds a request may take before it is answered 503.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub timeout: u64,
    /// Largest ingest body (K/M/G suffixes).
    #[arg(long, value_name = "SIZE", default_value = "16M", value_parser = parse_size)]
    pub max_ingest_size: u64,
}

/// Arguments of `show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Article id, unique id prefix (4+ characters), or external id.
    pub id: String,
    /// JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Words to look for (all must match; quotes and operators are taken literally).
    #[arg(required = true)]
    pub query: Vec<String>,
    /// At most this many hits.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// JSON array on stdout.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// An existing file (read without the store), or an article id, prefix or external id.
    #[arg(value_name = "FILE|ID")]
    pub target: String,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The file (`-` for standard input).
    pub file: PathBuf,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// JSON array of articles on stdout.
    #[arg(long)]
    pub json: bool,
}

/// `kb` subcommands.
#[derive(Debug, Subcommand)]
pub enum KbCommand {
    /// Stream a Wikidata JSON dump (.json, .json.gz, .json.bz2) into a knowledge-base file.
    #[command(
        after_help = "Example:\n  newstrace kb import-wikidata latest-all.json.bz2 --out data/wikidata.kb\n  newstrace --kb data/wikidata.kb run feeds/"
    )]
    ImportWikidata(ImportWikidataArgs),
}

/// Arguments of `kb import-wikidata`.
#[derive(Debug, Args)]
pub struct ImportWikidataArgs {
    /// The dump.
    pub dump: PathBuf,
    /// Where to write the records (standard output when absent).
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Keep entities that are instances of these classes (Q-ids, repeatable) instead of the
    /// default set.
    #[arg(long = "class", value_name = "QID")]
    pub classes: Vec<String>,
    /// Also find the names of the positions people held (roles), in two extra passes.
    #[arg(long)]
    pub resolve_roles: bool,
}

/// `eval` subcommands.
#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Main-text extraction F1 on the article-extraction benchmark (ground-truth.json + html/).
    #[command(
        after_help = "Examples:\n  newstrace eval extraction ../shared/eval/article-extraction --json\n  newstrace eval extraction ../shared/eval/article-extraction --predictions other.jsonl"
    )]
    Extraction(ExtractionEvalArgs),
    /// Attribution (source + cue) precision/recall/F1 on PolNeAR (text/ + attributions/).
    #[command(
        after_help = "Example:\n  newstrace eval attribution ../shared/eval/attribution/dev --json"
    )]
    Attribution(EvalArgs),
    /// Story BCubed and edge precision/recall/F1, and direction accuracy, on a corpus with a
    /// truth file.
    #[command(
        after_help = "Example:\n  newstrace eval links --corpus corpus.jsonl --truth truth.json --json"
    )]
    Links(LinksEvalArgs),
    /// Publication-date accuracy on the htmldate test set (truth.json + html/).
    #[command(after_help = "Example:\n  newstrace eval dates ../shared/eval/publication-dates")]
    Dates(EvalArgs),
}

/// Arguments of `eval extraction`.
#[derive(Debug, Args)]
pub struct ExtractionEvalArgs {
    #[command(flatten)]
    pub eval: EvalArgs,
    /// Score another extractor's output instead of running newstrace's: JSON Lines, one
    /// {"id": ..., "text": ...} per page (a missing page counts as an empty prediction).
    #[arg(long, value_name = "FILE")]
    pub predictions: Option<PathBuf>,
}

/// Arguments of every `eval` subcommand.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The data set's directory.
    pub dir: PathBuf,
    /// Also list every document's score, worst first.
    #[arg(long)]
    pub per_doc: bool,
    /// JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

/// Parses `123`, `64K`, `16M`, `8G` (binary units).
fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, shift) = match s.chars().last().map(|c| c.to_ascii_uppercase()) {
        Some('K') => (&s[..s.len() - 1], 10),
        Some('M') => (&s[..s.len() - 1], 20),
        Some('G') => (&s[..s.len() - 1], 30),
        _ => (s, 0),
    };
    let n: u64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("not a size: {s:?} (try 64M)"))?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("size too large: {s:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(parse_size("16M"), Ok(16 << 20));
        assert_eq!(parse_size("2g"), Ok(2 << 30));
        assert_eq!(parse_size("100"), Ok(100));
        assert!(parse_size("lots").is_err());
    }
}
