//! Batch: clean a whole scan folder. Pages are found under SCANS, cleaned in parallel and
//! written under OUT in the same folders: per page the cleaned page with its review file,
//! the page JSON, the HTML report and one file per article; for the batch an index and a
//! summary. SCANS is only read. Every write is atomic, and a page's outputs count as done
//! only once its marker is written last, so a batch killed half-way is finished by the
//! next run; a page whose input, rules and newsmend version are unchanged is skipped.
//! A write that fails (a full disk) fails its page, or its stitched article, summary or
//! index, and the rest is still done. Under `--check` nothing is written at all: the run
//! only finds which pages are done.
//!
//! The steps, one module each: `pages` finds and reads the pages, `issue` learns what the
//! pages of one issue share and stitches articles across them, `page` cleans one page and
//! writes its outputs. `jsonl` is `clean --jsonl`, the batch of a stream. Under
//! `--shard I/N` a run takes only the issues of one shard, whole (`issue::take_shard`).

mod issue;
mod jsonl;
mod page;
mod pages;

pub use jsonl::{jsonl, JsonlStream, WRITTEN_FIELDS};

use crate::edit::EditFilter;
use crate::error::{Error, Result};
use crate::render::batch_index::{self, PageSummary, Summary};
use crate::shard::Shard;
use crate::Engine;
use issue::Issues;
use issue::Outcome;
use pages::{Found, Input};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
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
    /// The tesseract model to read them with; none: chosen per page.
    pub ocr_lang: Option<String>,
    /// A fingerprint of the rules in force: a change re-cleans every page.
    pub rules_fingerprint: u64,
    /// Write nothing: only find which pages are done, and which are new or changed.
    pub check: bool,
    /// Take only the issues in this part of SCANS (`--shard I/N`); none: all of them.
    pub shard: Option<Shard>,
}

/// What a run did: its summary, and the batch's own files that could not be written
/// (stitched articles, `summary.json`, `index.html`), each an error to report.
#[derive(Debug)]
pub struct Report {
    pub summary: Summary,
    pub errors: Vec<Error>,
}

/// What every step of a run works with: the folders made absolute and the workers.
struct Batch<'a> {
    engine: &'a Engine,
    opts: &'a Options,
    scans: PathBuf,
    out: PathBuf,
    pool: rayon::ThreadPool,
}

/// Run the batch. Failures of single pages are in the summary, and failed writes of the
/// batch's own files in the report; an error here means the batch itself could not run.
pub fn run(engine: &Engine, opts: &Options) -> Result<Report> {
    let started = Instant::now();
    let (scans, out) = folders(opts)?;
    let mut found = pages::find(&scans, opts.ocr);
    if let Some(shard) = opts.shard {
        issue::take_shard(&scans, shard, &mut found);
    }
    let Found { pages, skipped, not_read, failures } = found;
    if pages.iter().any(|p| p.ocr) && !crate::ingest::ocr::tesseract_available() {
        return Err(Error::MissingTool { tool: "tesseract", install: crate::ingest::ocr::TESSERACT_INSTALL });
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.unwrap_or(0))
        .build()
        .map_err(|e| Error::Usage(format!("-j: {e}")))?;
    let batch = Batch { engine, opts, scans, out, pool };
    let issues = Issues::learn(&batch, &pages);
    let results = clean_all(&batch, &issues, &pages);
    let mut errors = Vec::new();
    let stitched = if opts.check { 0 } else { issue::stitch(&batch.out, &results, opts, &mut errors) };
    let mut summary = summarize(opts, results, failures, skipped, stitched);
    summary.not_read = not_read;
    summary.seconds = started.elapsed().as_secs_f64();
    if !opts.check {
        let html = batch_index::html(&summary);
        for (name, bytes) in [("summary.json", summary.json()), ("index.html", html)] {
            if let Err(e) = crate::fsio::write_unsynced(&batch.out.join(name), bytes.as_bytes()) {
                errors.push(e);
            }
        }
    }
    Ok(Report { summary, errors })
}

/// SCANS and OUT made absolute, OUT made if need be (not under `--check`); OUT may not
/// lie inside SCANS, which newsmend never writes to, and that is known before anything
/// is made.
fn folders(opts: &Options) -> Result<(PathBuf, PathBuf)> {
    let scans = std::fs::canonicalize(&opts.scans).map_err(|e| Error::io(&opts.scans, e))?;
    if !scans.is_dir() {
        return Err(Error::Usage(format!("{}: not a folder", opts.scans.display())));
    }
    let out = resolve(&opts.out).map_err(|e| Error::io(&opts.out, e))?;
    if out.starts_with(&scans) {
        return Err(Error::Usage(format!(
            "{}: the output folder lies inside the scan folder {}, which newsmend never writes to",
            opts.out.display(),
            opts.scans.display()
        )));
    }
    if !opts.check {
        std::fs::create_dir_all(&out).map_err(|e| Error::io(&opts.out, e))?;
    }
    Ok((scans, out))
}

/// The path `p` will have once made: absolute, every symlink on the part that exists
/// resolved, `.` and `..` taken as they will be. The part that does not exist yet will
/// be made of plain folders, so `..` there is the folder before.
fn resolve(p: &Path) -> std::io::Result<PathBuf> {
    let whole = std::path::absolute(p)?;
    let mut at = PathBuf::new();
    for part in whole.components() {
        match part {
            Component::ParentDir => {
                at.pop();
            }
            Component::CurDir => {}
            Component::Normal(name) => {
                at.push(name);
                if std::fs::symlink_metadata(&at).is_ok() {
                    at = std::fs::canonicalize(&at)?;
                }
            }
            root => at.push(root),
        }
    }
    Ok(at)
}

/// Clean every page in parallel, in the order of `pages`.
fn clean_all(batch: &Batch, issues: &Issues, pages: &[Input]) -> Vec<Outcome> {
    let progress = progress_bar(pages.len() as u64, batch.opts.quiet);
    let results = batch.pool.install(|| {
        pages
            .par_iter()
            .map(|input| {
                let res = page::run(batch, issues, input);
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
    results
}

/// The run's summary from its pages' outcomes; what could not be walked comes first
/// among the failures. Its time is the caller's to set.
fn summarize(
    opts: &Options,
    results: Vec<Outcome>,
    failures: Vec<PageSummary>,
    skipped: Vec<String>,
    stitched: usize,
) -> Summary {
    let mut summary = Summary {
        scans: opts.scans.display().to_string(),
        shard: opts.shard,
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
        not_read: Vec::new(),
    };
    for (s, _) in results {
        match s.status.as_str() {
            "cleaned" => summary.cleaned += 1,
            "unchanged" => summary.unchanged += 1,
            "failed" => summary.failures.push(s.clone()),
            // Under --check: to be cleaned, new or changed.
            _ => {}
        }
        summary.articles += s.articles;
        for (r, n) in &s.edits {
            *summary.edits.entry(r.clone()).or_default() += n;
        }
        summary.page_list.push(s);
    }
    summary.failed = summary.failures.len();
    summary
}

/// A progress bar on a terminal, unless asked to be quiet.
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
