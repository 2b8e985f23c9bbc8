//! Batch: clean a whole scan folder. Pages are found under SCANS, cleaned in parallel and
//! written under OUT in the same folders: per page the cleaned page with its review file,
//! the page JSON, the HTML report and one file per article; for the batch an index and a
//! summary. SCANS is only read. Every write is atomic, and a page's outputs count as done
//! only once its marker is written last, so a batch killed half-way is finished by the
//! next run; a page whose input, rules and newsmend version are unchanged is skipped.
//!
//! Pages of one folder are one issue: lines that stand at the top or bottom of two or
//! more of its pages are running heads on all of them, and an article whose jump line
//! sends it on to another page is stitched with its continuation there.
//!
//! A page is a stem in a folder: of its files the richest input is read (hOCR, then
//! ALTO, then PaddleOCR JSON, then plain text, told apart by content); the scan beside it
//! gives the report its line crops and the page an `overview.png` of its articles. A
//! stem with only a scan is read by tesseract under `--ocr`, and skipped otherwise.

mod jsonl;

pub use jsonl::jsonl;

use crate::edit::EditFilter;
use crate::error::{Error, Result};
use crate::hash::Fnv;
use crate::render::batch_index::{self, PageSummary, Summary};
use crate::render::{self, report};
use crate::review::{ReviewFile, Status};
use crate::scan::{self, Scan};
use crate::structure::{self, KnownFurniture};
use crate::{ingest, Engine};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What a batch run is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub scans: PathBuf,
    pub out: PathBuf,
    pub jobs: Option<usize>,
    pub text: bool,
    pub markdown: bool,
    pub quiet: bool,
    pub filter: EditFilter,
    /// Read scans without OCR text with tesseract.
    pub ocr: bool,
    /// A fingerprint of the rules in force: a change re-cleans every page.
    pub rules_fingerprint: u64,
}

/// How rich a page input is, by its content (lower is richer); `None`: not a page. A
/// `.txt` or `.hocr` file is always a page; XML, JSON and HTML only when they hold OCR.
fn page_rank(p: &Path) -> Option<u8> {
    use crate::geometry::{detect, Format};
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
        Format::Hocr => Some(0),
        Format::Alto => Some(1),
        Format::Paddle => Some(2),
        Format::Text => always.then_some(3),
    }
}

/// A page to clean: the file its text comes from, and whether that is a scan for
/// tesseract to read.
#[derive(Debug, Clone)]
struct Input {
    path: PathBuf,
    ocr: bool,
}

/// The files of one stem in one folder.
#[derive(Default)]
struct Stem {
    texts: Vec<(u8, PathBuf)>,
    images: Vec<PathBuf>,
}

/// Largest page a batch reads; a larger file is reported, not read.
const MAX_PAGE: u64 = 64 << 20;

/// Run the batch. Failures of single pages are in the summary; an error here means the
/// batch itself could not run.
pub fn run(engine: &Engine, opts: &Options) -> Result<Summary> {
    let started = Instant::now();
    let scans = std::fs::canonicalize(&opts.scans).map_err(|e| Error::io(&opts.scans, e))?;
    if !scans.is_dir() {
        return Err(Error::Usage(format!("{}: not a folder", opts.scans.display())));
    }
    std::fs::create_dir_all(&opts.out).map_err(|e| Error::io(&opts.out, e))?;
    let out = std::fs::canonicalize(&opts.out).map_err(|e| Error::io(&opts.out, e))?;
    if out.starts_with(&scans) {
        return Err(Error::Usage(format!(
            "{}: the output folder lies inside the scan folder {}, which newsmend never writes to",
            opts.out.display(),
            opts.scans.display()
        )));
    }

    // Find the pages, in a stable order; what cannot be read is a failure to report.
    let mut stems: BTreeMap<PathBuf, Stem> = BTreeMap::new();
    let mut failures: Vec<PageSummary> = Vec::new();
    for entry in walkdir::WalkDir::new(&scans).follow_links(false).sort_by_file_name() {
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
            Err(e) => failures.push(failed(
                e.path().map(|p| rel(&scans, p)).unwrap_or_else(|| "?".into()),
                &e.to_string(),
                0.0,
            )),
        }
    }
    let mut pages: Vec<Input> = Vec::new();
    let mut skipped = Vec::new();
    for (_, mut stem) in stems {
        stem.texts.sort();
        if let Some((_, path)) = stem.texts.into_iter().next() {
            pages.push(Input { path, ocr: false });
        } else if let Some(path) = stem.images.into_iter().next() {
            if opts.ocr {
                pages.push(Input { path, ocr: true });
            } else {
                skipped.push(rel(&scans, &path));
            }
        }
    }
    if pages.iter().any(|p| p.ocr) && !scan::tesseract_available() {
        return Err(Error::MissingTool { tool: "tesseract", install: crate::geometry::TESSERACT_INSTALL });
    }

    // Read every page once: its bytes make the skip test, its text the issue context.
    // Each folder is an issue (a folder of one page each, `issue/p01/page.txt`, counts its
    // parent): lines at the edges of two or more of its pages are its running heads.
    let mut per_folder: HashMap<PathBuf, usize> = HashMap::new();
    for Input { path: p, .. } in &pages {
        *per_folder.entry(p.parent().map(Path::to_path_buf).unwrap_or_default()).or_default() += 1;
    }
    let issue_of = |p: &Path| -> PathBuf {
        let parent = p.parent().map(Path::to_path_buf).unwrap_or_default();
        match (per_folder.get(&parent), parent.parent()) {
            (Some(1), Some(grand)) if grand.starts_with(&scans) => grand.to_path_buf(),
            _ => parent,
        }
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.unwrap_or(0))
        .build()
        .map_err(|e| Error::Usage(format!("-j: {e}")))?;
    // A first read of every page keeps only its edge lines: memory stays that of the
    // pages in flight, not of the whole folder. Scans are read by tesseract here, the
    // slow part of an --ocr batch, so it has its own progress bar.
    let scans_to_read = pages.iter().filter(|p| p.ocr).count() as u64;
    let ocr_progress = if scans_to_read > 0 { progress_bar(scans_to_read, opts.quiet) } else { None };
    if let Some(pb) = &ocr_progress {
        pb.set_message("tesseract");
    }
    let edges: Vec<Vec<u64>> = pool.install(|| {
        pages
            .par_iter()
            .map(|p| {
                let keys = match read_page(&scans, &out, p) {
                    Ok((_, src)) => {
                        let mut k = structure::edge_keys(&src.text);
                        k.sort_unstable();
                        k.dedup();
                        k
                    }
                    Err(_) => Vec::new(),
                };
                if let (true, Some(pb)) = (p.ocr, &ocr_progress) {
                    pb.inc(1);
                }
                keys
            })
            .collect()
    });
    if let Some(pb) = ocr_progress {
        pb.finish_and_clear();
    }
    let mut folder_keys: HashMap<PathBuf, HashMap<u64, usize>> = HashMap::new();
    for (p, keys) in pages.iter().zip(&edges) {
        let m = folder_keys.entry(issue_of(&p.path)).or_default();
        for &k in keys {
            *m.entry(k).or_default() += 1;
        }
    }
    drop(edges);
    let known: HashMap<PathBuf, KnownFurniture> = folder_keys
        .into_iter()
        .map(|(f, m)| (f, m.into_iter().filter(|&(_, n)| n >= 2).map(|(k, _)| k).collect()))
        .collect();
    let inputs = &pages;

    let progress = progress_bar(inputs.len() as u64, opts.quiet);
    let results: Vec<(PageSummary, Option<PageArticles>)> = pool.install(|| {
        inputs
            .par_iter()
            .map(|input| {
                let t = Instant::now();
                let p = &input.path;
                let relp = rel(&scans, p);
                let res = match read_page(&scans, &out, input) {
                    Err(why) => (failed(relp, &why, t.elapsed().as_secs_f64()), None),
                    Ok((bytes, src)) => {
                        let empty = KnownFurniture::new();
                        let issue = issue_of(p);
                        let k = known.get(&issue).unwrap_or(&empty);
                        match page(engine, opts, &out, &relp, &rel(&scans, &issue), &bytes, &src, k) {
                            Ok((mut s, arts)) => {
                                s.seconds = t.elapsed().as_secs_f64();
                                (s, arts)
                            }
                            Err(e) => (failed(relp, &e.to_string(), t.elapsed().as_secs_f64()), None),
                        }
                    }
                };
                if let Some(pb) = &progress {
                    pb.inc(1);
                }
                res
            })
            .collect()
    });
    if let Some(pb) = progress {
        pb.finish_and_clear();
    }

    // Stitch articles across the pages of each issue.
    let stitched = stitch(&out, &results, opts)?;

    let mut summary = Summary {
        scans: opts.scans.display().to_string(),
        pages: results.len(),
        cleaned: 0,
        unchanged: 0,
        failed: 0,
        articles: 0,
        stitched,
        edits: BTreeMap::new(),
        seconds: 0.0,
        failures,
        page_list: Vec::new(),
        skipped,
    };
    for (s, _) in results {
        match s.status.as_str() {
            "cleaned" => summary.cleaned += 1,
            "unchanged" => summary.unchanged += 1,
            _ => summary.failures.push(s.clone()),
        }
        summary.articles += s.articles;
        for (r, n) in &s.edits {
            *summary.edits.entry(r.clone()).or_default() += n;
        }
        summary.page_list.push(s);
    }
    summary.failed = summary.failures.len();
    summary.seconds = started.elapsed().as_secs_f64();
    crate::fsio::write_out(Some(&out.join("summary.json")), summary.json().as_bytes())?;
    crate::fsio::write_out(Some(&out.join("index.html")), batch_index::html(&summary).as_bytes())?;
    Ok(summary)
}

/// Read and decode one page, or say why it cannot be. A scan is read by tesseract once:
/// its hOCR is kept in the page's output folder under the scan's hash.
fn read_page(scans: &Path, out: &Path, input: &Input) -> std::result::Result<(Vec<u8>, ingest::Source), String> {
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
    let dir = page_dir(out, &name);
    let cache = dir.join(format!(".ocr-{:016x}.hocr", Fnv::default().feed(&bytes).finish()));
    let hocr = match std::fs::read_to_string(&cache) {
        Ok(h) => h,
        Err(_) => {
            let h = crate::geometry::tesseract(p).map_err(|e| e.to_string())?;
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            // What tesseract read from an earlier version of the scan is of no more use.
            for old in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let n = old.file_name();
                let n = n.to_string_lossy();
                if n.starts_with(".ocr-") && n.ends_with(".hocr") {
                    let _ = std::fs::remove_file(old.path());
                }
            }
            crate::fsio::write_out(Some(&cache), h.as_bytes()).map_err(|e| e.to_string())?;
            h
        }
    };
    let (text, layout) = crate::geometry::page_layout(&hocr, &name).map_err(|e| e.to_string())?;
    Ok((bytes, ingest::Source { name, encoding: "UTF-8", text, layout }))
}

fn rel(base: &Path, p: &Path) -> String {
    p.strip_prefix(base).unwrap_or(p).display().to_string()
}

fn failed(page: String, why: &str, seconds: f64) -> PageSummary {
    PageSummary {
        page,
        status: "failed".into(),
        error: Some(why.to_string()),
        articles: 0,
        edits: BTreeMap::new(),
        review_edits: 0,
        pending: 0,
        seconds,
    }
}

fn progress_bar(n: u64, quiet: bool) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let pb = indicatif::ProgressBar::new(n);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pages  {per_sec}  eta {eta}  {wide_msg}")
    {
        pb.set_style(style);
    }
    Some(pb)
}

/// The articles of one page, kept for stitching across pages.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct PageArticles {
    folder: String,
    stem: String,
    /// The page's own label: the page number its running heads or its name give.
    label: Option<u32>,
    articles: Vec<render::ArticleText>,
}

/// A page's done marker: the stamp of its input, rules and version, and its results.
#[derive(Debug, Serialize, Deserialize)]
struct Done {
    stamp: String,
    summary: PageSummary,
    articles: PageArticles,
}

/// The folder under OUT that holds one page's outputs: its path under SCANS, by stem.
fn page_dir(out: &Path, relp: &str) -> PathBuf {
    out.join(batch_index::page_dir(relp))
}

/// Clean one page and write its outputs, or find them done already.
#[allow(clippy::too_many_arguments)]
fn page(
    engine: &Engine,
    opts: &Options,
    out: &Path,
    relp: &str,
    issue: &str,
    bytes: &[u8],
    src: &ingest::Source,
    known: &KnownFurniture,
) -> Result<(PageSummary, Option<PageArticles>)> {
    let dir = page_dir(out, relp);
    let mut h = Fnv::default();
    h.feed(bytes).feed(&opts.rules_fingerprint.to_le_bytes()).feed(env!("CARGO_PKG_VERSION").as_bytes());
    let mut keys: Vec<&u64> = known.iter().collect();
    keys.sort_unstable();
    for k in keys {
        h.feed(&k.to_le_bytes());
    }
    h.feed(&[u8::from(opts.text), u8::from(opts.markdown)]);
    for d in &opts.filter.disabled {
        h.feed(d.as_bytes());
    }
    h.feed(&[u8::from(opts.filter.safe_only)]);
    // A scan put beside the page, changed or taken away changes its report and overview.
    let image = scan::image_for(&opts.scans.join(relp), src.layout.as_ref());
    if let Some(img) = &image {
        let meta = std::fs::metadata(img).ok();
        let modified =
            meta.as_ref().and_then(|m| m.modified().ok()).and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
        h.feed(img.as_os_str().as_encoded_bytes())
            .feed(&meta.map_or(0, |m| m.len()).to_le_bytes())
            .feed(&modified.map_or(0, |d| d.as_nanos()).to_le_bytes());
    }
    let h = h.finish();
    let marker = dir.join(".done");
    let stamp = format!("{h:016x}");
    let done: Option<Done> = std::fs::read_to_string(&marker).ok().and_then(|t| serde_json::from_str(&t).ok());
    if let Some(done) = done.filter(|d| d.stamp == stamp) {
        // Done before: the marker holds its summary and its jumping articles.
        let (mut s, a) = (done.summary, done.articles);
        {
            s.status = "unchanged".into();
            // The pending count follows decisions made since.
            if let Ok(r) = ReviewFile::load(&dir.join("page.txt")) {
                s.pending = r.edits.iter().filter(|e| e.status == Status::Pending).count();
            }
            return Ok((s, Some(a)));
        }
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let cleaned = engine.clean_with(&src.text, &opts.filter, known);
    let page_txt = dir.join("page.txt");
    let previous = ReviewFile::load(&page_txt).ok().filter(|p| p.input == src.text);
    let pending = crate::review::write_proposal(
        &page_txt,
        &src.name,
        src.encoding,
        &src.text,
        cleaned.accepted_edits(),
        previous.as_ref(),
    )?;
    let write = |name: &str, bytes: &[u8]| crate::fsio::write_out(Some(&dir.join(name)), bytes);
    write("page.json", render::json::page(src, &cleaned).as_bytes())?;
    let scan = image.as_deref().and_then(|p| Scan::open(p, src.layout.as_ref()));
    write("report.html", report::html_with_scan(src, &cleaned, scan.as_ref()).as_bytes())?;
    if let (Some(scan), Some(layout)) = (&scan, &src.layout) {
        if let Some(png) = scan::overview(scan, layout, &cleaned.structure) {
            write("overview.png", &png)?;
        }
    }
    drop(scan);
    let articles = render::articles(&src.text, &cleaned);
    for (i, a) in articles.iter().enumerate() {
        if opts.text {
            write(&format!("article-{:02}.txt", i + 1), render::text::article(a).as_bytes())?;
        }
        if opts.markdown {
            write(&format!("article-{:02}.md", i + 1), render::markdown::of_articles(std::slice::from_ref(a)).as_bytes())?;
        }
    }
    let mut edits: BTreeMap<String, usize> = BTreeMap::new();
    for e in cleaned.accepted_edits() {
        *edits.entry(e.rule().to_string()).or_default() += 1;
    }
    let summary = PageSummary {
        page: relp.to_string(),
        status: "cleaned".into(),
        error: None,
        articles: articles.len(),
        review_edits: cleaned.accepted_edits().filter(|e| e.applicability == crate::Applicability::Review).count(),
        pending,
        edits,
        seconds: 0.0,
    };
    let path = Path::new(relp);
    let pa = PageArticles {
        folder: issue.to_string(),
        // The page's own name: its file, or its folder when that holds just this page.
        stem: batch_index::page_dir(relp).strip_prefix(issue).unwrap_or(Path::new(relp)).display().to_string().replace('/', "-"),
        label: page_label(&render::running_heads(&src.text, &cleaned), path),
        articles,
    };
    // Only articles that jump pages, and the first (a continuation whose jump line OCR
    // may have lost), matter for stitching: keep nothing else.
    let pa = PageArticles {
        articles: pa
            .articles
            .into_iter()
            .enumerate()
            .filter(|(i, a)| *i == 0 || a.continues_on.is_some() || a.continued_from.is_some())
            .map(|(_, a)| a)
            .collect(),
        ..pa
    };
    // Last: the marker that says every output above is in place, with what a later run
    // needs of this page without reading it again.
    let done = Done { stamp, summary, articles: pa };
    write(".done", serde_json::to_string(&done).unwrap_or_default().as_bytes())?;
    Ok((done.summary, Some(done.articles)))
}

/// The page's number: from a page label in its running heads (`A02`, `第2版`), else the
/// last number in its file name (`p02`).
fn page_label(heads: &[String], path: &Path) -> Option<u32> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(r"(?:(?-u:\b)[A-Z]\s*(\d{1,2})(?-u:\b)|第\s*(\d{1,2})\s*版)").expect("page label")
    });
    for h in heads {
        if let Some(c) = re.captures(h) {
            if let Some(m) = c.get(1).or_else(|| c.get(2)) {
                return m.as_str().parse().ok();
            }
        }
    }
    let stem = path.file_stem()?.to_string_lossy();
    let digits: String =
        stem.chars().rev().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).collect();
    digits.chars().rev().collect::<String>().parse().ok()
}

/// The number in a jump label (`A02`, `2`).
fn label_number(s: &str) -> Option<u32> {
    s.chars().filter(char::is_ascii_digit).collect::<String>().parse().ok()
}

/// Join articles that jump from one page to another of the same issue: an article that
/// continues on page N, and on page N the article continued from this page. Written as
/// one file per stitched article beside the issue's pages, naming both.
fn stitch(out: &Path, results: &[(PageSummary, Option<PageArticles>)], opts: &Options) -> Result<usize> {
    let pages: Vec<&PageArticles> = results.iter().filter_map(|(_, a)| a.as_ref()).collect();
    let mut n = 0;
    for from in &pages {
        for a in &from.articles {
            let Some(target) = a.continues_on.as_deref().and_then(label_number) else { continue };
            let Some(to) = pages.iter().find(|p| p.folder == from.folder && p.label == Some(target)) else { continue };
            // The continuation names this page; or, when OCR lost its jump line, it is the
            // page's first article, which has no headline of its own.
            let named = to
                .articles
                .iter()
                .find(|b| b.continued_from.as_deref().and_then(label_number).is_some_and(|l| Some(l) == from.label));
            let unnamed = || {
                to.articles
                    .first()
                    .filter(|b| b.headings.is_empty() && b.continued_from.is_none() && b.continues_on.is_none())
            };
            let Some(rest) = named.or_else(unnamed) else {
                continue;
            };
            let mut whole = a.clone();
            let mut paragraphs = rest.paragraphs.clone();
            // A paragraph cut by the page break goes on in the first one of the rest.
            if let (Some(last), Some(first)) = (whole.paragraphs.last_mut(), paragraphs.first()) {
                let ends = last.chars().next_back().is_some_and(|c| matches!(c, '。' | '！' | '？' | '”' | '…'));
                if !ends {
                    last.push_str(first);
                    paragraphs.remove(0);
                }
            }
            whole.paragraphs.extend(paragraphs);
            whole.continues_on = None;
            whole.continued_from = None;
            n += 1;
            let name = format!("{}+{}-{:02}", from.stem, to.stem, n);
            let dir = out.join(&from.folder);
            let note = format!("<!-- pages: {} and {} -->\n", from.stem, to.stem);
            if opts.markdown {
                crate::fsio::write_out(
                    Some(&dir.join(format!("{name}.md"))),
                    format!("{note}\n{}", render::markdown::of_articles(std::slice::from_ref(&whole))).as_bytes(),
                )?;
            }
            if opts.text || !opts.markdown {
                crate::fsio::write_out(
                    Some(&dir.join(format!("{name}.txt"))),
                    format!("[pages {} and {}]\n\n{}", from.stem, to.stem, render::text::article(&whole)).as_bytes(),
                )?;
            }
        }
    }
    Ok(n)
}
