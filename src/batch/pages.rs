//! Finding the pages under SCANS and reading each one. A page is a stem in a folder: of
//! its files the richest input is read (hOCR, then ALTO, then PaddleOCR JSON, then plain
//! text, told apart by content); a stem with only a scan is read by tesseract under
//! `--ocr`, and skipped otherwise. What tesseract read is kept under OUT, so a scan costs
//! one tesseract run however often the batch runs.
//!
//! Symlinks are followed while they stay inside SCANS; one that leads out of it, loops,
//! dangles or is a second link to a folder already followed is not, and neither is what
//! is not a file (a FIFO is never opened: reading it could wait forever). Each is listed
//! with why.

use super::Batch;
use crate::hash::Fnv;
use crate::ingest;
use crate::render::batch_index::{self, NotRead, PageSummary};
use crate::scan;
use std::collections::{BTreeMap, HashSet};
use std::io::Read as _;
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
    /// What else was not read, and why.
    pub(super) not_read: Vec<NotRead>,
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
    let Walked { stems, not_read, failures } = walk(scans);
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
    Found { pages, skipped, not_read, failures }
}

/// What a walk of SCANS found.
struct Walked {
    /// Every stem with its page inputs and scans, in a stable order.
    stems: BTreeMap<PathBuf, Stem>,
    not_read: Vec<NotRead>,
    failures: Vec<PageSummary>,
}

/// Walk `scans`, following the symlinks that stay inside it: walkdir stops at a link
/// back to a folder it is in, and a folder is entered through one link at most, so the
/// walk ends however the links are laid.
fn walk(scans: &Path) -> Walked {
    let mut stems: BTreeMap<PathBuf, Stem> = BTreeMap::new();
    let mut not_read = Vec::new();
    let mut links_not_followed = Vec::new();
    let mut failures = Vec::new();
    let mut linked_folders = HashSet::new();
    let walk = walkdir::WalkDir::new(scans).follow_links(true).sort_by_file_name().into_iter().filter_entry(|e| {
        let why = link_not_followed(scans, e, &mut linked_folders);
        if let Some(reason) = &why {
            links_not_followed.push(NotRead { path: rel(scans, e.path()), reason: reason.clone() });
        }
        why.is_none()
    });
    for entry in walk {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let key = e.path().with_file_name(scan::page_stem(e.path()));
                if scan::is_image(e.path()) {
                    stems.entry(key).or_default().images.push(e.into_path());
                } else if let Some(rank) = page_rank(e.path()) {
                    stems.entry(key).or_default().texts.push((rank, e.into_path()));
                }
            }
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) => not_read.push(NotRead { path: rel(scans, e.path()), reason: not_a_file(e.file_type()) }),
            Err(e) => match not_followed(scans, &e) {
                Some(n) => not_read.push(n),
                None => failures.push(PageSummary::failed(
                    e.path().map(|p| rel(scans, p)).unwrap_or_else(|| "?".into()),
                    &e.to_string(),
                    0.0,
                )),
            },
        }
    }
    not_read.extend(links_not_followed);
    not_read.sort();
    Walked { stems, not_read, failures }
}

/// Why the symlink `e` is not followed, if it is one that is not: it leads out of
/// `scans`, or to a folder another link led to already (`linked`).
fn link_not_followed(scans: &Path, e: &walkdir::DirEntry, linked: &mut HashSet<PathBuf>) -> Option<String> {
    if !e.path_is_symlink() {
        return None;
    }
    let target = match std::fs::canonicalize(e.path()) {
        Ok(t) => t,
        Err(err) => return Some(format!("a symlink that cannot be followed: {err}")),
    };
    if !target.starts_with(scans) {
        return Some(format!("a symlink out of the scan folder (to {}): not followed", target.display()));
    }
    if e.file_type().is_dir() && !linked.insert(target.clone()) {
        return Some(format!(
            "a second symlink to the folder {}, read through the first: not followed",
            rel_dir(scans, &target)
        ));
    }
    None
}

/// A walk error that is a symlink not followed rather than a failure: a loop, or a link
/// to nothing.
fn not_followed(scans: &Path, e: &walkdir::Error) -> Option<NotRead> {
    let path = e.path()?;
    let reason = if let Some(ancestor) = e.loop_ancestor() {
        format!("a symlink loop (back to {}): not followed", rel_dir(scans, ancestor))
    } else if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) && !path.exists() {
        "a symlink to nothing: not followed".to_string()
    } else {
        return None;
    };
    Some(NotRead { path: rel(scans, path), reason })
}

/// Why something that is neither a file nor a folder is not read.
fn not_a_file(t: std::fs::FileType) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let what = if t.is_fifo() {
            "a named pipe (FIFO)"
        } else if t.is_socket() {
            "a socket"
        } else if t.is_block_device() || t.is_char_device() {
            "a device"
        } else {
            "not a file"
        };
        format!("{what}, not a file: never opened")
    }
    #[cfg(not(unix))]
    {
        let _ = t;
        "not a file: never opened".to_string()
    }
}

/// A folder under `scans` as the notes name it: `issue/`, or `./` for SCANS itself.
fn rel_dir(scans: &Path, dir: &Path) -> String {
    match dir.strip_prefix(scans) {
        Ok(r) if r.as_os_str().is_empty() => "./".to_string(),
        Ok(r) => format!("{}/", r.display()),
        Err(_) => dir.display().to_string(),
    }
}

/// How rich a page input is, by its content (lower is richer); `None`: not a page. A
/// `.txt` or `.hocr` file is always a page; XML, JSON and HTML only when they hold OCR.
fn page_rank(p: &Path) -> Option<u8> {
    use crate::geometry::{detect, InputFormat};
    let ext = p.extension().and_then(|e| e.to_str())?.to_ascii_lowercase();
    if ext == "pdf" {
        return Some(0);
    }
    let always = matches!(ext.as_str(), "txt" | "hocr");
    if !always && !matches!(ext.as_str(), "xml" | "json" | "html" | "htm") {
        return None;
    }
    // The format shows in the head of the file, as ingest tells it.
    let mut head = Vec::with_capacity(16 << 10);
    let read = std::fs::File::open(p).and_then(|f| f.take(16 << 10).read_to_end(&mut head));
    let head = match read {
        // An unreadable page is still a page: reading it fails and is reported.
        Err(_) => return always.then_some(4),
        Ok(_) => String::from_utf8_lossy(&head),
    };
    match detect(&head) {
        InputFormat::Hocr => Some(1),
        InputFormat::Alto => Some(2),
        // JSON that is not OCR (notes, a gold file) is no page.
        InputFormat::Paddle if crate::geometry::ocr_head(&head) => Some(3),
        InputFormat::Paddle | InputFormat::Text => always.then_some(4),
        // Told by the name above: a PDF's head is no text.
        InputFormat::Pdf => Some(0),
    }
}

/// Read and decode one page, or say why it cannot be: its bytes make the skip test, its
/// text is what is cleaned.
pub(super) fn read(batch: &Batch, input: &Input) -> Result<(Vec<u8>, ingest::Source), String> {
    let p = &input.path;
    let limit = if input.ocr { ingest::MAX_BYTES } else { MAX_PAGE };
    let bytes = read_file(p, limit)?;
    let name = rel(&batch.scans, p);
    if !input.ocr {
        let src = ingest::decode(&bytes, &name).map_err(|e| e.to_string())?;
        return Ok((bytes, src));
    }
    let hocr =
        tesseract_cached(p, &page_dir(&batch.out, &name), &bytes, batch.opts.ocr_lang.as_deref(), !batch.opts.check)?;
    let src = ingest::ocr::from_hocr(&hocr, name).map_err(|e| e.to_string())?;
    Ok((bytes, src))
}

/// The bytes of the file at `p`, at most `limit` of them. What the walk found a file may
/// be something else by now: only a file is opened, and the limit holds while reading,
/// whatever its size said.
fn read_file(p: &Path, limit: u64) -> Result<Vec<u8>, String> {
    use crate::error::megabytes;
    let meta = std::fs::metadata(p).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err(not_a_file(meta.file_type()));
    }
    if meta.len() > limit {
        return Err(format!("{} is larger than the {} page limit", megabytes(meta.len()), megabytes(limit)));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(p).and_then(|f| f.take(limit + 1).read_to_end(&mut bytes)).map_err(|e| e.to_string())?;
    if bytes.len() as u64 > limit {
        return Err(format!("it grew past the {} page limit while being read", megabytes(limit)));
    }
    Ok(bytes)
}

/// The hOCR tesseract reads from the scan at `p` (with the model `lang`, else the one
/// the page asks for), run once: it is kept in the page's output folder `dir` under the
/// hash of the scan's `bytes` and the model forced (none hashes as before `--ocr-lang`
/// was), unless not to `keep` it: `--check` writes nothing.
fn tesseract_cached(p: &Path, dir: &Path, bytes: &[u8], lang: Option<&str>, keep: bool) -> Result<String, String> {
    let key = Fnv::default().feed(bytes).feed(lang.unwrap_or("").as_bytes()).finish();
    let cache = dir.join(format!(".ocr-{key:016x}.hocr"));
    if let Ok(h) = std::fs::read_to_string(&cache) {
        return Ok(h);
    }
    let h = crate::ingest::ocr::hocr_of(p, lang).map_err(|e| e.to_string())?;
    if !keep {
        return Ok(h);
    }
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
