//! Cleaning one page and writing its outputs in its folder under OUT: the cleaned page
//! with its review file, the page JSON, the HTML report, the scan's `overview.png` and
//! one file per article. Every write is atomic, and the `.done` marker is written last:
//! a page counts as done only once it is there, so a batch killed half-way is finished
//! by the next run, and a page whose marker holds the stamp of its input, rules, options
//! and newsmend version is skipped. Under `--check` nothing is written: a page is only
//! found done, or not.

use super::issue::{Issues, Outcome, PageArticles};
use super::pages::{self, Input};
use super::{Batch, Options};
use crate::error::{Error, Result};
use crate::fsio::Durability;
use crate::hash::Fnv;
use crate::ingest;
use crate::render::batch_index::PageSummary;
use crate::render::{self, report};
use crate::review::{Proposed, ReviewFile, Status};
use crate::scan::{self, Scan};
use crate::structure::KnownFurniture;
use crate::Cleaned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// One page read, with what its issue knows.
struct PageJob<'a> {
    /// Its path under SCANS.
    rel: &'a str,
    /// Its issue's folder under SCANS.
    issue: &'a str,
    bytes: &'a [u8],
    src: &'a ingest::Source,
    known: &'a KnownFurniture,
}

/// The form of a page's outputs and marker beyond what newsmend's version says: raised
/// when they change within a version, so that every page is cleaned again once (2: the
/// articles kept for stitching name pages by their folder when it holds just them).
const OUTPUTS: u32 = 2;

/// A page's done marker: the stamp of its input, rules and version, and its results.
#[derive(Debug, Serialize, Deserialize)]
struct Done {
    stamp: String,
    summary: PageSummary,
    articles: PageArticles,
}

/// Read, clean and time one page; a page that fails is a summary saying why.
pub(super) fn run(batch: &Batch, issues: &Issues, input: &Input) -> Outcome {
    let t = Instant::now();
    let relp = pages::rel(&batch.scans, &input.path);
    let failed = |why: &str| {
        // What went wrong with the page itself names it already, as the summary does.
        let why = why.strip_prefix(relp.as_str()).and_then(|w| w.strip_prefix(": ")).unwrap_or(why);
        (PageSummary::failed(relp.clone(), why, t.elapsed().as_secs_f64()), None)
    };
    let (bytes, src) = match pages::read(batch, input) {
        Ok(read) => read,
        Err(why) => return failed(&why),
    };
    let issue = issues.of(&input.path);
    let issue_rel = pages::rel(&batch.scans, &issue);
    let page = PageJob { rel: &relp, issue: &issue_rel, bytes: &bytes, src: &src, known: issues.furniture(&issue) };
    match clean(batch, &page) {
        Ok((mut s, arts)) => {
            s.seconds = t.elapsed().as_secs_f64();
            (s, arts)
        }
        Err(e) => failed(&e.to_string()),
    }
}

/// Clean one page and write its outputs, or find them done already; under `--check`,
/// say whether they are.
fn clean(batch: &Batch, page: &PageJob) -> Result<Outcome> {
    let (opts, src) = (batch.opts, page.src);
    let dir = pages::page_dir(&batch.out, page.rel);
    let image = image(batch, page);
    let stamp = stamp(opts, page, image.as_deref().map(|i| (pages::rel(&batch.scans, i), i)));
    let marker = marker(&dir);
    let was_done = marker.is_some();
    if let Some(done) = marker.and_then(|m| done_before(&dir, m, &stamp)) {
        return Ok(done);
    }
    if opts.check {
        return Ok((PageSummary::to_clean(page.rel.into(), if was_done { "changed" } else { "new" }), None));
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let cleaned = batch.engine.clean_source_with(src, &opts.filter, page.known, true);
    let proposed = write_review(&dir, src, &cleaned)?;
    write_reports(&dir, src, &cleaned, image.as_deref())?;
    let articles = render::articles(&src.text, &cleaned);
    write_articles(opts, &dir, &articles)?;
    let summary = summary(page.rel, &cleaned, articles.len(), proposed);
    let heads = render::running_heads(&src.text, &cleaned);
    let articles = PageArticles::new(page.issue, page.rel, &heads, articles);
    // Last: the marker that says every output above is in place, with what a later run
    // needs of this page without reading it again.
    let done = Done { stamp, summary, articles };
    write(&dir, ".done", serde_json::to_string(&done).unwrap_or_default().as_bytes())?;
    Ok((done.summary, Some(done.articles)))
}

/// The scan beside the page, if there is one inside SCANS: one a symlink takes out of it
/// is not read, as no page there is.
fn image(batch: &Batch, page: &PageJob) -> Option<PathBuf> {
    let img = scan::image_for(&batch.scans.join(page.rel), page.src.layout.as_ref())?;
    std::fs::canonicalize(&img).is_ok_and(|real| real.starts_with(&batch.scans)).then_some(img)
}

/// What the page's outputs are made of: its bytes, the rules, newsmend's version, its
/// issue's running heads, the options that shape the outputs, and its scan, if any (by
/// its path under SCANS, so `scans` and `./scans` are the same batch).
fn stamp(opts: &Options, page: &PageJob, image: Option<(String, &Path)>) -> String {
    let mut h = Fnv::default();
    h.feed(page.bytes).feed(&opts.rules_fingerprint.to_le_bytes()).feed(env!("CARGO_PKG_VERSION").as_bytes());
    h.feed(&OUTPUTS.to_le_bytes());
    let mut keys: Vec<&u64> = page.known.iter().collect();
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
    if let Some((name, img)) = image {
        let meta = std::fs::metadata(img).ok();
        let modified =
            meta.as_ref().and_then(|m| m.modified().ok()).and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
        h.feed(name.as_bytes())
            .feed(&meta.map_or(0, |m| m.len()).to_le_bytes())
            .feed(&modified.map_or(0, |d| d.as_nanos()).to_le_bytes());
    }
    format!("{:016x}", h.finish())
}

/// The page's marker, if it was done before.
fn marker(dir: &Path) -> Option<Done> {
    serde_json::from_str(&std::fs::read_to_string(dir.join(".done")).ok()?).ok()
}

/// The page's outcome from its marker, when the marker holds `stamp`: it was done before
/// from the same input, so it is not cleaned again.
fn done_before(dir: &Path, done: Done, stamp: &str) -> Option<Outcome> {
    if done.stamp != stamp {
        return None;
    }
    let mut s = done.summary;
    s.status = "unchanged".into();
    // Said by the run that dropped them; this one found the page as that run left it.
    s.decisions = None;
    // The pending count follows decisions made since.
    if let Ok(r) = ReviewFile::load(&dir.join("page.txt")) {
        s.pending = r.edits.iter().filter(|e| e.status == Status::Pending).count();
    }
    Some((s, Some(done.articles)))
}

/// Write `page.txt` and its review file as `clean -o` does: the decisions of an earlier
/// run stand on every edit still found, whatever changed since (see
/// [`crate::review::write_proposal`]).
fn write_review(dir: &Path, src: &ingest::Source, cleaned: &Cleaned) -> Result<Proposed> {
    let page_txt = dir.join("page.txt");
    let edits = cleaned.accepted_edits();
    crate::review::write_proposal(&page_txt, &src.name, src.encoding, &src.text, edits, Durability::Unsynced)
}

/// Write the page JSON, the HTML report (with line crops when there is a scan) and the
/// scan's overview of the page's articles.
fn write_reports(dir: &Path, src: &ingest::Source, cleaned: &Cleaned, image: Option<&Path>) -> Result<()> {
    write(dir, "page.json", render::json::page(src, cleaned).as_bytes())?;
    let scan = image.and_then(|p| Scan::open(p, src.layout.as_ref()));
    write(dir, "report.html", report::html_with_scan(src, cleaned, scan.as_ref()).as_bytes())?;
    if let (Some(scan), Some(layout)) = (&scan, &src.layout) {
        if let Some(png) = scan::overview(scan, layout, &cleaned.structure) {
            write(dir, "overview.png", &png)?;
        }
    }
    Ok(())
}

/// Write one file per article in each format asked for.
fn write_articles(opts: &Options, dir: &Path, articles: &[render::ArticleText]) -> Result<()> {
    for (i, a) in articles.iter().enumerate() {
        if opts.text {
            write(dir, &format!("article-{:02}.txt", i + 1), render::text::article(a).as_bytes())?;
        }
        if opts.markdown {
            let md = render::markdown::of_articles(std::slice::from_ref(a));
            write(dir, &format!("article-{:02}.md", i + 1), md.as_bytes())?;
        }
    }
    Ok(())
}

/// The summary of a page cleaned: its edits per rule, how many await review, and the
/// earlier decisions that no longer apply.
fn summary(relp: &str, cleaned: &Cleaned, articles: usize, proposed: Proposed) -> PageSummary {
    let mut edits: BTreeMap<String, usize> = BTreeMap::new();
    for e in cleaned.accepted_edits() {
        *edits.entry(e.rule().to_string()).or_default() += 1;
    }
    PageSummary {
        page: relp.to_string(),
        status: "cleaned".into(),
        error: None,
        articles,
        review_edits: cleaned.accepted_edits().filter(|e| e.applicability == crate::Applicability::Review).count(),
        pending: proposed.pending,
        edits,
        seconds: 0.0,
        decisions: proposed.note(),
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    crate::fsio::write_unsynced(&dir.join(name), bytes)
}
