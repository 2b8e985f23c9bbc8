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
    /// A stream (stdin, a pipe, a device, a file that grew) that went on past the page
    /// limit: read up to it and no further, so its length is not known.
    #[error(
        "{path}: goes on past the {} page limit (read no further): split it into pages, or give \
         `clean --jsonl` one page a line",
        megabytes(*.limit)
    )]
    StreamTooLarge { path: PathBuf, limit: u64 },
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
    /// A PDF that cannot be opened or read: damaged, encrypted, too many pages.
    #[error("{path}: {why}")]
    Pdf { path: PathBuf, why: String },
    /// A page of a PDF whose text layer is no text: OCR reads it from its image.
    #[error("{path} p{page}: the text layer cannot be read ({why}); use --ocr")]
    PdfTextLayer { path: PathBuf, page: usize, why: String },
    /// A compressed stream of JSON lines that cannot be decoded past line `line`: the
    /// file is damaged or was cut short (a copy that did not finish).
    #[error(
        "{path}: line {line}: the {format} data is damaged or cut short ({why}); nothing past it is read \
         (check the file with `{format} -t`)"
    )]
    Decompress { path: PathBuf, line: u64, format: &'static str, why: String },
    #[error("{path}: rules: {why}")]
    Rules { path: PathBuf, why: String },
    #[error("review file {path}: {why}")]
    Review { path: PathBuf, why: String },
    #[error("{}: no review file ({}); make one with `newsmend clean INPUT -o {}`", out.display(), review.display(), out.display())]
    NoReview { out: PathBuf, review: PathBuf },
    #[error("{}: is a folder; name a file to write in it instead (such as {})", path.display(), path.join("page.txt").display())]
    OutputIsFolder { path: PathBuf },
    #[error("{}: is the input; newsmend never writes over its input (the review file and every later clean start from it): write to another file, such as {}", path.display(), example.display())]
    OverwritesInput { path: PathBuf, example: PathBuf },
    #[error("{tool} not found: {install}")]
    MissingTool { tool: &'static str, install: &'static str },
    #[error("{path}: {why}")]
    Eval { path: PathBuf, why: String },
    /// The browser review's server could not start or go on.
    #[error("review --web: {addr}: {why}")]
    Serve { addr: String, why: String },
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
