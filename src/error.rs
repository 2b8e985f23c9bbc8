//! The library's error type. `main` prints it once as `newsmend: …` and exits 2.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: is a directory")]
    IsDirectory { path: PathBuf },
    #[error("{path}: empty input")]
    Empty { path: PathBuf },
    #[error("{path}: looks like binary data, not text ({why})")]
    Binary { path: PathBuf, why: String },
    #[error("{path}: cannot decode as text: {why}")]
    Undecodable { path: PathBuf, why: String },
    #[error("{path}: rules: {why}")]
    Rules { path: PathBuf, why: String },
    #[error("{path}: {why}")]
    Eval { path: PathBuf, why: String },
    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
