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
    #[error("{path}: {} is larger than the {} page limit", megabytes(*.bytes), megabytes(*.limit))]
    TooLarge { path: PathBuf, bytes: u64, limit: u64 },
    /// An OCR file whose content is not what its format allows, at a line (XML) or a
    /// path (JSON).
    #[error("{path}: {at}: {why}")]
    Malformed { path: PathBuf, at: String, why: String },
    /// JSON that no OCR tool newsmend reads writes: it is never cleaned as text.
    #[error(
        "{path}: JSON, but not an OCR result newsmend reads ({found}); it reads RapidOCR [[box, text, score], …], \
         PaddleOCR 2.x [[[box, [text, score]], …]], PaddleOCR 3.x save_to_json (rec_texts with rec_polys or \
         rec_boxes), Umi-OCR / PaddleOCR-json {{\"code\": 100, \"data\": [{{\"box\", \"score\", \"text\"}}, …]}} \
         and [{{\"text\", \"box\", \"score\"}}, …]"
    )]
    NotOcr { path: PathBuf, found: String },
    #[error("{path}: rules: {why}")]
    Rules { path: PathBuf, why: String },
    #[error("review file {path}: {why}")]
    Review { path: PathBuf, why: String },
    #[error("{tool} not found: {install}")]
    MissingTool { tool: &'static str, install: &'static str },
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

/// A size as people say it: `300 MB`, `256 MB`, `12 KB`.
pub(crate) fn megabytes(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{} MB", (bytes + (1 << 19)) >> 20)
    } else {
        format!("{} KB", (bytes + 512) >> 10)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
