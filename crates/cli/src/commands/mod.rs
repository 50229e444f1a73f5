//! One module per command.

pub mod analyze;
pub mod bench_add;
pub mod check;
pub mod eval;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod kb;
pub mod link;
pub mod list;
pub mod pipelined;
pub mod report;
pub mod search;
pub mod serve;
pub mod show;
pub mod stages;
pub mod stories;
pub mod summary;
pub mod timing;
pub mod writer;

use crate::args::LimitArgs;
use newstrace_ingest::Limits;

/// How chatty the terminal output may be.
#[derive(Debug, Clone, Copy)]
pub struct Ui {
    /// Only errors on stderr.
    pub quiet: bool,
}

impl From<&LimitArgs> for Limits {
    fn from(a: &LimitArgs) -> Self {
        Limits {
            max_file_bytes: a.max_file_size,
            max_record_bytes: a.max_record_size,
            max_inflated_bytes: a.max_inflated_size,
        }
    }
}

/// Prints `value` as pretty JSON on stdout.
pub fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}
