//! Finding the pages under SCANS and reading each one. A page is a stem in a folder: of
//! its files the richest input is read (hOCR, then ALTO, then PaddleOCR JSON, then plain
//! text, told apart by content); a stem with only a scan is read by tesseract under
//! `--ocr`, and skipped otherwise. What tesseract read is kept under OUT, so a scan costs
//! one tesseract run however often the batch runs.

use crate::hash::Fnv;
use crate::ingest;
use crate::render::batch_index::{self, PageSummary};
use crate::scan;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Largest page a batch reads; a larger file is reported, not read.
const MAX_PAGE: u64 = 64 << 20;

/// A page to clean: the file its text comes from, and whether that is a scan for
/// tesseract to read.
#[derive(Debug)]
pub(super) struct Input {
    pub(super) path: PathBuf,
    pub(super) ocr: bool,
}

/// What lies under SCANS, in a stable order.
pub(super) struct Found {
    pub(super) pages: Vec<Input>,
    /// Scans without OCR text, left unread (no `--ocr`).
    pub(super) skipped: Vec<String>,
    /// What could not be walked: reported with the pages that failed.
    pub(super) failures: Vec<PageSummary>,
}

/// The files of one stem in one folder.
#[derive(Default)]
struct Stem {
    texts: Vec<(u8, PathBuf)>,
    images: Vec<PathBuf>,
}

/// The pages under `scans`: of each stem its richest input, else its scan when `ocr`.
pub(super) fn find(scans: &Path, ocr: bool) -> Found {
    let (stems, failures) = stems(scans);
    let mut pages = Vec::new();
    let mut skipped = Vec::new();
    for (_, mut stem) in stems {
        stem.texts.sort();
        if let Some((_, path)) = stem.texts.into_iter().next() {
            pages.push(Input { path, ocr: false });
        } else if let Some(path) = stem.images.into_iter().next() {
            if ocr {
                pages.push(Input { path, ocr: true });
            } else {
                skipped.push(rel(scans, &path));
            }
        }
    }
    Found { pages, skipped, failures }
}

/// Every stem under `scans` with its page inputs and scans, in a stable order; what cannot
/// be read is a failure to report.
fn stems(scans: &Path) -> (BTreeMap<PathBuf, Stem>, Vec<PageSummary>) {
    let mut stems: BTreeMap<PathBuf, Stem> = BTreeMap::new();
    let mut failures = Vec::new();
    for entry in walkdir::WalkDir::new(scans).follow_links(false).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let key = e.path().with_file_name(scan::page_stem(e.path()));
                if scan::is_image(e.path()) {
                    stems.entry(key).or_default().images.push(e.into_path());
                } else if let Some(rank) = page_rank(e.path()) {
                    stems.entry(key).or_default().texts.push((rank, e.into_path()));
                }
            }
            Ok(_) => {}
            Err(e) => failures.push(PageSummary::failed(
                e.path().map(|p| rel(scans, p)).unwrap_or_else(|| "?".into()),
                &e.to_string(),
                0.0,
            )),
        }
    }
    (stems, failures)
}

/// How rich a page input is, by its content (lower is richer); `None`: not a page. A
/// `.txt` or `.hocr` file is always a page; XML, JSON and HTML only when they hold OCR.
fn page_rank(p: &Path) -> Option<u8> {
    use crate::geometry::{detect, InputFormat};
    use std::io::Read as _;
    let ext = p.extension().and_then(|e| e.to_str())?.to_ascii_lowercase();
    let always = matches!(ext.as_str(), "txt" | "hocr");
    if !always && !matches!(ext.as_str(), "xml" | "json" | "html" | "htm") {
        return None;
    }
    // The format shows in the head of the file, as ingest tells it.
    let mut head = Vec::with_capacity(16 << 10);
    let read = std::fs::File::open(p).and_then(|f| f.take(16 << 10).read_to_end(&mut head));
    let format = match read {
        // An unreadable page is still a page: reading it fails and is reported.
        Err(_) => return always.then_some(3),
        Ok(_) => detect(&String::from_utf8_lossy(&head)),
    };
    match format {
        InputFormat::Hocr => Some(0),
        InputFormat::Alto => Some(1),
        InputFormat::Paddle => Some(2),
        InputFormat::Text => always.then_some(3),
    }
}

/// Read and decode one page, or say why it cannot be: its bytes make the skip test, its
/// text is what is cleaned.
pub(super) fn read(scans: &Path, out: &Path, input: &Input) -> Result<(Vec<u8>, ingest::Source), String> {
    let p = &input.path;
    let meta = std::fs::metadata(p).map_err(|e| e.to_string())?;
    let limit = if input.ocr { ingest::MAX_BYTES } else { MAX_PAGE };
    if meta.len() > limit {
        return Err(format!(
            "{} is larger than the {} page limit",
            crate::error::megabytes(meta.len()),
            crate::error::megabytes(limit)
        ));
    }
    let bytes = std::fs::read(p).map_err(|e| e.to_string())?;
    let name = rel(scans, p);
    if !input.ocr {
        let src = ingest::decode(&bytes, &name).map_err(|e| e.to_string())?;
        return Ok((bytes, src));
    }
    let hocr = tesseract_cached(p, &page_dir(out, &name), &bytes)?;
    let src = ingest::ocr::from_hocr(&hocr, name).map_err(|e| e.to_string())?;
    Ok((bytes, src))
}

/// The hOCR tesseract reads from the scan at `p`, run once: it is kept in the page's
/// output folder `dir` under the hash of the scan's `bytes`.
fn tesseract_cached(p: &Path, dir: &Path, bytes: &[u8]) -> Result<String, String> {
    let cache = dir.join(format!(".ocr-{:016x}.hocr", Fnv::default().feed(bytes).finish()));
    if let Ok(h) = std::fs::read_to_string(&cache) {
        return Ok(h);
    }
    let h = crate::ingest::ocr::tesseract(p).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    // What tesseract read from an earlier version of the scan is of no more use.
    for old in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let n = old.file_name();
        let n = n.to_string_lossy();
        if n.starts_with(".ocr-") && n.ends_with(".hocr") {
            let _ = std::fs::remove_file(old.path());
        }
    }
    crate::fsio::write_unsynced(&cache, h.as_bytes()).map_err(|e| e.to_string())?;
    Ok(h)
}

/// `p` as the batch names it: its path under `base`.
pub(super) fn rel(base: &Path, p: &Path) -> String {
    p.strip_prefix(base).unwrap_or(p).display().to_string()
}

/// The folder under OUT that holds one page's outputs: its path under SCANS, by stem.
pub(super) fn page_dir(out: &Path, relp: &str) -> PathBuf {
    out.join(batch_index::page_dir(relp))
}
