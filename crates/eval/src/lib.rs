//! Evaluation against public benchmark sets, with the metrics their publishers use, so
//! newstrace's numbers can be put beside published ones.
//!
//! - [`extraction`]: main-text extraction on the article-extraction benchmark (shingle F1);
//! - [`dates`]: publication dates on the htmldate test set (accuracy by day).
//!
//! Each evaluator reads the data set from its directory as published (gzipped HTML plus a
//! JSON truth file) and never modifies it.
//!
//! ```
//! use newstrace_eval::extraction::shingle_scores;
//! let (p, r) = shingle_scores("one two three four five", "one two three four");
//! assert_eq!((p, r), (0.5, 1.0));
//! ```

pub mod attribution;
pub mod dates;
pub mod extraction;
mod gz;
pub mod links;

use std::path::PathBuf;

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A file of the data set could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The truth file is not what the data set's README describes.
    #[error("{path}: {message}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}
