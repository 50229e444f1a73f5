//! Reading the data sets' gzipped pages.

use crate::EvalError;
use flate2::read::GzDecoder;
use std::io::Read;
use std::path::Path;

/// The decompressed bytes of a `.gz` file.
pub fn read_gz(path: &Path) -> Result<Vec<u8>, EvalError> {
    let file = std::fs::File::open(path).map_err(|source| EvalError::Io {
        path: path.into(),
        source,
    })?;
    let mut out = Vec::new();
    GzDecoder::new(file)
        .read_to_end(&mut out)
        .map_err(|source| EvalError::Io {
            path: path.into(),
            source,
        })?;
    Ok(out)
}

/// Parses a JSON file.
pub fn read_json(path: &Path) -> Result<serde_json::Value, EvalError> {
    let bytes = std::fs::read(path).map_err(|source| EvalError::Io {
        path: path.into(),
        source,
    })?;
    serde_json::from_slice(&bytes).map_err(|e| EvalError::Format {
        path: path.into(),
        message: e.to_string(),
    })
}
