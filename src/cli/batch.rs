//! `newsmend batch`: a scan folder into an output folder.

use clap::ValueEnum;
use newsmend::error::{Error, Result};
use newsmend::render::batch_index::{count, Summary};
use std::path::PathBuf;
use std::process::ExitCode;

use super::RuleArgs;

#[derive(Debug, clap::Args)]
pub struct BatchArgs {
    /// The scan folder (one folder per issue). Only read. Each page stem is read from its
    /// richest file: hOCR, ALTO, OCR JSON (RapidOCR, PaddleOCR, Umi-OCR), then .txt; a
    /// page image beside it gives the report line crops and the page an overview.png.
    pub scans: PathBuf,
    /// The output folder; it keeps the scan folder's structure.
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// Worker threads (default: all cores).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Article files to write: text, markdown, or both (repeat the flag).
    #[arg(long, value_enum, default_values_t = vec![ArticleFormat::Text])]
    pub format: Vec<ArticleFormat>,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
    /// Write nothing; name each page that a run would clean (new or changed since OUT
    /// was written) or that has edits pending review, and exit 1 if there is any, 0 when
    /// OUT is up to date and reviewed (for CI).
    #[arg(long)]
    pub check: bool,
    /// Read page images that have no OCR text with the `tesseract` binary (hOCR; chi_sim,
    /// read again with chi_tra_vert or chi_sim_vert when a page is set in vertical
    /// columns); without it they are skipped with a note.
    #[arg(long)]
    pub ocr: bool,
    /// With --ocr: read the scans with this tesseract model and no other.
    #[arg(long, value_name = "LANG", requires = "ocr")]
    pub ocr_lang: Option<String>,
    /// Clean only shard I of N (1-based): the issues whose folder's path under SCANS
    /// hashes into it, so that N runs (a Slurm array, N machines) share the folder
    /// without talking to each other. Give each shard its own OUT.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ArticleFormat {
    Text,
    Markdown,
}

/// A fingerprint of the rules in force: the built-in files and the user's.
fn rules_fingerprint(files: &[PathBuf]) -> Result<u64> {
    let mut h = newsmend::hash::Fnv::default();
    for (name, text) in newsmend::rules::BUILTIN_FILES {
        h.feed(name.as_bytes()).feed(text.as_bytes());
    }
    h.feed(newsmend::rules::BUILTIN_VARIANTS.1.as_bytes());
    for f in files {
        h.feed(&std::fs::read(f).map_err(|e| Error::io(f, e))?);
    }
    Ok(h.finish())
}

pub fn run(args: &BatchArgs) -> Result<ExitCode> {
    let (engine, filter) = args.rules.engine()?;
    let opts = newsmend::batch::Options {
        scans: args.scans.clone(),
        out: args.output.clone(),
        jobs: args.jobs,
        text: args.format.contains(&ArticleFormat::Text),
        markdown: args.format.contains(&ArticleFormat::Markdown),
        quiet: args.quiet,
        filter,
        ocr: args.ocr,
        ocr_lang: args.ocr_lang.clone(),
        rules_fingerprint: rules_fingerprint(&args.rules.files)?,
        check: args.check,
        shard: args.shard.as_deref().map(newsmend::shard::Shard::parse).transpose()?,
    };
    let report = newsmend::batch::run(&engine, &opts)?;
    let summary = &report.summary;
    for f in &summary.failures {
        eprintln!("newsmend: {}: {}", f.page, f.error.as_deref().unwrap_or("failed"));
    }
    for e in &report.errors {
        eprintln!("newsmend: {e}");
    }
    // Named as `clean -o` names its OUT, by the file `status` takes.
    for p in &summary.page_list {
        if let Some(note) = &p.decisions {
            eprintln!("{}: {note}", p.page_file(&args.output).display());
        }
    }
    for s in &summary.skipped {
        eprintln!("newsmend: note: {s}: a scan without OCR text, skipped (batch --ocr reads it with tesseract)");
    }
    for n in &summary.not_read {
        eprintln!("newsmend: note: {}: {}", n.path, n.reason);
    }
    let to_do = if args.check { check_report(summary, args.quiet) } else { false };
    if !args.quiet && !args.check {
        eprintln!(
            "{}: {} cleaned, {} unchanged, {} failed; {}, {} stitched; {:.2} s",
            count(summary.pages, "page", "pages"),
            summary.cleaned,
            summary.unchanged,
            summary.failed,
            count(summary.articles, "article", "articles"),
            summary.stitched,
            summary.seconds
        );
    }
    if summary.failed > 0 || !report.errors.is_empty() {
        return Ok(ExitCode::from(2));
    }
    if to_do {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// Under `--check`: name each page a run would clean and each with edits pending
/// review, then count them (unless `quiet`); whether there is any.
fn check_report(summary: &Summary, quiet: bool) -> bool {
    let (mut to_clean, mut pending) = (0, 0);
    for p in &summary.page_list {
        match p.status.as_str() {
            "new" => eprintln!("{}: not cleaned yet", p.page),
            "changed" => {
                eprintln!(
                    "{}: changed since it was cleaned (its input, its scan, the rules, the options or newsmend)",
                    p.page
                )
            }
            _ if p.pending > 0 => eprintln!("{}: {} pending review", p.page, count(p.pending, "edit", "edits")),
            _ => {}
        }
        to_clean += usize::from(matches!(p.status.as_str(), "new" | "changed"));
        pending += p.pending;
    }
    if !quiet {
        eprintln!(
            "{}: {} to clean, {} up to date, {} failed; {} pending review",
            count(summary.pages, "page", "pages"),
            to_clean,
            summary.unchanged,
            summary.failed,
            count(pending, "edit", "edits"),
        );
    }
    to_clean > 0 || pending > 0
}
