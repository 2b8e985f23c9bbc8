//! What the pages of one issue share. The pages of one folder are one issue (a folder
//! holding a single page, `issue/p01/page.txt`, counts its parent): lines that stand at
//! the top or bottom of two or more of its pages are running heads on all of them, each
//! page has a label (its page number), and an article whose jump line sends it on to
//! another page is stitched with its continuation there, into a file named after both
//! pages and numbered within the issue (`p01+p02-01.txt`), so that a change in one issue
//! renames nothing in another.

use super::pages::{self, Found, Input};
use super::{progress_bar, Batch, Options};
use crate::error::Error;
use crate::render;
use crate::render::batch_index::{self, PageSummary};
use crate::shard::Shard;
use crate::structure::{self, KnownFurniture};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Which issue each page is of: the pages of one folder are one issue, and a folder
/// holding a single page counts its parent.
pub(super) struct Folders<'a> {
    scans: &'a Path,
    /// How many pages each folder holds.
    per_folder: HashMap<PathBuf, usize>,
}

impl<'a> Folders<'a> {
    pub(super) fn new(scans: &'a Path, pages: &[Input]) -> Folders<'a> {
        let mut per_folder: HashMap<PathBuf, usize> = HashMap::new();
        for Input { path: p, .. } in pages {
            *per_folder.entry(p.parent().map(Path::to_path_buf).unwrap_or_default()).or_default() += 1;
        }
        Folders { scans, per_folder }
    }

    /// The issue folder of the page at `p`.
    pub(super) fn of(&self, p: &Path) -> PathBuf {
        let parent = p.parent().map(Path::to_path_buf).unwrap_or_default();
        match (self.per_folder.get(&parent), parent.parent()) {
            (Some(1), Some(grand)) if grand.starts_with(self.scans) => grand.to_path_buf(),
            _ => parent,
        }
    }

    /// The issue of the page at `p` as `--shard` hashes it: its folder's path under
    /// SCANS, `/` between its parts on every platform (empty for SCANS itself).
    pub(super) fn key(&self, p: &Path) -> String {
        let issue = self.of(p);
        let rel = issue.strip_prefix(self.scans).unwrap_or(&issue);
        let parts: Vec<_> = rel.iter().map(|c| c.to_string_lossy()).collect();
        parts.join("/")
    }
}

/// Keep of what lies under SCANS only shard `shard`: the pages of its issues, and the
/// notes (scans skipped, files not read, folders that could not be walked) of the issue
/// they would belong to, so that every page and note is in one shard. Which issue a page
/// is of is learnt from all the pages, before any is dropped: a shard holds its issues
/// whole, and each of them as an unsharded run sees it.
pub(super) fn take_shard(scans: &Path, shard: Shard, found: &mut Found) {
    let folders = Folders::new(scans, &found.pages);
    let holds = |rel: &str| shard.holds(&folders.key(&scans.join(rel)));
    found.pages.retain(|p| shard.holds(&folders.key(&p.path)));
    found.skipped.retain(|s| holds(s));
    found.not_read.retain(|n| holds(&n.path));
    found.failures.retain(|f| holds(&f.page));
}

/// The issues of a batch: which issue each page is of, and the running heads of each.
pub(super) struct Issues<'a> {
    folders: Folders<'a>,
    /// Per issue, the edge lines seen on two or more of its pages.
    known: HashMap<PathBuf, KnownFurniture>,
    none: KnownFurniture,
}

impl<'a> Issues<'a> {
    /// The issues of `pages`, each page read once for the lines at its edges.
    pub(super) fn learn(batch: &'a Batch, pages: &[Input]) -> Issues<'a> {
        let folders = Folders::new(&batch.scans, pages);
        let mut counts: HashMap<PathBuf, HashMap<u64, usize>> = HashMap::new();
        for (p, keys) in pages.iter().zip(edges(batch, pages)) {
            let m = counts.entry(folders.of(&p.path)).or_default();
            for k in keys {
                *m.entry(k).or_default() += 1;
            }
        }
        let known = counts
            .into_iter()
            .map(|(f, m)| (f, m.into_iter().filter(|&(_, n)| n >= 2).map(|(k, _)| k).collect()))
            .collect();
        Issues { folders, known, none: KnownFurniture::new() }
    }

    /// The issue folder of the page at `p`.
    pub(super) fn of(&self, p: &Path) -> PathBuf {
        self.folders.of(p)
    }

    /// The running heads of `issue`.
    pub(super) fn furniture(&self, issue: &Path) -> &KnownFurniture {
        self.known.get(issue).unwrap_or(&self.none)
    }
}

/// The keys of each page's edge lines, deduplicated; a page that cannot be read has none.
/// Only the keys are kept, so memory stays that of the pages in flight, not of the whole
/// folder. Scans are read by tesseract here, the slow part of an --ocr batch, so it has
/// its own progress bar.
fn edges(batch: &Batch, pages: &[Input]) -> Vec<Vec<u64>> {
    let scans_to_read = pages.iter().filter(|p| p.ocr).count() as u64;
    let progress = if scans_to_read > 0 { progress_bar(scans_to_read, batch.opts.quiet) } else { None };
    if let Some(pb) = &progress {
        pb.set_message("tesseract");
    }
    let edges = batch.pool.install(|| {
        pages
            .par_iter()
            .map(|p| {
                let keys = match pages::read(batch, p) {
                    Ok((_, src)) => {
                        let mut k = structure::edge_keys(&src.text);
                        k.sort_unstable();
                        k.dedup();
                        k
                    }
                    Err(_) => Vec::new(),
                };
                if let (true, Some(pb)) = (p.ocr, &progress) {
                    pb.inc(1);
                }
                keys
            })
            .collect()
    });
    if let Some(pb) = progress {
        pb.finish_and_clear();
    }
    edges
}

/// A page's outcome: its summary, and its articles for stitching unless it failed.
pub(super) type Outcome = (PageSummary, Option<PageArticles>);

/// The articles of one page, kept for stitching across pages.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct PageArticles {
    /// Its issue's folder under SCANS.
    folder: String,
    /// The page's own label: the page number its running heads or its name give.
    label: Option<u32>,
    articles: Vec<render::ArticleText>,
}

impl PageArticles {
    /// The articles of the page `relp` of `issue` (both under SCANS) that matter for
    /// stitching: those that jump pages, and the first (a continuation whose jump line
    /// OCR may have lost). Nothing else is kept.
    pub(super) fn new(issue: &str, relp: &str, heads: &[String], articles: Vec<render::ArticleText>) -> PageArticles {
        PageArticles {
            folder: issue.to_string(),
            label: page_label(heads, &page_name(issue, relp)),
            articles: articles
                .into_iter()
                .enumerate()
                .filter(|(i, a)| *i == 0 || a.continues_on.is_some() || a.continued_from.is_some())
                .map(|(_, a)| a)
                .collect(),
        }
    }
}

/// The page's number: from a page label in its running heads (`A02`, `第2版`), else the
/// last number in its name (`p02`, see [`page_name`]).
fn page_label(heads: &[String], name: &str) -> Option<u32> {
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
    let digits: String =
        name.chars().rev().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).collect();
    digits.chars().rev().collect::<String>().parse().ok()
}

/// The number in a jump label (`A02`, `2`).
fn label_number(s: &str) -> Option<u32> {
    s.chars().filter(char::is_ascii_digit).collect::<String>().parse().ok()
}

/// The page `relp`'s name within its issue `folder` (both under SCANS): its stem
/// (`p01` for `issue/p01.txt`), or its folder's name when that holds just this page
/// (`p01` for `issue/p01/page.hocr`).
fn page_name(folder: &str, relp: &str) -> String {
    let dir = batch_index::page_dir(relp);
    let within = dir.strip_prefix(folder).unwrap_or(&dir);
    within.iter().next().unwrap_or(dir.as_os_str()).to_string_lossy().into_owned()
}

/// Join articles that jump from one page to another of the same issue: an article that
/// continues on page N, and on page N the article continued from this page. Written as
/// one file per stitched article beside the issue's pages, naming both and numbered
/// within the issue; stitched files an earlier run left there that this one did not
/// write go. The count is returned; what could not be written or removed is added to
/// `errors`, and the rest is still done.
pub(super) fn stitch(out: &Path, results: &[Outcome], opts: &Options, errors: &mut Vec<Error>) -> usize {
    let pages: Vec<(String, &PageArticles)> =
        results.iter().filter_map(|(s, a)| a.as_ref().map(|a| (page_name(&a.folder, &s.page), a))).collect();
    let mut per_issue: HashMap<&str, usize> = HashMap::new();
    let mut written = BTreeSet::new();
    for (from_name, from) in &pages {
        for a in &from.articles {
            let Some(target) = a.continues_on.as_deref().and_then(label_number) else { continue };
            let Some((to_name, to)) = pages.iter().find(|(_, p)| p.folder == from.folder && p.label == Some(target))
            else {
                continue;
            };
            let Some(rest) = continuation(from, to) else { continue };
            let n = per_issue.entry(&from.folder).or_default();
            *n += 1;
            let name = format!("{from_name}+{to_name}-{n:02}");
            let whole = joined(a, rest);
            written.extend(write_stitched(out, opts, &from.folder, &name, (from_name, to_name), &whole, errors));
        }
    }
    let folders: BTreeSet<&str> = pages.iter().map(|(_, p)| p.folder.as_str()).collect();
    for folder in folders {
        remove_stale(&out.join(folder), &written, errors);
    }
    per_issue.values().sum()
}

/// Remove the stitched files in the issue folder `dir` under OUT that are not among the
/// files just `written`: an earlier run's, of articles no longer stitched.
fn remove_stale(dir: &Path, written: &BTreeSet<PathBuf>, errors: &mut Vec<Error>) {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| regex::Regex::new(r"^.+\+.+-[0-9]{2,}\.(txt|md)$").expect("stitched file name"));
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        let stitched =
            entry.file_type().is_ok_and(|t| t.is_file()) && re.is_match(&entry.file_name().to_string_lossy());
        if stitched && !written.contains(&path) {
            if let Err(e) = std::fs::remove_file(&path) {
                errors.push(Error::io(path, e));
            }
        }
    }
}

/// On page `to`, the rest of an article that jumps there from page `from`: the article
/// that names `from`; or, when OCR lost its jump line, the page's first article, which
/// has no headline of its own.
fn continuation<'p>(from: &PageArticles, to: &'p PageArticles) -> Option<&'p render::ArticleText> {
    let named = to
        .articles
        .iter()
        .find(|b| b.continued_from.as_deref().and_then(label_number).is_some_and(|l| Some(l) == from.label));
    let unnamed = || {
        to.articles.first().filter(|b| b.headings.is_empty() && b.continued_from.is_none() && b.continues_on.is_none())
    };
    named.or_else(unnamed)
}

/// The article `a` with its `rest` from another page, as one article.
fn joined(a: &render::ArticleText, rest: &render::ArticleText) -> render::ArticleText {
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
    whole
}

/// Write the stitched article `whole` of the pages `names` as `name` in the issue
/// `folder` under OUT, in the article formats asked for (text when none is); the files
/// written are returned, and what could not be written is added to `errors`.
fn write_stitched(
    out: &Path,
    opts: &Options,
    folder: &str,
    name: &str,
    (from, to): (&str, &str),
    whole: &render::ArticleText,
    errors: &mut Vec<Error>,
) -> Vec<PathBuf> {
    let dir = out.join(folder);
    let mut files = Vec::new();
    if opts.markdown {
        let note = format!("<!-- pages: {from} and {to} -->\n");
        let md = format!("{note}\n{}", render::markdown::of_articles(std::slice::from_ref(whole)));
        files.push((dir.join(format!("{name}.md")), md));
    }
    if opts.text || !opts.markdown {
        let text = format!("[pages {from} and {to}]\n\n{}", render::text::article(whole));
        files.push((dir.join(format!("{name}.txt")), text));
    }
    let mut written = Vec::new();
    for (path, body) in files {
        match crate::fsio::write_unsynced(&path, body.as_bytes()) {
            Ok(()) => written.push(path),
            Err(e) => errors.push(e),
        }
    }
    written
}
